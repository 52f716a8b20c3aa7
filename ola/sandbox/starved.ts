// verdicts follow the cpu limit, not the load. a run whose wall time ran out while it had less than
// half a core on average was starved by a busy machine (vms under tcg, other benches), not slow: the
// host runs it again with more wall time, and the pool does not kill a child that is waiting for a core.
import { readdirSync, readFileSync } from 'node:fs';
import type { RunLimits, RunResult } from '../core/contracts.ts';

/** tries of one run at most */
export const STARVED_TRIES = 3;
/** no try gets more than this many times the limit's wall time */
export const WALL_CEILING = 10;
/** below this share of a core, a run (or a child) is waiting for the machine, not working */
const STARVED_SHARE = 0.5;

/** the wall time for another try when `r` ran out of wall time while starved of cpu, else undefined */
export function starvedWall(r: Pick<RunResult, 'error' | 'cpuMs' | 'wallMs'>, limits: RunLimits, triedWallMs: number): number | undefined {
  if (r.error?.code !== 'OLA_ERR_SANDBOX_TIMEOUT' || !r.error.message.startsWith('wall time limit')) return undefined;
  if (!(r.cpuMs < limits.cpuMs) || !isStarved(r.cpuMs, r.wallMs)) return undefined;
  const ceiling = limits.wallMs * WALL_CEILING;
  if (triedWallMs >= ceiling) return undefined;
  // enough wall time, at the share of a core it got, to spend its whole cpu limit, with a margin
  const share = Math.max(r.cpuMs, 1) / r.wallMs;
  return Math.round(Math.min(ceiling, Math.max(2 * triedWallMs, (1.25 * limits.cpuMs) / share)));
}

export function isStarved(cpuMs: number, wallMs: number): boolean {
  return cpuMs < STARVED_SHARE * wallMs;
}

/** cpu time and time spent runnable but waiting for a core, summed over a process tree */
export interface Sched {
  cpuMs: number;
  waitMs: number;
}

/** the scheduler's counts for a process and all its descendants (/proc/PID/task/TID/schedstat); undefined when unreadable */
export function treeSched(pid: number): Sched | undefined {
  const out: Sched = { cpuMs: 0, waitMs: 0 };
  const stack = [pid];
  for (let seen = 0; stack.length > 0 && seen < 256; seen++) {
    const p = stack.pop()!;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      if (p === pid) return undefined;
      continue;
    }
    for (const tid of tids) {
      try {
        const [run, wait] = readFileSync(`/proc/${p}/task/${tid}/schedstat`, 'latin1').split(' ');
        out.cpuMs += Number(run) / 1e6;
        out.waitMs += Number(wait) / 1e6;
        for (const c of readFileSync(`/proc/${p}/task/${tid}/children`, 'latin1').split(' ')) if (c.trim()) stack.push(Number(c));
      } catch {
        // a thread gone meanwhile
      }
    }
  }
  return Number.isFinite(out.cpuMs) && Number.isFinite(out.waitMs) ? out : undefined;
}

/**
 * between two readings over `wallMs`: the tree wanted a core most of the time and got less than half of
 * one. a stopped, sleeping or hung child wants none, and a spinning one on a quiet machine gets it all
 */
export function waitedForCore(before: Sched, after: Sched, wallMs: number): boolean {
  const cpu = after.cpuMs - before.cpuMs;
  const wanted = cpu + (after.waitMs - before.waitMs);
  return isStarved(cpu, wallMs) && wanted >= STARVED_SHARE * wallMs;
}

/** of the time a tree wanted a core between two readings, the share it got (1 when it wanted none) */
export function gotShare(before: Sched, after: Sched): number {
  const cpu = after.cpuMs - before.cpuMs;
  const wanted = cpu + (after.waitMs - before.waitMs);
  return wanted > 0 ? Math.min(1, Math.max(0.01, cpu / wanted)) : 1;
}

// cpu time of a process and its descendants, read from /proc (linux): how the bench splits a
// job's cost between the lab, the workers (with their isolate hosts) and redis.
import { readdirSync, readFileSync } from 'node:fs';

/** clock ticks per second of /proc's utime and stime (USER_HZ, 100 on linux) */
const HZ = 100;

interface Proc {
  ppid: number;
  ticks: number;
}

function table(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // fields after the command name, which may hold spaces: state is [0], ppid [1], utime [11], stime [12]
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // exited while listed
    }
  }
  return out;
}

/** cpu ms of `root` and everything under it, leaving out the subtrees of `skip` */
export function treeCpuMs(root: number, skip: ReadonlySet<number> = new Set()): number {
  const procs = table();
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (skip.has(pid)) continue;
    ticks += procs.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / HZ;
}

/** the first child of `parent` running `command` (a server a helper started; redis rewrites its command line, not its name) */
export function childNamed(parent: number, command: string): number | undefined {
  for (const [pid, p] of table()) {
    if (p.ppid !== parent) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command) return pid;
    } catch {
      // exited while listed
    }
  }
  return undefined;
}

// reads that miss the page cache: before each side's pass the file's cached pages are written
// back and dropped (posix_fadvise DONTNEED, through coreutils' `dd iflag=nocache count=0`), so a
// plan is timed on the device's reads, not on syscalls served from memory. the plan and the
// naive plan (one read per request) take turns, each pass starting cold; a pass performs every
// batch of every window in the plan's order. the figure is bytes requested per second.
import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import { median } from '../shared/stats.ts';
import { ensureBackingFile } from './backing-file.ts';
import type { Plan } from './plan-check.ts';
import type { IoScenario } from './scenarios.ts';

export interface ColdFigures {
  /** MB of requests served per second, summed over scenarios (medians of the passes) */
  planMBs: number;
  naiveMBs: number;
  /** planMBs / naiveMBs */
  ratio: number;
  scenarios: number;
  passes: number;
}

/** drops the file's pages from the page cache; false when the host cannot (no dd) */
export function dropCache(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    // dirty pages are not dropped: write them back first
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    execFileSync('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** one pass of a plan's batch reads on the file, in its order; ms */
function pass(path: string, plan: Plan): number {
  let max = 0;
  for (const l of plan.batchLengths) max = Math.max(max, l);
  const buf = Buffer.allocUnsafe(max);
  const fd = openSync(path, 'r');
  try {
    const t0 = performance.now();
    for (let k = 0; k < plan.batchOffsets.length; k++) {
      const len = plan.batchLengths[k]!;
      for (let got = 0; got < len; ) {
        const n = readSync(fd, buf, got, len - got, plan.batchOffsets[k]! + got);
        if (n === 0) throw new Error(`short read in ${path}`);
        got += n;
      }
    }
    return performance.now() - t0;
  } finally {
    closeSync(fd);
  }
}

/** cold-cache throughput of each scenario's plan against the naive plan, same files, same passes */
export function coldThroughput(scenarios: IoScenario[], planOf: (s: IoScenario) => Plan, naiveOf: (s: IoScenario) => Plan, passes = 3): ColdFigures {
  let bytes = 0;
  let planMs = 0;
  let naiveMs = 0;
  for (const s of scenarios) {
    ensureBackingFile(s.truth);
    const plan = planOf(s);
    const naive = naiveOf(s);
    const p: number[] = [];
    const n: number[] = [];
    for (let i = 0; i < passes; i++) {
      // the side that goes first changes every pass
      const sides: [Plan, number[]][] = i % 2 === 0 ? [[plan, p], [naive, n]] : [[naive, n], [plan, p]];
      for (const [side, out] of sides) {
        if (!dropCache(s.truth.path)) throw new Error('the page cache cannot be dropped here (coreutils dd is missing)');
        out.push(pass(s.truth.path, side));
      }
    }
    for (const l of s.input.lengths) bytes += l;
    planMs += median(p);
    naiveMs += median(n);
  }
  const planMBs = bytes / 1e6 / (planMs / 1000);
  const naiveMBs = bytes / 1e6 / (naiveMs / 1000);
  return { planMBs, naiveMBs, ratio: planMBs / naiveMBs, scenarios: scenarios.length, passes };
}

// for the day-1 benchmark: perform one artifact's plan and the naive plan on a scenario's
// file several times, and hand back per-request latencies and throughput of both, per repeat.
import { checkPlan } from './plan-check.ts';
import { performOn, planCounts } from './judge.ts';
import type { IoScenario } from './scenarios.ts';

export interface SideRuns {
  /** decimal MB/s of requested bytes, one per repeat */
  throughputMbS: number[];
  /** per request completion latency (ms from its window's start), one array per repeat */
  latencyMs: Float64Array[];
}

export type CoalesceBench =
  | { ok: true; counts: Record<string, number>; plan: SideRuns; naive: SideRuns }
  | { ok: false; reason: string };

/** output is the driver's output for this scenario (run the artifact in the sandbox first) */
export function benchmarkCoalesce(scenario: IoScenario, output: unknown, repeats = 5): CoalesceBench {
  const checked = checkPlan(scenario.input, output);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const counts = planCounts(scenario.input, checked.plan);
  const bytes = counts.bytes_requested!;
  const plan: SideRuns = { throughputMbS: [], latencyMs: [] };
  const naive: SideRuns = { throughputMbS: [], latencyMs: [] };
  try {
    for (let k = 0; k < repeats; k++) {
      // alternate which side leads each window, repeat to repeat
      const r = performOn(scenario, checked.plan, k % 2 === 0);
      if (r.mismatch) return { ok: false, reason: r.mismatch };
      plan.throughputMbS.push(bytes / Math.max(r.plan.totalMs, 1e-6) / 1000);
      naive.throughputMbS.push(bytes / Math.max(r.naive.totalMs, 1e-6) / 1000);
      plan.latencyMs.push(r.plan.latencyMs);
      naive.latencyMs.push(r.naive.latencyMs);
    }
  } catch (err) {
    return { ok: false, reason: `backing file: ${(err as Error).message}` };
  }
  return { ok: true, counts, plan, naive };
}

// io.coalesce references computed on the host: the naive plan (one read per request) and an
// offline sort-and-merge plan per window, whose gap threshold is chosen per scenario in
// hindsight (the one of a ladder with the best utility the judge would give). both are
// scored by the niche's own judge, which performs them on the real file.
import type { NicheJudge, ScenarioScore } from '../../core/contracts.ts';
import { planCounts } from '../../niches/io.coalesce/judge.ts';
import type { Plan } from '../../niches/io.coalesce/plan-check.ts';
import type { IoInput, IoScenario } from '../../niches/io.coalesce/scenarios.ts';

/** gap thresholds tried (bytes); the gate allows a read amplification up to 2 */
export const GAPS = [0, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576];
const MAX_AMPLIFICATION = 2;

function toPlan(offsets: number[], lengths: number[], serve: Int32Array, ends: number[], method: string): Plan {
  return {
    batchOffsets: Float64Array.from(offsets),
    batchLengths: Int32Array.from(lengths),
    serve,
    windowBatchEnds: Int32Array.from(ends),
    problem: '',
    method,
  };
}

export function naivePlan(input: IoInput): Plan {
  const n = input.offsets.length;
  const serve = Int32Array.from({ length: n }, (_, i) => i);
  return toPlan(Array.from(input.offsets), Array.from(input.lengths), serve, Array.from(input.windowEnds), 'naive');
}

/**
 * per window: requests sorted by offset join the open batch while the hole before them is at
 * most `gap` bytes (an overlap always joins) and the batch stays within maxReadBytes
 */
export function sortMergePlan(input: IoInput, gap: number): Plan {
  const n = input.offsets.length;
  const offs: number[] = [];
  const lens: number[] = [];
  const ends: number[] = [];
  const serve = new Int32Array(n);
  let from = 0;
  for (const to of input.windowEnds) {
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => input.offsets[a]! - input.offsets[b]! || input.lengths[b]! - input.lengths[a]!);
    let start = -1;
    let end = -1;
    for (const i of order) {
      const s = input.offsets[i]!;
      const e = s + input.lengths[i]!;
      if (start >= 0 && s - end <= gap && Math.max(end, e) - start <= input.maxReadBytes) end = Math.max(end, e);
      else {
        if (start >= 0) offs.push(start), lens.push(end - start);
        start = s;
        end = e;
      }
      serve[i] = offs.length;
    }
    offs.push(start);
    lens.push(end - start);
    ends.push(offs.length);
    from = to;
  }
  return toPlan(offs, lens, serve, ends, `sort-merge-gap-${gap}`);
}

/** the gap with the best utility on this scenario, amplification within the gate's bound */
export function bestGapPlan(input: IoInput, utility: (metrics: Record<string, number>) => number): { plan: Plan; gap: number } {
  let best: { plan: Plan; gap: number; u: number } | undefined;
  for (const gap of GAPS) {
    const plan = sortMergePlan(input, gap);
    const c = planCounts(input, plan);
    if (c.read_amplification! > MAX_AMPLIFICATION) continue;
    const u = utility(c);
    if (!best || u > best.u) best = { plan, gap, u };
  }
  return best ?? { plan: sortMergePlan(input, 0), gap: 0 };
}

/** the judge's verdict on a host plan, as if the driver had returned it */
export function judgePlans(judge: NicheJudge<unknown, unknown>, scenarios: IoScenario[], plan: (s: IoScenario) => Plan): ScenarioScore[] {
  return scenarios.map((s) => judge.judge(s, plan(s), { cpuMs: NaN, wallMs: NaN }));
}

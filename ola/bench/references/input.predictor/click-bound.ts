// how far click intent (f1) can go on these synthetic scenarios. an oracle knows each scenario's
// plan: the motion kind, exactly when the pointer stopped and when it will stop next, the buttons so
// far. it does not know the roll that decides, once the pointer arrives, whether the user clicks,
// drags or only looks, nor the press's delay: no predictor can, since nothing before the press
// depends on them. it learns P(press in (t, t + horizon] | what it knows) as a table on one set of
// seeds, picks the threshold with the best f1 there, and is scored on another set.
import { rng } from '../../../niches/shared/rng.ts';
import { makePlan, type Plan } from '../../../niches/input.predictor/plan.ts';
import { DURATION_MS, KINDS, synthetic, TIMINGS, type PointerScenario } from '../../../niches/input.predictor/scenarios.ts';
import { clickScores } from '../../../niches/input.predictor/judge.ts';

const BIN_MS = 10;
const LONG_MS = 600;

/** the plan synthetic() drew for this seed (same stream, same order) */
function planOf(seed: number, kind: (typeof KINDS)[number]): Plan {
  const r = rng(seed);
  const horizonMs = r.int(50, 101);
  return makePlan(kind, r, DURATION_MS + 2 * horizonMs + 1000);
}

/** times the pointer comes to rest (a still segment right after a stroke) */
function stops(plan: Plan): number[] {
  const segs = plan.trajectory.segments;
  const out: number[] = [];
  for (let i = 1; i < segs.length; i++) if (!segs[i]!.move && segs[i - 1]!.move) out.push(segs[i]!.t0);
  return out;
}

const bin = (ms: number) => (ms >= LONG_MS ? 'long' : String(Math.floor(ms / BIN_MS)));

/** the oracle's view of every query of one scenario: a key per query, and whether a press came */
function views(s: PointerScenario, plan: Plan, kind: string): { key: string; press: number }[] {
  const { t, buttons, horizonMs, every } = s.input;
  const st = stops(plan);
  const out: { key: string; press: number }[] = [];
  let si = 0;
  let lastPress = -Infinity;
  let lastRelease = -Infinity;
  let prev = 0;
  let i = 0;
  const m = Math.floor(t.length / every);
  for (let k = 0; k < m; k++) {
    const q = (k + 1) * every - 1;
    for (; i <= q; i++) {
      const b = buttons[i]!;
      if (b & ~prev) lastPress = t[i]!;
      if (prev && !b) lastRelease = t[i]!;
      prev = b;
    }
    const now = t[q]!;
    for (; si < st.length && st[si]! <= now; si++);
    const lastStop = si > 0 ? st[si - 1]! : -Infinity;
    const nextStop = si < st.length ? st[si]! : Infinity;
    const h = horizonMs < 75 ? 'h50' : 'h75';
    let state: string;
    if (prev) state = `down:${bin(now - lastPress)}`;
    else if (lastPress > lastStop) state = `after:${bin(now - lastRelease)}`;
    else if (plan.trajectory.moving(now)) state = `moving:${bin(nextStop - now)}`;
    else state = `rest:${bin(now - lastStop)}`;
    out.push({ key: `${kind}|${h}|${state}`, press: s.truth.press[k]! });
  }
  return out;
}

function viewsOf(seeds: number[]): { key: string; press: number }[] {
  const out: { key: string; press: number }[] = [];
  for (const seed of seeds) {
    const kind = KINDS[seed % KINDS.length]!;
    const timing = TIMINGS[(seed >>> 2) % TIMINGS.length]!;
    for (const v of views(synthetic(seed, kind, timing, false), planOf(seed, kind), kind)) out.push(v);
  }
  return out;
}

export const planOfForTest = planOf;

export interface ClickBound {
  f1: number;
  precision: number;
  recall: number;
  threshold: number;
  trainScenarios: number;
  testScenarios: number;
  queries: number;
}

/** the oracle's f1 on `test` seeds, its table and threshold learned on `train` seeds */
export function clickBound(train: number[], test: number[]): ClickBound {
  const table = new Map<string, [number, number]>();
  const seen = viewsOf(train);
  for (const v of seen) {
    const c = table.get(v.key) ?? [0, 0];
    c[0] += v.press;
    c[1] += 1;
    table.set(v.key, c);
  }
  const p = (key: string) => {
    const c = table.get(key);
    return c ? c[0] / c[1] : 0;
  };
  // the threshold with the best f1 on the training queries
  let best = { f1: -1, threshold: 0.5 };
  for (let th = 0.05; th < 0.96; th += 0.025) {
    let tp = 0, fp = 0, fn = 0;
    for (const v of seen) {
      const yes = p(v.key) >= th;
      if (yes && v.press) tp++;
      else if (yes) fp++;
      else if (v.press) fn++;
    }
    const f1 = clickScores(tp, fp, fn).f1;
    if (f1 > best.f1) best = { f1, threshold: th };
  }
  let tp = 0, fp = 0, fn = 0;
  const judged = viewsOf(test);
  for (const v of judged) {
    const yes = p(v.key) >= best.threshold;
    if (yes && v.press) tp++;
    else if (yes) fp++;
    else if (v.press) fn++;
  }
  const s = clickScores(tp, fp, fn);
  return { f1: s.f1, precision: s.precision, recall: s.recall, threshold: best.threshold, trainScenarios: train.length, testScenarios: test.length, queries: judged.length };
}

/** the bench's figure: 240 scenarios to learn from, 80 others to score, every kind and timing */
export function defaultClickBound(): ClickBound {
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  return clickBound(range(10_000, 240), range(50_000, 80));
}

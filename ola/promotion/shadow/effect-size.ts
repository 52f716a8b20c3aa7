// cliff's delta: P(x > y) - P(x < y), in [-1, 1]. it is the rank-biserial correlation
// (2u / (n1 n2) - 1, glass 1965) under another name, so the report carries one number.
// its confidence interval is cliff's (1993) asymmetric one, from his consistent variance
// estimate floored at (1 - d^2) / (n1 n2 - 1); all of it from one o(n log n) ranking.
import { normalQuantile } from './normal.ts';
import { rankSamples, type Ranked } from './ranks.ts';

export type Magnitude = 'negligible' | 'small' | 'medium' | 'large';

export interface EffectSize {
  /** P(x > y) - P(x < y) */
  delta: number;
  /** the confidence interval of delta at `confidence` */
  low: number;
  high: number;
  confidence: number;
  /** the standard error of delta */
  se: number;
  /** romano et al. (2006): |d| < 0.147 negligible, < 0.33 small, < 0.474 medium */
  magnitude: Magnitude;
}

export function magnitude(delta: number): Magnitude {
  const a = Math.abs(delta);
  return a < 0.147 ? 'negligible' : a < 0.33 ? 'small' : a < 0.474 ? 'medium' : 'large';
}

/** cliff's asymmetric interval for a delta with standard error se; clamped to [-1, 1] */
export function cliffInterval(delta: number, se: number, confidence: number): { low: number; high: number } {
  if (!(se > 0)) return { low: delta, high: delta };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const d2 = delta * delta;
  const zs2 = z * z * se * se;
  const spread = z * se * Math.sqrt((1 - d2) ** 2 + zs2);
  const den = 1 - d2 + zs2;
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  return { low: clamp((delta - delta * d2 - spread) / den), high: clamp((delta - delta * d2 + spread) / den) };
}

/** the variance of delta (cliff's consistent estimate with its floor) */
export function deltaVariance(r: Ranked, delta: number): number {
  const { n1, n2 } = r;
  const pairs = n1 * n2;
  if (pairs < 2) return 1; // one pair says nothing about the spread: the interval is [-1, 1]
  const floor = (1 - delta * delta) / (pairs - 1);
  if (n1 < 2 || n2 < 2) return floor;
  const rows = r.rowSumSq - n1 * delta * delta; // sum (d_i. - d)^2
  const cols = r.colSumSq - n2 * delta * delta; // sum (d_.j - d)^2
  const cells = pairs - r.tiedPairs - pairs * delta * delta; // sum (d_ij - d)^2, d_ij^2 = 1 unless tied
  const v = (n2 * n2 * rows + n1 * n1 * cols - cells) / (pairs * (n1 - 1) * (n2 - 1));
  return Math.max(v, floor);
}

/** cliff's delta of ranked samples (see rankSamples) */
export function cliffsDeltaRanked(r: Ranked, confidence = 0.95): EffectSize {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const u = r.rankSumX - (r.n1 * (r.n1 + 1)) / 2;
  // clamp away rounding past the bounds
  const delta = Math.max(-1, Math.min(1, (2 * u) / (r.n1 * r.n2) - 1));
  const se = Math.sqrt(deltaVariance(r, delta));
  const ci = r.n1 * r.n2 < 2 ? { low: -1, high: 1 } : cliffInterval(delta, se, confidence);
  return { delta, ...ci, confidence, se, magnitude: magnitude(delta) };
}

export function cliffsDelta(x: ArrayLike<number>, y: ArrayLike<number>, confidence = 0.95): EffectSize {
  return cliffsDeltaRanked(rankSamples(x, y), confidence);
}

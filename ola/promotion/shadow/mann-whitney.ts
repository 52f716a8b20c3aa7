// the mann-whitney u test (wilcoxon rank-sum) of two independent samples.
// exact null distribution when neither sample reaches EXACT_BELOW values and no value is
// tied (as r's wilcox.test); otherwise the normal approximation with the tie correction
// of the variance and a continuity correction of 0.5.
import { normalCdf, normalSf } from './normal.ts';
import { rankSamples, type Ranked } from './ranks.ts';

/** 'greater': x tends to be larger than y; 'less': smaller */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** exact p-values while both samples have fewer values than this (and no ties) */
export const EXACT_BELOW = 50;
/** the exact method costs ~(n1 n2)^2 / 4 steps: refused past this many pairs when asked for */
export const EXACT_MAX_PAIRS = 10_000;

export interface MannWhitneyOptions {
  alternative?: Alternative;
  /** 'auto' (default): exact below EXACT_BELOW without ties, else normal */
  method?: 'auto' | 'exact' | 'normal';
  /** continuity correction of the normal approximation (default true) */
  continuity?: boolean;
}

export interface MannWhitneyResult {
  /** u of x: the x-y pairs with x > y, ties counted half */
  u: number;
  /** u of y: n1 n2 - u */
  uY: number;
  n1: number;
  n2: number;
  /** u standardised (tie- and continuity-corrected); 0 when every value is tied */
  z: number;
  /** the p-value for the alternative asked */
  p: number;
  /** p-values for each alternative, from the same method */
  tails: Record<Alternative, number>;
  alternative: Alternative;
  method: 'exact' | 'normal';
  ties: boolean;
}

/**
 * p(u = k) for k = 0..n1 n2 with no ties. the largest pooled value is an x with chance
 * n1 / (n1 + n2), and then beats all n2 y's: p[m][n](k) = m/(m+n) p[m-1][n](k-n) +
 * n/(m+n) p[m][n-1](k). only sums of positive terms, so the tails keep their precision.
 */
export function exactDistribution(n1: number, n2: number): Float64Array {
  let prev: Float64Array[] = Array.from({ length: n2 + 1 }, () => Float64Array.of(1));
  for (let m = 1; m <= n1; m++) {
    const cur: Float64Array[] = [Float64Array.of(1)];
    for (let n = 1; n <= n2; n++) {
      const out = new Float64Array(m * n + 1);
      const a = prev[n]!; // m-1, n: support 0..(m-1)n
      const b = cur[n - 1]!; // m, n-1: support 0..m(n-1)
      const wa = m / (m + n);
      const wb = n / (m + n);
      for (let k = 0; k < out.length; k++) {
        const fromA = k >= n && k - n < a.length ? a[k - n]! : 0;
        const fromB = k < b.length ? b[k]! : 0;
        out[k] = wa * fromA + wb * fromB;
      }
      cur.push(out);
    }
    prev = cur;
  }
  return prev[n2]!;
}

function exactTails(u: number, n1: number, n2: number): Record<Alternative, number> {
  const dist = exactDistribution(n1, n2);
  let lower = 0; // p(U <= u)
  let upper = 0; // p(U >= u)
  for (let k = 0; k < dist.length; k++) {
    if (k <= u) lower += dist[k]!;
    if (k >= u) upper += dist[k]!;
  }
  lower = Math.min(1, lower);
  upper = Math.min(1, upper);
  return { less: lower, greater: upper, 'two-sided': Math.min(1, 2 * Math.min(lower, upper)) };
}

function normalTails(u: number, r: Ranked, continuity: boolean): { tails: Record<Alternative, number>; z: Record<Alternative, number> } {
  const { n1, n2 } = r;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = n > 1 ? ((n1 * n2) / 12) * (n + 1 - r.tieTerm / (n * (n - 1))) : 0;
  if (!(variance > 0)) {
    // every value tied (or one value in all): no evidence either way
    return { tails: { less: 1, greater: 1, 'two-sided': 1 }, z: { less: 0, greater: 0, 'two-sided': 0 } };
  }
  const sd = Math.sqrt(variance);
  const d = u - mean;
  const c = continuity ? 0.5 : 0;
  const zTwo = (d - Math.sign(d) * Math.min(c, Math.abs(d))) / sd;
  const zGreater = (d - c) / sd;
  const zLess = (d + c) / sd;
  return {
    tails: { less: Math.min(1, normalCdf(zLess)), greater: Math.min(1, normalSf(zGreater)), 'two-sided': Math.min(1, 2 * normalSf(Math.abs(zTwo))) },
    z: { less: zLess, greater: zGreater, 'two-sided': zTwo },
  };
}

/** the test on already ranked samples (see rankSamples) */
export function mannWhitneyRanked(r: Ranked, opts: MannWhitneyOptions = {}): MannWhitneyResult {
  const alternative = opts.alternative ?? 'two-sided';
  const { n1, n2 } = r;
  const u = r.rankSumX - (n1 * (n1 + 1)) / 2;
  const ties = r.tieTerm > 0;
  const wanted = opts.method ?? 'auto';
  if (wanted === 'exact' && ties) throw new RangeError('the exact distribution assumes no ties: use the normal method');
  if (wanted === 'exact' && n1 * n2 > EXACT_MAX_PAIRS) throw new RangeError(`the exact distribution of ${n1} x ${n2} values is too costly: use the normal method`);
  const method = wanted === 'auto' ? (!ties && n1 < EXACT_BELOW && n2 < EXACT_BELOW ? 'exact' : 'normal') : wanted;
  const normal = normalTails(u, r, opts.continuity ?? true);
  const tails = method === 'exact' ? exactTails(u, n1, n2) : normal.tails;
  return { u, uY: n1 * n2 - u, n1, n2, z: normal.z[alternative], p: tails[alternative], tails, alternative, method, ties };
}

/** two samples of finite numbers, each with at least one value (else a RangeError) */
export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>, opts: MannWhitneyOptions = {}): MannWhitneyResult {
  return mannWhitneyRanked(rankSamples(x, y), opts);
}

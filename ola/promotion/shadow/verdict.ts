// the verdict of a shadow report: the candidate's per-event values against the incumbent's
// under a niche's thresholds (data). hard limits first (mismatches where outputs must be
// exact, more crashes, absolute bounds), then a non-inferiority reading of cliff's delta and
// the mann-whitney test. rules and reasons: docs/shadow.md.
import type { ShadowThresholds } from '../../core/contracts.ts';
import { cliffsDeltaRanked, type Magnitude } from './effect-size.ts';
import { mannWhitneyRanked } from './mann-whitney.ts';
import { rankSamples } from './ranks.ts';
import { finiteValues, summarize, type SideInput, type SideSummary } from './summary.ts';

export type VerdictKind = 'pass' | 'marginal' | 'fail' | 'insufficient';

export interface ShadowVerdict {
  verdict: VerdictKind;
  /** the confidence level the tests and the interval were read at */
  confidence: number;
  /** two-sided mann-whitney p; null when there was too little data to test */
  p: number | null;
  test: { u: number; z: number; method: 'exact' | 'normal'; ties: boolean; pWorse: number; pBetter: number } | null;
  /** cliff's delta oriented so that positive means the candidate is better, with its interval */
  effectSize: { delta: number; low: number; high: number; se: number; magnitude: Magnitude } | null;
  metric: ShadowThresholds['metric'];
  candidate: SideSummary;
  incumbent: SideSummary;
  reasons: string[];
}

const fmt = (v: number | null, digits = 3) => (v === null ? '-' : Number(v.toPrecision(digits)).toString());
const pct = (v: number) => `${fmt(v * 100)}%`;

/** reasons to fail that no amount of data can outweigh */
function hardFailures(c: SideSummary, i: SideSummary, t: ShadowThresholds): string[] {
  const out: string[] = [];
  if (t.maxMismatchRate !== undefined && c.mismatchRate > t.maxMismatchRate) {
    out.push(`mismatches: ${c.mismatches} of ${c.events} events (${pct(c.mismatchRate)}) where outputs must match, over ${pct(t.maxMismatchRate)} allowed`);
  }
  if (c.crashRate - i.crashRate > t.maxCrashRateIncrease) {
    out.push(`crashes: ${c.crashes} of ${c.events} events (${pct(c.crashRate)}) against the incumbent's ${pct(i.crashRate)}, over the +${pct(t.maxCrashRateIncrease)} allowed`);
  }
  if (c.samples >= t.minEvents) {
    for (const l of t.limits ?? []) {
      const v = c[l.stat];
      const ok = v !== null && (l.op === '<=' ? v <= l.value : v >= l.value);
      if (!ok) out.push(`${t.metric.name} ${l.stat} ${fmt(v)} ${t.metric.unit}, limit ${l.op} ${l.value}`);
    }
  }
  return out;
}

export function shadowVerdict(candidate: SideInput, incumbent: SideInput, t: ShadowThresholds): ShadowVerdict {
  const cv = finiteValues(candidate.values);
  const iv = finiteValues(incumbent.values);
  const c = summarize(candidate, cv);
  const i = summarize(incumbent, iv);
  const base = { confidence: t.confidence, metric: t.metric, candidate: c, incumbent: i };
  const hard = hardFailures(c, i, t);
  const invalid = c.invalid > 0 ? [`${c.invalid} candidate values were not finite numbers and were left out`] : [];

  if (c.samples < t.minEvents || i.samples < t.minEvents) {
    const short = `too few values to compare: candidate ${c.samples}, incumbent ${i.samples}, ${t.minEvents} needed on each side`;
    if (hard.length > 0) return { ...base, verdict: 'fail', p: null, test: null, effectSize: null, reasons: [...hard, short, ...invalid] };
    return { ...base, verdict: 'insufficient', p: null, test: null, effectSize: null, reasons: [short, ...invalid] };
  }

  const ranked = rankSamples(cv, iv);
  const mw = mannWhitneyRanked(ranked);
  const es = cliffsDeltaRanked(ranked, t.confidence);
  // raw delta is P(c > i) - P(c < i); flip it where lower values are better
  const lower = t.metric.better === 'lower';
  const gain = lower ? -es.delta : es.delta;
  const low = lower ? -es.high : es.low;
  const high = lower ? -es.low : es.high;
  const pWorse = lower ? mw.tails.greater : mw.tails.less;
  const pBetter = lower ? mw.tails.less : mw.tails.greater;
  const alpha = 1 - t.confidence;
  const tol = t.toleratedEffect;

  const m = t.metric;
  const medians = `median ${m.name} ${fmt(c.median)} ${m.unit} against the incumbent's ${fmt(i.median)} (${c.samples} and ${i.samples} events)`;
  const effect = `cliff's delta ${fmt(gain, 2)} (${es.magnitude}; ${Math.round(t.confidence * 100)}% interval ${fmt(low, 2)} to ${fmt(high, 2)}; positive is better)`;
  const reasons: string[] = [...hard];
  let verdict: VerdictKind;
  if (pWorse < alpha && gain < -tol) {
    verdict = 'fail';
    reasons.push(`worse: ${medians}; ${effect} beyond the tolerated ${tol}; p ${fmt(pWorse, 2)} < ${fmt(alpha, 2)}`);
  } else if (hard.length > 0) {
    verdict = 'fail';
  } else if (low > -tol) {
    verdict = 'pass';
    const how = pBetter < alpha ? `better (p ${fmt(pBetter, 2)})` : gain < 0 ? `not worse by more than ${tol}` : `not worse`;
    reasons.push(`${how}: ${medians}; ${effect}`);
  } else {
    verdict = 'marginal';
    const why =
      pWorse < alpha
        ? `worse, within the tolerated ${tol}, but the interval reaches past it`
        : gain < -tol
          ? `worse beyond the tolerated ${tol}, not significantly (p ${fmt(pWorse, 2)})`
          : `the interval reaches past the tolerated ${tol}: more events would settle it`;
    reasons.push(`${why}: ${medians}; ${effect}`);
  }
  return {
    ...base,
    verdict,
    p: mw.p,
    test: { u: mw.u, z: mw.z, method: mw.method, ties: mw.ties, pWorse, pBetter },
    effectSize: { delta: gain, low, high, se: es.se, magnitude: es.magnitude },
    reasons: [...reasons, ...invalid],
  };
}

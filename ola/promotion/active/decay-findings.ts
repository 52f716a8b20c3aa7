// what the decay review finds about one niche's active capability, with the evidence: unused (no
// use of it for a whole window) or outperformed (a newer artifact passed its shadow stage against
// it, or passed with a better mean than its own shadow report). pure, so each rule is testable.
import type { ArtifactRecord, ShadowBrief } from '../../core/contracts.ts';

export type DecayKind = 'unused' | 'outperformed';

export interface UnusedEvidence {
  /** how long without a use makes it unused */
  windowMs: number;
  /** uses of it the lab saw since `observedSince` (failed ones among them) */
  uses: number;
  failed: number;
  lastUse: string | null;
  activeSince: string;
  /** since when the review has watched its uses: its activation, or the lab's start */
  observedSince: string;
  /** time within the watch the lab was not running: not counted as unused */
  downMs: number;
}

/** a newer artifact whose shadow report beats the active one */
export interface Rival {
  artifactId: string;
  verdict: ShadowBrief['verdict'];
  /** the incumbent its shadow ran against (null: the niche's baseline) */
  against: string | null;
  p: number | null;
  /** cliff's delta, positive: the rival was better than what it ran against */
  delta: number | null;
  metric: string;
  /** which way the metric is better */
  direction: 'lower' | 'higher';
  /** significantly better than what it ran against (a pass is also given to one no worse) */
  better: boolean;
  mean: number | null;
  /** the mean of what it ran against */
  incumbentMean: number | null;
  /** the active artifact's own mean in its shadow report */
  activeMean: number | null;
  decidedAt: string | null;
  /** where the rival stands (needs_approval: waiting for an operator at active) */
  promotion: string | null;
}

export interface DecayFinding {
  niche: string;
  kind: DecayKind;
  /** the active artifact it is about */
  artifactId: string;
  why: string;
  unused?: UnusedEvidence;
  rivals?: Rival[];
}

export interface UseTally {
  uses: number;
  failed: number;
  /** ms of the last use, if any */
  last?: number;
  /** ms since when uses were counted */
  from: number;
  /** ms the lab was not running since `from`, and since the last use (kept across restarts) */
  downMs: number;
  downSinceLastMs: number;
  /** the active artifact the uses were of (set by a review; a restart keeps the tally only for it) */
  artifactId?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** a span in plain words: 90 s, 10 min, 2 h */
export function span(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** unused: watched for a whole window of the lab's running time and not used in it */
export function unusedFinding(niche: string, active: { artifactId: string; since: string }, tally: UseTally, now: number, windowMs: number): DecayFinding | undefined {
  const observed = Math.max(Date.parse(active.since), tally.from);
  // time the lab was down is not watched time
  const downMs = observed === tally.from ? tally.downMs : 0;
  // not watched for a whole window yet: nothing can be said
  if (now - observed - downMs < windowMs) return undefined;
  if (tally.last !== undefined && now - tally.last - tally.downSinceLastMs < windowMs) return undefined;
  const lastUse = tally.last === undefined ? null : iso(tally.last);
  const seen = lastUse ? `its last use was at ${lastUse}` : `the lab has not used it since ${iso(observed)}`;
  const down = downMs > 0 ? `; the lab was down for ${span(downMs)} of it, not counted` : '';
  return {
    niche,
    kind: 'unused',
    artifactId: active.artifactId,
    why: `unused: no use of ${active.artifactId} in the last ${span(windowMs)} (${seen}; ${tally.uses} uses seen since ${iso(observed)}${down})`,
    unused: { windowMs, uses: tally.uses, failed: tally.failed, lastUse, activeSince: active.since, observedSince: iso(observed), downMs },
  };
}

const num = (v: number | null) => (v === null ? '-' : v.toPrecision(3));
const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** better with the report's confidence: delta on the better side and the one-sided p (half the two-sided) below alpha */
function significant(b: ShadowBrief): boolean {
  return isNum(b.delta) && b.delta > 0 && isNum(b.p) && b.p / 2 < 1 - b.confidence;
}

/** promotion states that rule a rival out: an operator refused or killed it, or it was active and rolled back */
const SPENT = new Set(['killed', 'rejected', 'rolled_back']);

/**
 * outperformed: newer artifacts of the niche whose shadow verdict is pass, either against this
 * active artifact or (against another incumbent) with a better mean than its own shadow report
 */
export function outperformedFinding(active: ArtifactRecord, candidates: readonly ArtifactRecord[], better: 'lower' | 'higher'): DecayFinding | undefined {
  const own = active.stages?.shadow?.shadow;
  const activeMean = isNum(own?.candidateMean) ? own.candidateMean : null;
  const beats = (m: number) => activeMean !== null && (better === 'lower' ? m < activeMean : m > activeMean);
  const rivals: Rival[] = [];
  for (const a of candidates) {
    const b = a.stages?.shadow?.shadow;
    if (a.id === active.id || a.niche !== active.niche || a.createdAt <= active.createdAt) continue;
    if (!b || a.stages?.shadow?.status !== 'passed' || b.verdict !== 'pass' || SPENT.has(a.promotion?.state ?? '')) continue;
    const against = b.incumbent.artifactId;
    const sameMetric = !own || own.metric === b.metric;
    if (against !== active.id && !(sameMetric && isNum(b.candidateMean) && beats(b.candidateMean))) continue;
    rivals.push({
      artifactId: a.id,
      verdict: b.verdict,
      against,
      p: b.p,
      delta: b.delta,
      metric: b.metric,
      direction: better,
      better: significant(b),
      mean: b.candidateMean,
      incumbentMean: b.incumbentMean,
      activeMean,
      decidedAt: a.stages?.shadow?.decidedAt ?? null,
      promotion: a.promotion?.state ?? null,
    });
  }
  if (rivals.length === 0) return undefined;
  const says = rivals.map((r) =>
    r.against === active.id
      ? `${r.artifactId} passed its shadow stage against it, ${r.better ? 'better' : 'no worse'} (p ${num(r.p)}, delta ${num(r.delta)}; mean ${r.metric} ${num(r.mean)} against ${num(r.incumbentMean)}, ${r.direction} is better)`
      : `${r.artifactId} passed its shadow stage against ${r.against ?? 'the baseline'} with a better mean ${r.metric} than ${active.id}'s own shadow report (${num(r.mean)} against ${num(activeMean)}, ${r.direction} is better)`,
  );
  return { niche: active.niche, kind: 'outperformed', artifactId: active.id, why: `outperformed: ${says.join('; ')}`, rivals };
}

/** what makes two reviews' findings the same: the kinds and artifacts named, not the counts or times */
export function findingsKey(findings: readonly DecayFinding[]): string {
  return findings
    .map((f) => `${f.kind}:${f.artifactId}${f.rivals ? `<${f.rivals.map((r) => r.artifactId).sort().join(',')}` : ''}`)
    .sort()
    .join('|');
}

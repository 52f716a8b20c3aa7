// how the stages view words a shadow report and an active capability (pure, tested).
import type { RollbackView } from '../../../shared/api/lab-types.ts';
import { fmtNum } from '../../../shared/lib/format.ts';
import type { EffectSize, Incumbent, ShadowVerdict } from '../api/get-shadow-report.ts';

/** the css class a verdict is drawn in: marginal is neither a pass nor a fail */
export function verdictClass(v: ShadowVerdict): 'pass' | 'fail' | 'warn' {
  if (v === 'pass') return 'pass';
  return v === 'marginal' ? 'warn' : 'fail';
}

/** a p-value: tiny ones as a bound, the rest to 3 significant digits */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 1e-4) return '< 0.0001';
  return String(Number(p.toPrecision(3)));
}

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(2)}`;

/** cliff's delta with its interval and magnitude: "+0.12 [−0.05, +0.30] at 95%, small" */
export function fmtDelta(e: EffectSize | null | undefined, confidence?: number): string {
  if (!e) return '–';
  const at = confidence === undefined ? '' : ` at ${Math.round(confidence * 100)}%`;
  return `${signed(e.delta)} [${signed(e.low)}, ${signed(e.high)}]${at}, ${e.magnitude}`;
}

/** whom the candidate ran beside */
export function incumbentLabel(i: Incumbent): string {
  return i.kind === 'baseline' || !i.artifactId ? 'the baseline' : `active ${i.artifactId}`;
}

/** a side's mean of the niche's metric, with its unit */
export function fmtMean(v: number | null | undefined, unit: string): string {
  const n = fmtNum(v, 4);
  return n === '–' || !unit ? n : `${n} ${unit}`;
}

/** the rollback handle: what a rollback would put back */
export function handleLabel(previous: string | null): string {
  return previous ?? 'built-in fallback';
}

export function fmtStability(s: number): string {
  return `${Math.round(s * 100)}%`;
}

/** one rollback: "manual by alice, a_… → built-in fallback: why" */
export function rollbackLine(r: RollbackView): string {
  const how = r.retired ? 'retired' : r.automatic ? 'automatic' : 'manual';
  return `${how} by ${r.by}, ${r.from} → ${handleLabel(r.to)}: ${r.why}`;
}

/** is the promotion state one where shadow mode is running for the artifact */
export function isShadowing(p: { state: string; stage: string }): boolean {
  return p.state === 'running' && p.stage === 'shadow';
}

// what one side of a shadow comparison did: events, crashes, mismatches and its values.
// an empty side has null statistics, never NaN.
import { quantile } from '../../niches/shared/stats.ts';

export interface SideInput {
  /** the per-event metric values (events that produced a comparable output) */
  values: ArrayLike<number>;
  /** events the side was fed */
  events: number;
  crashes: number;
  /** outputs that differed from what had to match exactly */
  mismatches: number;
}

export interface SideSummary {
  events: number;
  /** values compared (finite ones) */
  samples: number;
  /** values dropped as not finite */
  invalid: number;
  crashes: number;
  crashRate: number;
  mismatches: number;
  mismatchRate: number;
  mean: number | null;
  median: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export function finiteValues(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  return Float64Array.from(out);
}

const rate = (k: number, n: number) => (n > 0 ? Math.min(1, k / n) : 0);

export function summarize(side: SideInput, finite: Float64Array = finiteValues(side.values)): SideSummary {
  const sorted = Float64Array.from(finite).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const stat = (f: () => number) => (n > 0 ? f() : null);
  const events = Math.max(side.events, n);
  return {
    events,
    samples: n,
    invalid: side.values.length - n,
    crashes: side.crashes,
    crashRate: rate(side.crashes, events),
    mismatches: side.mismatches,
    mismatchRate: rate(side.mismatches, events),
    mean: stat(() => sum / n),
    median: stat(() => quantile(sorted, 0.5)),
    p95: stat(() => quantile(sorted, 0.95)),
    min: stat(() => sorted[0]!),
    max: stat(() => sorted[n - 1]!),
  };
}

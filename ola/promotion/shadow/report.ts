// a shadow report: what a candidate did on a niche's live events beside the incumbent (the
// active artifact, else the baseline), scientist-style counts, durations, crashes, a bounded
// sample of mismatches, and the statistical verdict. the zod schema is the api's shape.
import { z } from 'zod';
import type { ShadowThresholds } from '../../core/contracts.ts';
import { quantile } from '../../niches/shared/stats.ts';
import { MAX_MISMATCH_SAMPLES, type MismatchSample } from './mismatch-sample.ts';
import type { SideInput } from './summary.ts';
import { shadowVerdict } from './verdict.ts';

const count = z.number().int().min(0);
const stat = z.number().nullable();

export const SideSummarySchema = z.object({
  events: count,
  samples: count.describe('values compared'),
  invalid: count.describe('values left out as not finite'),
  crashes: count,
  crashRate: z.number().min(0).max(1),
  mismatches: count,
  mismatchRate: z.number().min(0).max(1),
  mean: stat,
  median: stat,
  p95: stat,
  min: stat,
  max: stat,
});

export const ShadowVerdictSchema = z.object({
  verdict: z.enum(['pass', 'marginal', 'fail', 'insufficient']),
  confidence: z.number().gt(0).lt(1),
  p: z.number().min(0).max(1).nullable().describe('two-sided mann-whitney p; null with too few values'),
  test: z
    .object({
      u: z.number(),
      z: z.number(),
      method: z.enum(['exact', 'normal']),
      ties: z.boolean(),
      pWorse: z.number().min(0).max(1),
      pBetter: z.number().min(0).max(1),
    })
    .nullable(),
  effectSize: z
    .object({
      delta: z.number().min(-1).max(1).describe("cliff's delta, positive: the candidate is better"),
      low: z.number().min(-1).max(1),
      high: z.number().min(-1).max(1),
      se: z.number().min(0),
      magnitude: z.enum(['negligible', 'small', 'medium', 'large']),
    })
    .nullable(),
  metric: z.object({ name: z.string(), better: z.enum(['lower', 'higher']), unit: z.string(), what: z.string() }),
  candidate: SideSummarySchema,
  incumbent: SideSummarySchema,
  reasons: z.array(z.string()),
});

const DurationSchema = z.object({ count, meanMs: stat, p50Ms: stat, p95Ms: stat, maxMs: stat });

export const MismatchSampleSchema = z.object({
  at: z.string(),
  event: z.string(),
  candidate: z.string(),
  incumbent: z.string(),
  truth: z.string().optional(),
  detail: z.string().optional(),
});

export const ShadowReportSchema = z.object({
  niche: z.string(),
  candidate: z.object({ artifactId: z.string() }),
  incumbent: z.object({
    artifactId: z.string().nullable().describe('null: the niche baseline'),
    kind: z.enum(['active', 'baseline']),
  }),
  startedAt: z.string(),
  endedAt: z.string(),
  counts: z.object({
    events: count.describe('live events fed to both'),
    matched: count.describe('candidate output equal to the incumbent (by the niche comparator)'),
    mismatched: count,
    ignored: count.describe('events left out of the comparison (no ground truth yet, unknowable)'),
  }),
  durations: z.object({ candidate: DurationSchema, incumbent: DurationSchema }),
  crashes: z.object({ candidate: count, incumbent: count, last: z.string().optional().describe("the candidate's last crash") }),
  mismatches: z.array(MismatchSampleSchema).max(MAX_MISMATCH_SAMPLES).describe('a uniform sample of the mismatches'),
  mismatchesSeen: count,
  verdict: ShadowVerdictSchema,
});

export type ShadowReport = z.infer<typeof ShadowReportSchema>;
export type DurationSummary = z.infer<typeof DurationSchema>;

export function durationSummary(ms: readonly number[]): DurationSummary {
  const sorted = Float64Array.from(ms.filter((v) => Number.isFinite(v) && v >= 0)).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, meanMs: null, p50Ms: null, p95Ms: null, maxMs: null };
  return { count: n, meanMs: sorted.reduce((a, b) => a + b, 0) / n, p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), maxMs: sorted[n - 1]! };
}

export interface ShadowRun {
  niche: string;
  candidate: { artifactId: string };
  incumbent: { artifactId: string | null; kind: 'active' | 'baseline' };
  startedAt: string;
  endedAt: string;
  counts: { events: number; matched: number; mismatched: number; ignored: number };
  /** per-event durations of each side, ms */
  durations: { candidate: readonly number[]; incumbent: readonly number[] };
  /** per-event metric values against ground truth, with each side's crashes and exactness mismatches */
  candidateSide: SideInput;
  incumbentSide: SideInput;
  lastCrash?: string;
  mismatches: MismatchSample[];
  mismatchesSeen: number;
}

/** the report of a finished (or paused) shadow run, its verdict under the niche's thresholds */
export function shadowReport(run: ShadowRun, thresholds: ShadowThresholds): ShadowReport {
  const report: ShadowReport = {
    niche: run.niche,
    candidate: run.candidate,
    incumbent: run.incumbent,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    counts: run.counts,
    durations: { candidate: durationSummary(run.durations.candidate), incumbent: durationSummary(run.durations.incumbent) },
    crashes: { candidate: run.candidateSide.crashes, incumbent: run.incumbentSide.crashes },
    mismatches: run.mismatches.slice(0, MAX_MISMATCH_SAMPLES),
    mismatchesSeen: run.mismatchesSeen,
    verdict: shadowVerdict(run.candidateSide, run.incumbentSide, thresholds),
  };
  if (run.lastCrash !== undefined) report.crashes.last = run.lastCrash.slice(0, 400);
  return report;
}

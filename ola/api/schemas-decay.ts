// zod schemas of the decay review: GET /capabilities/review and POST /capabilities/:niche/retire.
import { z } from 'zod';
import { RollbackAnswer } from './schemas-ui.ts';

const UnusedEvidence = z.object({
  windowMs: z.number().describe('how long without a use makes it unused'),
  uses: z.number().int().describe('uses of it the lab saw since observedSince'),
  failed: z.number().int(),
  lastUse: z.string().nullable(),
  activeSince: z.string(),
  observedSince: z.string().describe('since when its uses were watched: its activation, or the first lab start that watched it'),
  downMs: z.number().describe('time within the watch the lab was not running: not counted as unused'),
});

const Rival = z.object({
  artifactId: z.string(),
  verdict: z.enum(['pass', 'marginal', 'fail', 'insufficient']),
  against: z.string().nullable().describe('the incumbent its shadow ran against (null: the baseline)'),
  p: z.number().nullable(),
  delta: z.number().nullable().describe("cliff's delta, positive: better than what it ran against"),
  metric: z.string(),
  direction: z.enum(['lower', 'higher']).describe('which way the metric is better'),
  better: z.boolean().describe('significantly better than what it ran against (a pass is also given to one no worse)'),
  mean: z.number().nullable(),
  incumbentMean: z.number().nullable(),
  activeMean: z.number().nullable().describe("the active artifact's own mean in its shadow report"),
  decidedAt: z.string().nullable(),
  promotion: z.string().nullable(),
});

export const DecayFindingView = z.object({
  niche: z.string(),
  kind: z.enum(['unused', 'outperformed']),
  artifactId: z.string().describe('the active artifact it is about'),
  why: z.string(),
  unused: UnusedEvidence.optional(),
  rivals: z.array(Rival).optional().describe('newer artifacts whose shadow verdict beats it'),
});

export const DecayReviewAnswer = z.object({
  at: z.string(),
  unusedAfterMs: z.number(),
  niches: z.array(
    z.object({
      niche: z.string(),
      active: z.string().nullable().describe('null: the built-in fallback'),
      since: z.string().nullable(),
      uses: z.number().int(),
      lastUse: z.string().nullable(),
      findings: z.array(DecayFindingView),
      why: z.string(),
      seq: z.number().int().nullable().describe('the decay_reviewed event that holds these findings'),
    }),
  ),
  findings: z.array(DecayFindingView),
});

export const DecayReviewQuery = z.object({
  now: z.enum(['0', '1']).optional().describe('1: run a review now rather than answer the latest'),
});

export const RetireBody = z
  .object({
    reason: z.string().max(2000).regex(/\S/, 'a reason: recorded with the retirement').describe('why; recorded with the retirement'),
    expect: z.string().max(64).optional().describe('the artifact meant to be retired: a 409 when another one is active by then'),
  })
  .strict();

export const RetireAnswer = RollbackAnswer.extend({
  retired: z.literal(true),
  evidence: z.object({ reviewedAt: z.string(), findings: z.array(DecayFindingView).describe("the review's findings about it when it was retired") }),
});

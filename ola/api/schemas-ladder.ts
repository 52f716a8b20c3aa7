// schemas of the stage ladder's answers: rungs, where artifacts stand, evidence per stage.
import { z } from 'zod';
import { PROMOTION_STATES, STAGES } from '../core/vocabulary.ts';
import { ArtifactView, GateDecision, ScoreView } from './schemas.ts';

export const StageStatusView = z.object({
  stage: z.enum(STAGES),
  what: z.string(),
  needsApproval: z.boolean(),
  runner: z.boolean().describe('the lab has a runner for this rung'),
  available: z.boolean(),
  reason: z.string().optional().describe('why the rung is not available on this host'),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('what the runner runs on'),
  checkedAt: z.string(),
  waiting: z.number().describe('artifacts waiting to enter this rung'),
});

export const StagesView = z.object({ stages: z.array(StageStatusView) });

export const PromotionViewSchema = z.object({
  state: z.enum(PROMOTION_STATES),
  stage: z.enum(STAGES).describe('the rung it waits at, runs at, or failed at'),
  why: z.string(),
  at: z.string(),
});

export const StageEvidenceView = z.object({
  stage: z.enum(STAGES),
  status: z.enum(['running', 'passed', 'failed']),
  startedAt: z.string(),
  decidedAt: z.string().optional(),
  tokenNonce: z.string().optional(),
  runner: z.record(z.string(), z.unknown()).optional(),
  score: ScoreView.optional(),
  heldOut: ScoreView.optional(),
  fuzzed: ScoreView.extend({ seeds: z.array(z.number().int()) }).optional().describe('scenarios from seeds drawn at random for this climb'),
  gate: GateDecision.optional(),
  reasons: z.array(z.string()),
});

export const LadderEntry = z.object({
  id: z.string(),
  niche: z.string(),
  proposer: z.string(),
  utility: z.number().nullable(),
  stage: z.enum(STAGES).describe('the highest rung it passed'),
  promotion: PromotionViewSchema,
  nextGate: z.enum(STAGES).nullable().describe('the gate it must pass next (null when failed or at the top)'),
  stages: z.array(z.object({ stage: z.enum(STAGES), status: z.enum(['running', 'passed', 'failed']), reasons: z.array(z.string()) })),
});

export const PromotionStatusQuery = z.object({
  state: z
    .string()
    .max(256)
    .optional()
    .describe(`comma-separated states to list (${PROMOTION_STATES.join(', ')}); default: all but held`),
  niche: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const PromotionStatusView = z.object({
  counts: z.record(z.string(), z.number()).describe('artifacts per promotion state'),
  engine: z.object({ enabled: z.boolean(), pending: z.number() }),
  artifacts: z.array(LadderEntry),
});

/** an artifact with its evidence per rung and where it stands on the ladder */
export const ArtifactLadderView = ArtifactView.extend({
  stages: z.partialRecord(z.enum(STAGES), StageEvidenceView).describe('evidence per rung (isolate included): runs scored, gate decision with reasons, token spent'),
  promotion: PromotionViewSchema.nullable().describe('where it stands on the ladder and why (null: never on it, e.g. failed its first gate)'),
});

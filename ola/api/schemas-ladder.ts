// schemas of the stage ladder's answers: rungs, where artifacts stand, evidence per stage.
import { z } from 'zod';
import { PROMOTION_STATES, STAGES, VERDICTS } from '../core/vocabulary.ts';
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

export const ShadowBriefView = z
  .object({
    verdict: z.enum(['pass', 'marginal', 'fail', 'insufficient']),
    confidence: z.number(),
    p: z.number().nullable().describe('two-sided mann-whitney p'),
    delta: z.number().nullable().describe("cliff's delta, positive: the candidate is better"),
    counts: z.object({ events: z.number().int(), matched: z.number().int(), mismatched: z.number().int(), ignored: z.number().int() }),
    incumbent: z.object({ artifactId: z.string().nullable(), kind: z.enum(['active', 'baseline']) }),
    crashes: z.object({ candidate: z.number().int(), incumbent: z.number().int() }),
    candidateMean: z.number().nullable(),
    incumbentMean: z.number().nullable(),
    metric: z.string(),
    reasons: z.array(z.string()),
  })
  .describe('the shadow report in brief (GET /artifacts/{id}/shadow has it whole)');

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
  shadow: ShadowBriefView.optional(),
  reasons: z.array(z.string()),
});

const ScoreBrief = z.object({ utility: z.number(), crashes: z.number(), runs: z.number(), metrics: z.record(z.string(), z.number()) });

export const DecisionEvidenceView = z
  .object({
    stage: z.enum(STAGES).describe('the rung whose evidence it is: vm before shadow, shadow before active'),
    status: z.enum(['running', 'passed', 'failed', 'missing']),
    decidedAt: z.string().optional(),
    runner: z.record(z.string(), z.unknown()).optional().describe('what the runner ran on'),
    tokenNonce: z.string().optional(),
    public: ScoreBrief.optional(),
    heldOut: ScoreBrief.optional(),
    fuzzed: z.object({ utility: z.number(), crashes: z.number(), runs: z.number(), seeds: z.array(z.number().int()) }).optional(),
    gate: z.object({ pass: z.boolean(), reasons: z.array(z.string()), why: z.string().optional() }).optional(),
    shadow: ShadowBriefView.optional().describe('before an approval into active: the shadow verdict'),
    event: z.object({ seq: z.number().int(), hash: z.string() }).optional().describe('the registry event that recorded that rung (set when a decision is recorded)'),
  })
  .describe('the evidence an operator weighs before letting an artifact into a rung');

export const DecisionView = z.object({
  stage: z.enum(STAGES).describe('the rung decided'),
  verdict: z.enum(VERDICTS),
  operator: z.string().describe('the operator by name (OLA_OPERATOR_TOKENS); never the token'),
  reason: z.string(),
  at: z.string(),
  seq: z.number().int().describe('the registry event holding the decision'),
  evidence: DecisionEvidenceView,
});

export const LadderEntry = z.object({
  id: z.string(),
  niche: z.string(),
  proposer: z.string(),
  utility: z.number().nullable(),
  stage: z.enum(STAGES).describe('the highest rung it passed'),
  promotion: PromotionViewSchema,
  nextGate: z.enum(STAGES).nullable().describe('the gate it must pass next (null when failed or at the top)'),
  stages: z.array(
    z.object({ stage: z.enum(STAGES), status: z.enum(['running', 'passed', 'failed']), reasons: z.array(z.string()), why: z.string().optional().describe("the rung's gate decision in plain language") }),
  ),
  evidence: DecisionEvidenceView.optional().describe('waiting for an operator: the rung below, as a decision records it'),
  decisions: z.array(DecisionView.omit({ evidence: true })).describe("operators' decisions so far"),
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
  decisions: z.partialRecord(z.enum(STAGES), DecisionView).describe("operators' decisions by the rung they gate: who, when, why, the evidence seen"),
});

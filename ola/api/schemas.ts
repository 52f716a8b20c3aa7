// zod schemas for every request and response; exported to openapi at /docs.
import { z } from 'zod';
import { ERROR_CODES } from '../core/errors.ts';
import { EVENT_TYPES, LANGUAGES, PROPOSAL_STATES, STAGES } from '../core/vocabulary.ts';

const MAX_META_BYTES = 16 * 1024;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
      message: z.string(),
      detail: z.record(z.string(), z.unknown()).describe('detail.field names the request field, when there is one'),
    }),
  })
  .describe('an error: { code, message, detail } (docs/errors.md)');

export const ProposalBody = z
  .object({
    niche: z.string().min(1).max(64),
    source: z.string().min(1).describe('one es module; js or ts; the validator rejects over 64 KB'),
    language: z.enum(LANGUAGES),
    proposer: z.string().min(1).max(64).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ - _ only').optional(),
    meta: z
      .record(z.string(), z.unknown())
      .refine((m) => JSON.stringify(m).length <= MAX_META_BYTES, `meta must stay under ${MAX_META_BYTES} bytes of json`)
      .optional(),
    parents: z.array(z.string().regex(/^a_[0-9A-Z]{26}$/, 'an artifact id')).max(16).optional(),
  })
  .strict();

export const ProposalAccepted = z.object({ id: z.string(), status: z.literal('proposed'), href: z.string() });

export const ProposalIdParams = z.object({ id: z.string().regex(/^p_[0-9A-Z]{26}$/, 'a proposal id (p_ + 26 characters)') });
export const ArtifactIdParams = z.object({ id: z.string().regex(/^a_[0-9A-Z]{26}$/, 'an artifact id (a_ + 26 characters)') });
export const NicheIdParams = z.object({ id: z.string().min(1).max(64) });

const Rejection = z.object({
  code: z.string(),
  rule: z.string(),
  message: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
});

export const ProposalView = z.object({
  id: z.string(),
  niche: z.string(),
  status: z.enum(PROPOSAL_STATES),
  proposer: z.string(),
  language: z.enum(LANGUAGES),
  sourceSha256: z.string(),
  artifactId: z.string().optional(),
  parents: z.array(z.string()),
  meta: z.record(z.string(), z.unknown()),
  steps: z.array(
    z.object({ state: z.enum(PROPOSAL_STATES), at: z.string(), ms: z.number().optional(), result: z.record(z.string(), z.unknown()).optional() }),
  ),
  reasons: z.array(Rejection),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const ScenarioScore = z.object({
  scenarioId: z.string(),
  ok: z.boolean(),
  reason: z.string().optional(),
  metrics: z.record(z.string(), z.number()),
  labels: z.record(z.string(), z.string()).optional(),
});

export const ScoreView = z.object({
  utility: z.number(),
  stability: z.number(),
  efficiency: z.number(),
  crashes: z.number(),
  runs: z.number(),
  metrics: z.record(z.string(), z.number()),
  labels: z.record(z.string(), z.string()),
  scenarios: z.array(ScenarioScore),
  harnessHash: z.string(),
  scenariosHash: z.string(),
});

const Threshold = z.object({ metric: z.string(), op: z.enum(['<=', '>=', '<', '>', '==']), value: z.number() });
const StageGate = z.object({
  maxCrashes: z.number(),
  minUtility: z.number(),
  minEfficiency: z.number(),
  thresholds: z.array(Threshold),
  tokenTtlSeconds: z.number(),
});

export const GateDecision = z.object({
  stage: z.enum(STAGES),
  pass: z.boolean(),
  reasons: z.array(z.string()),
  why: z.string().optional().describe('the decision in plain language: what was met, or what was not'),
  gate: StageGate,
  next: z.enum(STAGES).optional(),
});

const TokenView = z.object({ from: z.string(), to: z.enum(STAGES), token: z.string(), expiresAt: z.string(), nonce: z.string() });

export const ArtifactSummary = z.object({
  id: z.string(),
  proposalId: z.string(),
  niche: z.string(),
  sha256: z.string(),
  stage: z.enum(STAGES),
  proposer: z.string(),
  parents: z.array(z.string()),
  utility: z.number().nullable(),
  passed: z.boolean(),
  createdAt: z.string(),
});

export const ArtifactView = ArtifactSummary.extend({
  source: z.string().nullable(),
  score: ScoreView.optional(),
  heldOut: ScoreView.optional(),
  gate: GateDecision.optional(),
  tokens: z.array(TokenView),
});

export const ArtifactQuery = z.object({
  niche: z.string().max(64).optional(),
  stage: z.enum(STAGES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const NicheSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  event: z.string(),
  headline: z.object({ metric: z.string(), better: z.enum(['lower', 'higher']), unit: z.string() }),
  scenarios: z.object({ public: z.number(), heldOut: z.number() }),
  best: ArtifactSummary.nullable(),
});

export const NicheView = NicheSummary.extend({
  interfaceText: z.string(),
  requiredExports: z.array(z.string()),
  publicScenarios: z.array(z.object({ id: z.string(), kind: z.string(), seed: z.number() })),
  gates: z.record(z.string(), StageGate),
  baseline: z.string(),
});

const KNOWN_EVENTS = new Set<string>(EVENT_TYPES);

export const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).optional().describe('replay events after this seq (the last-event-id header wins)'),
  types: z
    .string()
    .max(1024)
    .optional()
    .superRefine((v, ctx) => {
      const unknown = (v ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '' && !KNOWN_EVENTS.has(t));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown event types: ${unknown.join(', ')} (known: ${EVENT_TYPES.join(', ')})` });
    })
    .describe('comma-separated event types to keep'),
});

/** sent by eventsource clients on reconnect; resumes after that seq */
export const EventsHeaders = z.looseObject({
  'last-event-id': z.string().regex(/^\d+$/, 'a registry seq (a non-negative integer)').optional(),
});

export const SenseQuery = z.object({
  hz: z.coerce
    .number()
    .min(0.1)
    .max(10)
    .default(1)
    .describe('how often the stream looks for a new snapshot; it sends each snapshot once, so it never sends faster than the senses sidecar samples (senses.intervalMs, 1 s by default)'),
});

export const SenseSnapshotView = z.object({
  available: z.boolean(),
  reason: z.string().optional(),
  seq: z.number().optional(),
  ts: z.string().optional(),
  intervalMs: z.number().optional(),
  feeds: z.record(z.string(), z.unknown()).optional(),
  internalClock: z
    .object({
      source: z.enum(['active', 'fallback']).describe('active: the active clock artifact; fallback: the built-in (last host sample carried by the monotonic clock)'),
      artifactId: z.string().nullable(),
      wallMs: z.number().describe("the lab's internal clock reading, ms since the epoch"),
      hostWallMs: z.number().describe("the host's wall clock read beside it"),
      errorMs: z.number(),
      at: z.string(),
    })
    .optional()
    .describe("the lab's internal clock beside the host's"),
});

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number(),
  pending: z.number(),
  registry: z.object({
    events: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }).describe('the last event: its seq and chain hash (the genesis hash when empty)'),
    storage: z.string().describe("the lab's storage folder, absolute (ola registry verify checks it)"),
  }),
  sandbox: z.object({ stage: z.string(), available: z.boolean(), reason: z.string().optional() }).describe('the first rung, where proposals are judged'),
  stages: z
    .array(z.object({ stage: z.enum(STAGES), available: z.boolean(), reason: z.string().optional() }))
    .describe('every rung of the ladder on this host (GET /stages has more)'),
  senses: z.object({ running: z.boolean() }),
});

export const OlaRunBody = z
  .object({
    niche: z.string().min(1).max(64),
    proposer: z.enum(['evolve', 'llm']).default('evolve'),
    seed: z.number().int().min(0).max(2 ** 31).optional(),
    budget: z.object({ evaluations: z.number().int().min(1).max(1_000_000), seconds: z.number().positive().max(7 * 24 * 3600).optional() }).strict(),
    islands: z.number().int().min(1).max(32).optional(),
    batch: z.number().int().min(1).max(256).optional(),
    migrateEvery: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export const OlaRunIdParams = z.object({ id: z.string().regex(/^r_[0-9A-Z]{26}$/, 'an ola run id (r_ + 26 characters)') });

const Best = z.object({ id: z.string(), fitness: z.number(), headline: z.number() });
const Generation = z.object({
  generation: z.number(),
  evaluations: z.number(),
  passed: z.number(),
  best: Best.optional(),
  archive: z.number(),
  elapsedS: z.number(),
});

export const OlaRunView = z.object({
  id: z.string(),
  niche: z.string(),
  proposer: z.enum(['evolve', 'llm']),
  state: z.enum(['running', 'done', 'stopped', 'failed']),
  options: z.object({
    niche: z.string(),
    seed: z.number(),
    budget: z.object({ evaluations: z.number(), seconds: z.number().optional() }),
    islands: z.number(),
    batch: z.number(),
    migrateEvery: z.number(),
  }),
  evaluations: z.number(),
  generations: z.array(Generation),
  baseline: z.number().optional(),
  summary: z
    .object({
      runId: z.string(),
      niche: z.string(),
      proposer: z.string(),
      evaluations: z.number(),
      generations: z.number(),
      baseline: z.number().optional(),
      baselineFitness: z.number().optional(),
      best: Best.optional(),
      improved: z.boolean(),
      stopped: z.enum(['budget', 'time', 'stopped', 'exhausted']),
      elapsedS: z.number(),
      evalsPerSecond: z.number(),
    })
    .optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});

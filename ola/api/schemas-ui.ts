// zod schemas of the endpoints the observer dashboard added (graph, registry export and verify).
import { z } from 'zod';
import { LAB_ACTIONS, STAGES } from '../core/vocabulary.ts';

export const CapabilitiesQuery = z.object({
  niche: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(300).describe('newest artifacts to include (incumbents always are)'),
});

export const GraphNode = z.object({
  id: z.string(),
  kind: z.enum(['niche', 'capability', 'artifact']),
  label: z.string(),
  niche: z.string(),
  stage: z.enum(STAGES).optional(),
  utility: z.number().nullable().optional(),
  passed: z.boolean().optional(),
  incumbent: z.boolean().optional(),
  active: z.boolean().optional().describe('the capability the lab uses for its niche now'),
  proposer: z.string().optional(),
  createdAt: z.string().optional(),
});

export const GraphEdge = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z
    .enum(['lineage', 'seed', 'provides', 'stage', 'rollback'])
    .describe(
      'lineage: parent to child; seed: niche to a root artifact; provides: the best artifact at a rung (at active: the active one) to that capability; stage: a capability to the same one a rung up; rollback: an active artifact to its rollback handle',
    ),
});

export const ActiveCapabilityView = z.object({
  niche: z.string(),
  artifactId: z.string().nullable().describe('null: the lab uses its built-in fallback'),
  since: z.string().nullable(),
  previous: z.string().nullable().describe('the rollback handle: what was active before (null: the fallback)'),
  why: z.string(),
  stability: z.number().min(0).max(1).describe('share of the recent uses that worked (1 with none)'),
  rollbacks: z.array(
    z.object({
      from: z.string(),
      to: z.string().nullable(),
      automatic: z.boolean(),
      by: z.string(),
      why: z.string(),
      at: z.string(),
      seq: z.number().int(),
      retired: z.boolean().optional().describe("an operator retired it after the decay review (the event keeps the review's evidence)"),
    }),
  ),
});

export const CapabilityGraph = z.object({
  head: z.number().describe('registry head when the graph was read: follow /events?after=head for changes'),
  truncated: z.boolean(),
  active: z.array(ActiveCapabilityView).describe('per niche: what the lab uses now, its rollback handle and its rollbacks'),
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
});

export const RegistryVerifyBody = z.object({ full: z.boolean().default(false).describe('verify every signature, not only the head (slower)') }).strict();

export const RegistryVerifyReport = z.object({
  ok: z.boolean(),
  events: z.number().describe('events read'),
  firstBadSeq: z.number().optional().describe('the first sequence number that does not check out'),
  problem: z.string().optional(),
  ms: z.number(),
  full: z.boolean(),
  checkedAt: z.string(),
});

export const RegistryStats = z.object({
  events: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }),
  byType: z.record(z.string(), z.number()),
  publicKey: z.string().describe('the lab public key (ed25519, spki pem) that signs the chain'),
});

export const RegistryExportQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('export the events after this sequence number'),
});

export const EvolutionGeneration = z.object({
  generation: z.number(),
  evaluated: z.number().describe('children scored in this generation'),
  passed: z.number(),
  best: z.number().nullable().describe('best utility among this generation'),
  median: z.number().nullable().describe('median utility among this generation'),
  bestSoFar: z.number().nullable(),
});

export const EvolutionProgress = z.object({
  runId: z.string(),
  niche: z.string(),
  state: z.string(),
  baseline: z.number().nullable().describe("the seed's utility"),
  generations: z.array(EvolutionGeneration),
  archive: z.object({
    axes: z.object({ x: z.string(), y: z.string(), xBins: z.number(), yBins: z.number() }),
    cells: z.array(z.object({ island: z.number(), x: z.number(), y: z.number(), fitness: z.number(), artifactId: z.string() })),
  }),
  best: z
    .object({ id: z.string(), fitness: z.number(), lineage: z.array(z.string()).describe('the best artifact, then its first parent, and so on (at most 32)') })
    .nullable(),
});

export const FramebufferQuery = z.object({
  artifact: z.string().regex(/^a_[0-9A-Z]{26}$/, 'an artifact id (a_ + 26 characters)').optional().describe('a gui.fb artifact whose loop to replay; default: the active one, else the best one (the built-in fallback)'),
  fps: z.coerce.number().int().min(1).max(30).default(20),
});

export const FramebufferInfo = z.object({
  available: z.boolean(),
  artifactId: z.string().nullable(),
  source: z.enum(['active', 'fallback', 'requested']).optional().describe('who draws: the active gui.fb artifact, the best one (the built-in fallback), or the one asked for'),
  reason: z.string().optional(),
  fps: z.number(),
  loopFrames: z.number(),
  protocol: z.string(),
});

/** what a viewer may send over the framebuffer socket: its pointer, in framebuffer pixels */
export const FramebufferPointerMessage = z.strictObject({
  type: z.literal('pointer'),
  x: z.number().int().min(0).max(639).describe('framebuffer column, 0..639'),
  y: z.number().int().min(0).max(479).describe('framebuffer row, 0..479'),
  buttons: z.number().int().min(0).max(7).default(0).describe('button bits: 1 primary, 2 secondary, 4 middle'),
});

export const FramebufferClientMessage = z.discriminatedUnion('type', [FramebufferPointerMessage]);

export const RollbackBody = z
  .object({
    reason: z.string().max(2000).regex(/\S/, 'a reason: recorded with the rollback').describe('why; recorded with the rollback'),
    expect: z.string().max(64).optional().describe('the artifact meant to be rolled back: a 409 when another one is active by then'),
  })
  .strict();

export const RollbackAnswer = z.object({
  niche: z.string(),
  from: z.string(),
  to: z.string().nullable().describe('active again (null: the built-in fallback)'),
  automatic: z.boolean(),
  by: z.string(),
  why: z.string(),
  at: z.string(),
  seq: z.number().int(),
  retired: z.boolean().optional(),
});

export const FaultBody = z
  .object({
    kind: z.enum(['crash', 'skew']).describe("crash: each use fails as if the artifact threw; skew: each use's metric worsens by amount"),
    uses: z.number().int().min(1).max(10_000).default(20).describe('uses it spoils, then it ends'),
    amount: z.number().min(0).max(1e9).default(0),
  })
  .strict();

export const FaultAnswer = z.object({ niche: z.string(), kind: z.enum(['crash', 'skew']), uses: z.number().int(), amount: z.number(), active: z.string().describe('the active artifact it spoils') });

export const NicheParams = z.object({ niche: z.string().min(1).max(64).regex(/^[a-z][a-z0-9.]*$/, 'a niche id (lowercase, dots)') });

export const KillBody = z
  .object({ reason: z.string().max(2000).regex(/\S/, 'a reason: recorded with the kill').describe('why; recorded with the kill') })
  .strict();

export const KillAnswer = z.object({
  artifactId: z.string(),
  operator: z.string(),
  reason: z.string(),
  at: z.string(),
  seq: z.number().int().describe('the artifact_killed event'),
  stoppedRuns: z.number().int().describe('runs under way that were stopped'),
  rolledBackTo: z.string().nullable().optional().describe('it was active: what is active again (null: the built-in fallback)'),
});

export const LabActionParams = z.object({ action: z.enum(LAB_ACTIONS) });

export const LabActionBody = z
  .object({ reason: z.string().max(2000).regex(/\S/, 'a reason: recorded with the request').describe('why; recorded with the request') })
  .strict();

const ActionRequestView = z.object({ operator: z.string(), reason: z.string(), at: z.string(), seq: z.number().int() });

export const LabActionAnswer = z.object({
  action: z.enum(LAB_ACTIONS),
  state: z.enum(['done', 'pending']).describe('done: taken now; pending: more distinct operators must ask'),
  requests: z.array(ActionRequestView).describe('the operators who asked toward this action, in order'),
  needs: z.number().int().describe('distinct operators the action needs (OLA_QUORUM when more than one operator is configured, else 1)'),
  seq: z.number().int().optional().describe('done: the event that took it'),
  fingerprint: z.string().optional().describe('rotate-key done: the new lab key (sha256 of its public key)'),
});

export const HaltView = z.object({ since: z.string(), why: z.string(), automatic: z.boolean(), by: z.array(z.string()), seq: z.number().int() });

export const LabActionsView = z.object({
  halted: HaltView.nullable().describe('null: promotions go on'),
  breaker: z.object({ runs: z.number().int(), crashed: z.number().int(), share: z.number() }).describe('the recent stage runs the circuit breaker watches'),
  needs: z.number().int(),
  pending: z.object({ halt: z.array(ActionRequestView), resume: z.array(ActionRequestView), 'rotate-key': z.array(ActionRequestView) }),
  key: z.object({ fingerprint: z.string(), since: z.string().nullable(), keys: z.number().int() }).describe('the lab key that signs now, since when (null: the first key), and how many keys the chain holds'),
});

// GET /stages (each rung: available here or not, and why) and GET /promotion/status (every
// artifact on the ladder: where it stands, the next gate, why it waits).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { PROMOTION_STATES, type PromotionState } from '../../core/vocabulary.ts';
import { evidenceFor } from '../../promotion/approval-rules.ts';
import { errors } from '../responses.ts';
import { PromotionStatusQuery, PromotionStatusView, StagesView, type LadderEntry } from '../schemas-ladder.ts';
import type { z } from 'zod';

const DEFAULT_STATES = PROMOTION_STATES.filter((s) => s !== 'held');
/** how long GET /stages waits for the rungs' checks before answering with what is known */
const PROBE_WAIT_MS = 3000;

function entry(a: ArtifactRecord): z.infer<typeof LadderEntry> {
  const p = a.promotion!;
  const waiting = p.state === 'queued' || p.state === 'running' || p.state === 'stage_unavailable' || p.state === 'needs_approval';
  return {
    id: a.id,
    niche: a.niche,
    proposer: a.proposer,
    utility: a.score?.utility ?? null,
    stage: a.stage,
    promotion: p,
    nextGate: waiting ? p.stage : null,
    stages: Object.values(a.stages ?? {}).map((e) => ({ stage: e!.stage, status: e!.status, reasons: e!.reasons, ...(e!.gate?.why ? { why: e!.gate.why } : {}) })),
    ...(p.state === 'needs_approval' ? { evidence: evidenceFor(a, p.stage) } : {}),
    decisions: Object.values(a.decisions ?? {}).flatMap((d) => (d ? [{ stage: d.stage, verdict: d.verdict, operator: d.operator, reason: d.reason, at: d.at, seq: d.seq }] : [])),
  };
}

export const ladderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stages',
    { schema: { summary: 'the ladder: each rung, whether it runs on this host and why not', tags: ['ladder'], response: { 200: StagesView, ...errors() } } },
    async () => {
      // a rung whose check takes long (a guest booting) is reported as being checked
      const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), PROBE_WAIT_MS));
      const all = (await Promise.race([app.lab.stages.all(), timeout])) ?? app.lab.stages.known(true);
      const waiting = await app.lab.store.onLadder(['queued', 'stage_unavailable', 'needs_approval'], 10_000);
      return { stages: all.map((s) => ({ ...s, waiting: waiting.filter((a) => a.promotion?.stage === s.stage).length })) };
    },
  );

  app.get(
    '/promotion/status',
    {
      schema: {
        summary: 'every artifact on the ladder: its stage, the next gate, and why it waits',
        tags: ['ladder'],
        querystring: PromotionStatusQuery,
        response: { 200: PromotionStatusView, ...errors(400, 422) },
      },
    },
    async (req) => {
      const { niche, limit } = req.query;
      const states = req.query.state ? req.query.state.split(',').map((s) => s.trim()) : DEFAULT_STATES;
      const unknown = states.filter((s) => !(PROMOTION_STATES as readonly string[]).includes(s));
      if (unknown.length) throw new OlaError('OLA_ERR_BAD_REQUEST', `unknown promotion state ${unknown.join(', ')}`, { field: 'querystring.state', known: [...PROMOTION_STATES] });
      if (niche !== undefined && !app.lab.catalog.get(niche)) {
        throw new OlaError('OLA_ERR_UNKNOWN_NICHE', `unknown niche '${niche}'`, { field: 'querystring.niche', known: app.lab.catalog.list().map((n) => n.id) });
      }
      const counts = await app.lab.store.countByPromotion();
      const listed = await app.lab.store.onLadder(states as PromotionState[], limit, true, niche);
      return { counts, engine: { enabled: app.lab.config.promotion.enabled, pending: app.lab.promotion.pending }, artifacts: listed.map(entry) };
    },
  );
};

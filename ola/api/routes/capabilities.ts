// what the lab uses, by hand: POST /capabilities/:niche/rollback (operators) puts back what was
// active before; POST /capabilities/:niche/fault spoils uses for a drill (operators, and only
// with faults enabled); GET /artifacts/:id/shadow is an artifact's shadow report.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import { ShadowReportSchema } from '../../promotion/shadow/report.ts';
import { BODY_ERRORS, errors } from '../responses.ts';
import { ArtifactIdParams } from '../schemas.ts';
import { FaultAnswer, FaultBody, KillAnswer, KillBody, NicheParams, RollbackAnswer, RollbackBody } from '../schemas-ui.ts';

export const capabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  const knownNiche = (niche: string) => {
    const known = app.lab.catalog.list().map((n) => n.id);
    if (!known.includes(niche)) throw new OlaError('OLA_ERR_NOT_FOUND', `no niche ${niche}`, { field: 'niche', known });
  };

  app.post(
    '/capabilities/:niche/rollback',
    {
      onRequest: app.auth.operator,
      schema: {
        summary: "an operator rolls a niche's active capability back: what was active before (or the built-in fallback) is used again",
        description: "needs an operator's bearer token; a 409 when nothing is active for the niche",
        tags: ['ladder'],
        security: [{ bearer: [] }],
        params: NicheParams,
        body: RollbackBody,
        response: { 200: RollbackAnswer, ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      knownNiche(req.params.niche);
      const reason = req.body.reason.trim();
      if (app.auth.mentionsToken(reason)) throw new OlaError('OLA_ERR_BAD_REQUEST', 'body.reason: holds a bearer token; it would be recorded for good', { field: 'body.reason' });
      const r = await app.lab.capabilities.rollback(req.params.niche, { why: reason, by: req.caller!.name, automatic: false, ...(req.body.expect ? { expect: req.body.expect } : {}) });
      app.lab.metrics.rolledBack(r.niche, false);
      return r;
    },
  );

  app.post(
    '/capabilities/:niche/fault',
    {
      onRequest: app.auth.operator,
      schema: {
        summary: "a drill: spoil the next uses of a niche's active capability (crash or skew), so the rollback watch can be seen at work",
        description: 'needs an operator token and a lab started with OLA_FAULT_INJECTION=1 (else 403); recorded in the registry',
        tags: ['ladder'],
        security: [{ bearer: [] }],
        params: NicheParams,
        body: FaultBody,
        response: { 200: FaultAnswer, ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { niche } = req.params;
      knownNiche(niche);
      if (!app.lab.config.faults.enabled) throw new OlaError('OLA_ERR_FORBIDDEN', 'fault injection is off on this lab (start it with OLA_FAULT_INJECTION=1 for drills)');
      const cur = await app.lab.capabilities.active(niche);
      if (!cur) throw new OlaError('OLA_ERR_NOTHING_TO_ROLL_BACK', `nothing is active for ${niche}: there is no capability to spoil`, { niche });
      const { kind, uses, amount } = req.body;
      await app.lab.store.append({ type: 'capability_fault_injected', subject: `capability:${niche}`, payload: { niche, artifactId: cur.artifactId, kind, uses, amount, by: req.caller!.name } });
      app.lab.active.faults.inject(niche, kind, uses, amount);
      return { niche, kind, uses, amount, active: cur.artifactId };
    },
  );

  app.post(
    '/artifacts/:id/kill',
    {
      onRequest: app.auth.operator,
      schema: {
        summary: "an operator's kill switch: every run of the artifact stops at once, at any rung, its tokens are refused from then on, and an active one is rolled back",
        description: "needs an operator's bearer token; a kill is for good (409 the second time)",
        tags: ['ladder'],
        security: [{ bearer: [] }],
        params: ArtifactIdParams,
        body: KillBody,
        response: { 200: KillAnswer, ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const reason = req.body.reason.trim();
      if (app.auth.mentionsToken(reason)) throw new OlaError('OLA_ERR_BAD_REQUEST', 'body.reason: holds a bearer token; it would be recorded for good', { field: 'body.reason' });
      const r = await app.lab.kills.kill(req.params.id, req.caller!.name, reason);
      if (r.rolledBackTo !== undefined) app.lab.metrics.rolledBack((await app.lab.store.artifact(r.artifactId))!.niche, false);
      return r;
    },
  );

  app.get(
    '/artifacts/:id/shadow',
    {
      schema: {
        summary: "an artifact's shadow report: its live events beside the incumbent's, counts, a sample of mismatches and the statistical verdict (the one so far while it is shadowed)",
        tags: ['ladder'],
        params: ArtifactIdParams,
        response: { 200: ShadowReportSchema, ...errors(400, 404) },
      },
    },
    async (req) => {
      const { id } = req.params;
      const running = app.lab.shadow.current(id);
      if (running) return running;
      const done = (await app.lab.store.eventsOf({ types: ['stage_passed', 'stage_failed'], subject: id })).filter((e) => e.payload.stage === 'shadow' && e.payload.report).at(-1);
      if (!done) throw new OlaError('OLA_ERR_NOT_FOUND', `artifact ${id} has no shadow report (it has not been shadowed)`, { field: 'id' });
      return ShadowReportSchema.parse(done.payload.report);
    },
  );
};

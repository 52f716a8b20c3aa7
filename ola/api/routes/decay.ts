// the decay review over http: GET /capabilities/review lists active capabilities that are unused
// or outperformed, with the evidence; POST /capabilities/:niche/retire (operators) retires one:
// the handle beneath it (the next best) or the built-in fallback is used again.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import { BODY_ERRORS, errors } from '../responses.ts';
import { DecayReviewAnswer, DecayReviewQuery, RetireAnswer, RetireBody } from '../schemas-decay.ts';
import { NicheParams } from '../schemas-ui.ts';

export const decayRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/capabilities/review',
    {
      schema: {
        summary: "the decay review: each niche's active capability, and findings with their evidence where it is unused or outperformed by a newer artifact in shadow",
        description: 'the latest review (one is run when none has yet); `now=1` runs one now. A review is recorded as decay_reviewed only when its findings change',
        tags: ['ladder'],
        querystring: DecayReviewQuery,
        response: { 200: DecayReviewAnswer, ...errors(400) },
      },
    },
    async (req) => {
      const { decay } = app.lab;
      return (req.query.now !== '1' && decay.latest()) || decay.review();
    },
  );

  app.post(
    '/capabilities/:niche/retire',
    {
      onRequest: app.auth.operator,
      schema: {
        summary: "an operator retires a niche's active capability (after the decay review): the handle beneath it, the next best, or the built-in fallback is used again",
        description: "needs an operator's bearer token; the retirement records who, why and the review's findings about it (a fresh review); a 409 when nothing is active for the niche",
        tags: ['ladder'],
        security: [{ bearer: [] }],
        params: NicheParams,
        body: RetireBody,
        response: { 200: RetireAnswer, ...errors(...BODY_ERRORS, 401, 403, 404, 409) },
      },
    },
    async (req) => {
      const { niche } = req.params;
      const known = app.lab.catalog.list().map((n) => n.id);
      if (!known.includes(niche)) throw new OlaError('OLA_ERR_NOT_FOUND', `no niche ${niche}`, { field: 'niche', known });
      const reason = req.body.reason.trim();
      if (app.auth.mentionsToken(reason)) throw new OlaError('OLA_ERR_BAD_REQUEST', 'body.reason: holds a bearer token; it would be recorded for good', { field: 'body.reason' });
      // the evidence is a review as of now, about the artifact that is active now
      const review = await app.lab.decay.review();
      const active = review.niches.find((n) => n.niche === niche)?.active ?? null;
      const evidence = { reviewedAt: review.at, findings: review.findings.filter((f) => f.niche === niche && f.artifactId === active) };
      const r = await app.lab.capabilities.retire(niche, { why: reason, by: req.caller!.name, evidence, ...(req.body.expect ? { expect: req.body.expect } : {}) });
      app.lab.metrics.rolledBack(niche, false);
      // the latest review shows the niche as it is now
      await app.lab.decay.review();
      return { ...r, retired: true as const, evidence };
    },
  );
};

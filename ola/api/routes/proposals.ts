// POST /proposals and GET /proposals/:id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import { BODY_ERRORS, errors } from '../responses.ts';
import { ProposalAccepted, ProposalBody, ProposalIdParams, ProposalView } from '../schemas.ts';

export const proposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/proposals',
    {
      // once submitters are configured: a submitter's or an operator's bearer token
      onRequest: app.auth.submitter,
      schema: {
        summary: 'submit an artifact; its lifecycle runs asynchronously',
        description: "with OLA_SUBMITTER_TOKENS set, a submitter's or an operator's bearer token is needed; without, proposals are open (the api binds to loopback by default)",
        tags: ['proposals'],
        ...(app.auth.submitters ? { security: [{ bearer: [] }] } : {}),
        body: ProposalBody,
        response: { 202: ProposalAccepted, ...errors(...BODY_ERRORS, 401, 403, 422, 503) },
      },
    },
    async (req, reply) => {
      const parents = req.body.parents ?? [];
      const found = await Promise.all(parents.map((p) => app.lab.store.artifact(p)));
      const unknown = parents.filter((_, i) => !found[i]);
      if (unknown.length > 0) throw new OlaError('OLA_ERR_UNKNOWN_ARTIFACT', `unknown parents: ${unknown.join(', ')}`, { field: 'body.parents', unknown });
      const { id } = await app.lab.engine.submit(req.body);
      return reply.code(202).send({ id, status: 'proposed' as const, href: `/proposals/${id}` });
    },
  );

  app.get(
    '/proposals/:id',
    {
      schema: {
        summary: 'a proposal: its status and each step with result, timing and reasons',
        tags: ['proposals'],
        params: ProposalIdParams,
        response: { 200: ProposalView, ...errors(400, 404) },
      },
    },
    async (req) => {
      const p = await app.lab.store.proposal(req.params.id);
      if (!p) throw new OlaError('OLA_ERR_NOT_FOUND', `no proposal ${req.params.id}`, { field: 'id' });
      return p;
    },
  );
};

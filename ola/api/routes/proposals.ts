// POST /proposals and GET /proposals/:id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OlaError } from '../../core/errors.ts';
import { ErrorBody, ProposalAccepted, ProposalBody, ProposalIdParams, ProposalView } from '../schemas.ts';

export const proposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/proposals',
    {
      schema: {
        summary: 'submit an artifact; its lifecycle runs asynchronously',
        tags: ['proposals'],
        body: ProposalBody,
        response: { 202: ProposalAccepted, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
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
        response: { 200: ProposalView, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const p = await app.lab.store.proposal(req.params.id);
      if (!p) throw new OlaError('OLA_ERR_NOT_FOUND', `no proposal ${req.params.id}`, { field: 'id' });
      return p;
    },
  );
};

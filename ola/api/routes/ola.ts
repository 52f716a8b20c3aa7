// POST /ola/runs, GET /ola/runs, GET /ola/runs/:id, POST /ola/runs/:id/stop: the lab's own proposers at work.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OlaError } from '../../core/errors.ts';
import { BODY_ERRORS, errors } from '../responses.ts';
import { OlaRunBody, OlaRunIdParams, OlaRunView } from '../schemas.ts';

export const olaRoutes: FastifyPluginAsyncZod = async (app) => {
  const notFound = (id: string) => new OlaError('OLA_ERR_NOT_FOUND', `no ola run ${id}`, { field: 'id' });

  app.post(
    '/ola/runs',
    {
      schema: {
        summary: 'start an evolution run on a niche (seeded, budgeted); its children go through the lifecycle',
        tags: ['ola'],
        body: OlaRunBody,
        response: { 202: OlaRunView, ...errors(...BODY_ERRORS, 409, 422) },
      },
    },
    async (req, reply) => reply.code(202).send(app.lab.ola.start(req.body)),
  );

  app.get('/ola/runs', { schema: { summary: 'evolution runs of this lab process, newest first', tags: ['ola'], response: { 200: z.object({ runs: z.array(OlaRunView) }), ...errors() } } }, async () => ({
    runs: app.lab.ola.list(),
  }));

  app.get(
    '/ola/runs/:id',
    { schema: { summary: 'a run: state, best per generation, summary', tags: ['ola'], params: OlaRunIdParams, response: { 200: OlaRunView, ...errors(400, 404) } } },
    async (req) => app.lab.ola.get(req.params.id) ?? Promise.reject(notFound(req.params.id)),
  );

  app.post(
    '/ola/runs/:id/stop',
    {
      schema: {
        summary: 'stop a run after its current generation (send no body, or a json one)',
        tags: ['ola'],
        params: OlaRunIdParams,
        response: { 200: OlaRunView, ...errors(...BODY_ERRORS, 404) },
      },
    },
    async (req) => (await app.lab.ola.stop(req.params.id)) ?? Promise.reject(notFound(req.params.id)),
  );
};

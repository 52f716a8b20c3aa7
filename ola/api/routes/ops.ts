// GET /metrics (prometheus) and GET /healthz.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registryHealth } from '../registry-health.ts';
import { errors, media } from '../responses.ts';
import { Health } from '../schemas.ts';

export const opsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/metrics',
    { schema: { summary: 'prometheus metrics', tags: ['ops'], response: { 200: media('text/plain', 'prometheus text format 0.0.4'), ...errors() } } },
    async (_req, reply) => {
      reply.type(app.lab.metrics.registry.contentType);
      return app.lab.metrics.registry.metrics();
    },
  );

  app.get('/healthz', { schema: { summary: 'liveness and what each part reports', tags: ['ops'], response: { 200: Health, ...errors() } } }, async () => {
    // the first rung is asked (cheap); the others say what is known, without booting anything
    const sandbox = await app.lab.stages.status(app.lab.runner.stage);
    const stages = app.lab.stages.known(false).map((s) => (s.stage === sandbox.stage ? sandbox : s));
    return {
      status: sandbox.available ? ('ok' as const) : ('degraded' as const),
      uptimeSeconds: Math.round(process.uptime()),
      pending: app.lab.engine.pending,
      registry: await registryHealth(app.lab),
      sandbox: { stage: sandbox.stage, available: sandbox.available, reason: sandbox.reason },
      stages: stages.map(({ stage, available, reason }) => ({ stage, available, reason })),
      senses: { running: app.lab.senses.running },
    };
  });
};

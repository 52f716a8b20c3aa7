// the registry for people and auditors: counts, POST /registry/verify and GET /registry/export (jsonl).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import type { RegistryStore } from '../../core/contracts.ts';
import { GENESIS } from '../../registry/chain.ts';
import { exportLines } from '../../registry/export-lines.ts';
import { BODY_ERRORS, errors, media } from '../responses.ts';
import { RegistryExportQuery, RegistryStats, RegistryVerifyBody, RegistryVerifyReport } from '../schemas-ui.ts';
import { RegistryCounts } from './registry-counts.ts';

export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const counts = new RegistryCounts(app.lab.store);
  app.addHook('onClose', async () => counts.close());
  const publicKey = () => app.lab.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  app.get(
    '/registry/stats',
    { schema: { summary: 'event counts by type, the head and the lab public key', tags: ['registry'], response: { 200: RegistryStats, ...errors() } } },
    async () => {
      const seq = await app.lab.store.headSeq();
      const [last] = seq > 0 ? await app.lab.store.eventsAfter(seq - 1, 1) : [];
      return { events: seq, head: { seq, hash: last?.hash ?? GENESIS }, byType: await counts.byType(), publicKey: publicKey() };
    },
  );

  app.post(
    '/registry/verify',
    {
      schema: {
        summary: 're-check every hash link, the signatures, the jsonl mirror and the artifact files; names the first bad sequence number',
        tags: ['registry'],
        body: RegistryVerifyBody.nullish().describe("optional; {} when absent"),
        response: { 200: RegistryVerifyReport, ...errors(...BODY_ERRORS) },
      },
    },
    async (req) => {
      const full = req.body?.full ?? false;
      const report = await app.lab.store.verify({ full });
      app.lab.metrics.verified(report, full);
      return { ...report, full, checkedAt: new Date().toISOString() };
    },
  );

  app.get(
    '/registry/export',
    {
      schema: {
        summary: 'the signed events as jsonl: a header line with the lab public key, then one event a line (see docs/dashboard.md for the offline check)',
        tags: ['registry'],
        querystring: RegistryExportQuery,
        response: { 200: media('application/x-ndjson', 'a header line, then one signed event a line'), ...errors(400) },
      },
    },
    async (req, reply) => {
      const name = `organic-os-registry-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.jsonl`;
      reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`);
      return reply.send(Readable.from(exportLines(app.lab.store, app.lab.keys, req.query.after)));
    },
  );
};

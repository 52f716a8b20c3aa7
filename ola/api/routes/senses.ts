// GET /sense/snapshot and GET /sense/stream (sse, 1 hz by default), read from the sidecar's feeds.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Lab } from '../../lab.ts';
import { errors, media } from '../responses.ts';
import { SenseQuery, SenseSnapshotView } from '../schemas.ts';
import { openSse } from '../sse.ts';

async function snapshot(lab: Lab): Promise<z.infer<typeof SenseSnapshotView>> {
  const snap = await lab.senses.snapshot();
  const internalClock = await lab.active.clock.reading().catch(() => undefined);
  const clock = internalClock ? { internalClock } : {};
  if (!snap) {
    const reason = lab.senses.running ? 'the senses sidecar has not written a snapshot yet' : 'the senses sidecar is not running';
    return { available: false, reason, ...clock };
  }
  return { available: true, ...snap, ...clock };
}

export const senseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sense/snapshot',
    { schema: { summary: 'the latest read-only senses of the host', tags: ['senses'], response: { 200: SenseSnapshotView, ...errors() } } },
    async () => snapshot(app.lab),
  );

  app.get(
    '/sense/stream',
    {
      schema: {
        summary: 'senses as server-sent events: each new snapshot once, never faster than the sidecar samples (1 s by default)',
        tags: ['senses'],
        querystring: SenseQuery,
        response: { 200: media('text/event-stream', 'event = sense, data = a snapshot as json'), ...errors(400) },
      },
    },
    async (req, reply) => {
      const stream = openSse(req, reply, app.sseStreams);
      let lastSeq = -1;
      const tick = async () => {
        const snap = await snapshot(app.lab);
        if (snap.seq !== undefined && snap.seq === lastSeq) return;
        lastSeq = snap.seq ?? lastSeq;
        stream.send({ id: snap.seq, event: 'sense', data: snap });
      };
      await tick();
      const timer = setInterval(() => void tick(), 1000 / req.query.hz);
      stream.onClose(() => clearInterval(timer));
    },
  );
};

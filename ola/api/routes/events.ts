// GET /events: registry events as server-sent events, resumable with last-event-id.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { StoredEvent } from '../../core/contracts.ts';
import { errors, media } from '../responses.ts';
import { EventsHeaders, EventsQuery } from '../schemas.ts';
import { openSse } from '../sse.ts';

const PAGE = 500;

export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    {
      schema: {
        summary: 'registry events (text/event-stream); resume with the last-event-id header or ?after=',
        tags: ['events'],
        querystring: EventsQuery,
        headers: EventsHeaders,
        response: { 200: media('text/event-stream', 'registry events: id = seq, event = type, data = the event as json'), ...errors(400) },
      },
    },
    async (req, reply) => {
      const header = req.headers['last-event-id'];
      let last = header === undefined ? (req.query.after ?? 0) : Number(header);
      const types = req.query.types ? new Set(req.query.types.split(',').map((t) => t.trim())) : undefined;
      const stream = openSse(req, reply, app.sseStreams);
      const deliver = (e: StoredEvent) => {
        if (e.seq <= last) return;
        last = e.seq;
        if (!types || types.has(e.type)) stream.send({ id: e.seq, event: e.type, data: e });
      };
      // live events that arrive during the replay wait in a buffer, then follow in order
      let buffer: StoredEvent[] | undefined = [];
      const unsubscribe = app.lab.store.subscribe((e) => (buffer ? buffer.push(e) : deliver(e)));
      stream.onClose(unsubscribe);
      for (;;) {
        const page = await app.lab.store.eventsAfter(last, PAGE);
        for (const e of page) deliver(e);
        if (page.length < PAGE || stream.closed) break;
      }
      for (const e of buffer) deliver(e);
      buffer = undefined;
      // what follows is live (ola events stops here unless it follows)
      stream.comment(`replayed to ${last}`);
    },
  );
};

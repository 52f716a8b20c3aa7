import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followSse } from './follow-sse.ts';

// a server that sends 1..n, and cuts the first connection after 3 events (replaying from last-event-id)
let server: Server;
let base: string;
const seen: (string | undefined)[] = [];
beforeAll(async () => {
  let connections = 0;
  server = createServer((req, res) => {
    connections++;
    const from = Number(req.headers['last-event-id'] ?? 0);
    seen.push(req.headers['last-event-id'] as string | undefined);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // the second connection replays one event too many: the client must drop it
    const start = connections === 1 ? 1 : from;
    const end = connections === 1 ? 3 : 8;
    for (let i = start; i <= end; i++) res.write(`id: ${i}\nevent: e${i}\ndata: ${i}\n\n`);
    if (connections === 1) setTimeout(() => res.destroy(), 50);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('followSse', () => {
  it('resumes after a drop with last-event-id, without gaps or duplicates', async () => {
    const ids: number[] = [];
    const states: string[] = [];
    await new Promise<void>((done) => {
      const stop = followSse(base, {
        retryMs: 20,
        onState: (s) => states.push(s),
        onMessage(m) {
          ids.push(Number(m.id));
          if (ids.length === 8) {
            stop();
            done();
          }
        },
      });
    });
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen).toEqual([undefined, '3']);
    expect(states).toContain('reconnecting');
  });
});

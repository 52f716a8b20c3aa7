// a server-sent-events stream on a hijacked reply, with heartbeats and a bounded buffer.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SseStream {
  send(event: { id?: number | string; event?: string; data: unknown }): boolean;
  /** a comment line (`: text`): clients skip it; the cli reads where a replay ends */
  comment(text: string): boolean;
  close(): void;
  readonly closed: boolean;
  onClose(fn: () => void): void;
}

const HEARTBEAT_MS = 15_000;
/** a client this far behind is cut off; it resumes with last-event-id */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function openSse(req: FastifyRequest, reply: FastifyReply, streams: Set<SseStream>): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let closed = false;
  const closers: (() => void)[] = [];
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const stream: SseStream = {
    get closed() {
      return closed;
    },
    send({ id, event, data }) {
      if (closed) return false;
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        stream.close();
        return false;
      }
      let frame = '';
      if (id !== undefined) frame += `id: ${id}\n`;
      if (event) frame += `event: ${event}\n`;
      frame += `data: ${JSON.stringify(data)}\n\n`;
      return res.write(frame);
    },
    comment(text) {
      return closed ? false : res.write(`: ${text.replace(/[\r\n]/g, ' ')}\n\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      streams.delete(stream);
      for (const fn of closers) fn();
      res.end();
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
  streams.add(stream);
  req.raw.on('close', () => stream.close());
  return stream;
}

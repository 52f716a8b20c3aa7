// GET /framebuffer: with Upgrade: websocket, the live framebuffer (json status messages, then
// binary frames: a 4-byte big-endian frame counter and a png) at ?fps=; without, its status as json.
// needs @fastify/websocket registered above it (ola/api/server.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from '@fastify/websocket';
import { asOlaError } from '../../core/errors.ts';
import { errors } from '../responses.ts';
import { FramebufferInfo, FramebufferQuery } from '../schemas-ui.ts';
import { FrameLoops, LOOP_FRAMES, type FrameLoop } from './framebuffer-loop.ts';

const PROTOCOL = 'websocket: json text messages {type: hello|waiting|rendering|loop|error}, then binary frames (uint32 be frame counter + png)';
const NO_ARTIFACT = 'no gui.fb artifact has passed its gate yet';
const WAIT_MS = 3000;
/** a slow client skips frames rather than queueing them */
const MAX_BUFFERED = 4 * 1024 * 1024;

function play(socket: WebSocket, loop: FrameLoop, fps: number): () => void {
  let n = 0;
  const timer = setInterval(() => {
    if (socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_BUFFERED) return;
    const head = Buffer.alloc(4);
    head.writeUInt32BE(n >>> 0);
    socket.send(Buffer.concat([head, loop.frames[n % loop.frames.length]!]));
    n++;
  }, 1000 / fps);
  return () => clearInterval(timer);
}

export const framebufferWsRoutes: FastifyPluginAsyncZod = async (app) => {
  const loops = new FrameLoops(app.lab);
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());

  app.route({
    method: 'GET',
    url: '/framebuffer',
    schema: {
      summary: 'the live framebuffer: a gui.fb artifact drawing the lab cursor (websocket); without an upgrade, its status',
      tags: ['dashboard'],
      querystring: FramebufferQuery,
      response: { 200: FramebufferInfo, ...errors(400) },
    },
    handler: async (req) => {
      const id = await loops.pick(req.query.artifact);
      return { available: id !== undefined, artifactId: id ?? null, ...(id ? {} : { reason: NO_ARTIFACT }), fps: req.query.fps, loopFrames: LOOP_FRAMES, protocol: PROTOCOL };
    },
    wsHandler: (socket, req) => {
      const { fps, artifact } = req.query;
      const say = (m: Record<string, unknown>) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(m));
      let stop = () => {};
      let waiting: ReturnType<typeof setTimeout> | undefined;
      socket.on('close', () => {
        stop();
        clearTimeout(waiting);
      });
      say({ type: 'hello', fps, loopFrames: LOOP_FRAMES });
      const start = async (): Promise<void> => {
        const id = await loops.pick(artifact);
        if (socket.readyState !== socket.OPEN) return;
        if (!id) {
          say({ type: 'waiting', reason: NO_ARTIFACT });
          waiting = setTimeout(() => void start(), WAIT_MS);
          return;
        }
        say({ type: 'rendering', artifactId: id });
        try {
          const loop = await loops.loop(id, closing.signal);
          if (socket.readyState !== socket.OPEN) return;
          say({ type: 'loop', artifactId: loop.artifactId, frames: loop.frames.length, width: loop.width, height: loop.height, renderMs: loop.renderMs });
          stop = play(socket, loop, fps);
        } catch (err) {
          say({ type: 'error', error: asOlaError(err).toJSON() });
          socket.close(1011, 'render failed');
        }
      };
      void start();
    },
  });
};

// GET /framebuffer: with Upgrade: websocket, the live framebuffer (json status messages, binary
// frames: a 4-byte big-endian frame counter and a png); the viewer sends its pointer back as
// json text. without an upgrade, its status as json. needs @fastify/websocket registered above
// it (ola/api/server.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from '@fastify/websocket';
import { asOlaError } from '../../core/errors.ts';
import { FramebufferLive, type DrawState } from '../../promotion/active/framebuffer-live.ts';
import { AstValidator } from '../../validate/validator.ts';
import { errors } from '../responses.ts';
import { FramebufferInfo, FramebufferQuery } from '../schemas-ui.ts';
import { inbox } from './framebuffer-inbox.ts';
import { FrameLoops, LOOP_FRAMES, type FrameLoop } from './framebuffer-loop.ts';

const PROTOCOL =
  'websocket: json text messages {type: hello|drawing|waiting|rendering|loop|predicted|error} and binary frames (uint32 be frame counter + png); ' +
  'the viewer may send {type: "pointer", x: 0..639, y: 0..479, buttons} as json text, at most 60 a second';
const NO_ARTIFACT = 'no gui.fb artifact has passed its gate yet';
/** a slow client skips frames rather than queueing them */
const MAX_BUFFERED = 4 * 1024 * 1024;

export const framebufferWsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lab } = app;
  const loops = new FrameLoops(lab);
  const { store, catalog, tokens, runner, capabilities, traces } = lab;
  const live = new FramebufferLive({ store, catalog, tokens, runner, capabilities, traces, validator: new AstValidator(), use: lab.active.use });
  /** loops whose render was recorded as a use of the fallback */
  const recorded = new WeakSet<FrameLoop>();
  const closing = new AbortController();
  app.addHook('preClose', async () => {
    closing.abort();
    live.close();
  });

  app.route({
    method: 'GET',
    url: '/framebuffer',
    schema: {
      summary: 'the live framebuffer: the active gui.fb artifact (else the best one) drawing the dashboard pointer (websocket); without an upgrade, its status',
      tags: ['dashboard'],
      querystring: FramebufferQuery,
      response: { 200: FramebufferInfo, ...errors(400) },
    },
    handler: async (req) => {
      const drawer = req.query.artifact ? { artifactId: req.query.artifact, source: 'requested' as const } : await live.drawer();
      return {
        available: drawer !== undefined,
        artifactId: drawer?.artifactId ?? null,
        ...(drawer ? { source: drawer.source } : { reason: NO_ARTIFACT }),
        fps: req.query.fps,
        loopFrames: LOOP_FRAMES,
        protocol: PROTOCOL,
      };
    },
    wsHandler: (socket: WebSocket, req) => {
      const { fps, artifact } = req.query;
      const open = () => socket.readyState === socket.OPEN;
      const say = (m: Record<string, unknown>) => open() && socket.send(JSON.stringify(m));
      let n = 0;
      const send = (png: Buffer) => {
        if (!open() || socket.bufferedAmount > MAX_BUFFERED) return;
        const head = Buffer.alloc(4);
        head.writeUInt32BE(n++ >>> 0);
        socket.send(Buffer.concat([head, png]));
      };
      let timer: NodeJS.Timeout | undefined;
      /** bumped at every change: a render that finishes after one is not played */
      let generation = 0;
      let liveFrames = false;
      const stop = () => {
        clearInterval(timer);
        generation++;
        liveFrames = false;
      };

      /** a pre-rendered loop played at fps: the fallback's, or the artifact asked for */
      const replay = async (id: string, source: 'fallback' | 'requested') => {
        const g = generation;
        say({ type: 'rendering', artifactId: id, source });
        try {
          const loop = await loops.loop(id, closing.signal);
          if (g !== generation || !open()) return;
          if (source === 'fallback' && !recorded.has(loop)) {
            recorded.add(loop);
            lab.active.use.fallback('gui.fb', loop.renderMs / 1000, loop.hitRate);
          }
          say({ type: 'loop', artifactId: loop.artifactId, source, frames: loop.frames.length, width: loop.width, height: loop.height, renderMs: loop.renderMs, hitRate: loop.hitRate });
          let k = 0;
          clearInterval(timer);
          timer = setInterval(() => send(loop.frames[k++ % loop.frames.length]!), 1000 / fps);
        } catch (err) {
          say({ type: 'error', reason: 'render', error: asOlaError(err).toJSON() });
          socket.close(1011, 'render failed');
        }
      };

      const follow = (s: DrawState) => {
        stop();
        if (s.mode === 'waiting') return say({ type: 'waiting', reason: NO_ARTIFACT });
        say({ type: 'drawing', ...s });
        if (s.mode === 'replay') void replay(s.artifactId, 'fallback');
        else liveFrames = true;
      };

      say({ type: 'hello', fps, loopFrames: LOOP_FRAMES, width: 640, height: 480, protocol: PROTOCOL });
      const unsubscribe = live.subscribe((m) => {
        if (m.kind === 'predicted') return void say({ type: 'predicted', ...m.prediction });
        // an artifact asked for is replayed whatever the lab draws
        if (artifact) return;
        if (m.kind === 'state') follow(m.state);
        else if (liveFrames) send(m.png);
      });
      socket.on('message', inbox({ say, close: (code, why) => socket.close(code, why), message: (m) => live.pointer.push(m.x, m.y, m.buttons) }));
      socket.on('close', () => {
        unsubscribe();
        stop();
      });
      if (artifact) {
        say({ type: 'drawing', mode: 'replay', artifactId: artifact, source: 'requested' });
        void replay(artifact, 'requested');
      }
    },
  });
};

// serves the built observer dashboard (observer-ui/dist) at /; a clear page when it is not built.
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../../observer-ui/dist', import.meta.url));

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>organic-os lab</title>
<body style="font:16px system-ui;background:#111;color:#eee;padding:2rem">
<h1>the dashboard is not built</h1><p>run <code>npm run build:ui</code> and reload. the api is up: <a style="color:#8cf" href="/docs">/docs</a>.</p>`;

function newest(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f)))) : s.mtimeMs;
}

/** in a checkout with the sources beside dist: are they newer than the build */
export function staleBuild(dist: string): boolean {
  const src = join(dist, '..', 'src');
  return existsSync(src) && newest(src) > statSync(join(dist, 'index.html')).mtimeMs;
}

export const staticUiRoutes: FastifyPluginAsync<{ dir?: string }> = async (app, opts) => {
  const dir = opts.dir ?? DEFAULT_UI_DIR;
  if (typeof dir !== 'string') throw new TypeError('static-ui: dir must be a path');
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  if (staleBuild(dir)) app.log.warn({ dir }, 'observer-ui/dist is older than its sources: run npm run build:ui');
  // only the built files get routes (no wildcard): every other path keeps the api's json 404
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // file names under assets/ carry their content hash; index.html must be asked again
    setHeaders(res, path) {
      res.header('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};

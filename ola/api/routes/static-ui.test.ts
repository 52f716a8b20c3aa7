import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staleBuild, staticUiRoutes } from './static-ui.ts';

const dir = mkdtempSync(join(tmpdir(), 'ola-ui-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function serve(root: string) {
  const app = Fastify();
  app.setNotFoundHandler((_req, reply) => void reply.code(404).send({ error: { code: 'OLA_ERR_NOT_FOUND' } }));
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(staticUiRoutes, { dir: root });
  return app;
}

describe('static ui', () => {
  it('serves the built index at / and its assets, and leaves other paths to the api', async () => {
    const built = join(dir, 'dist');
    mkdirSync(join(built, 'assets'), { recursive: true });
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>observer</title>');
    writeFileSync(join(built, 'assets', 'app-1.js'), 'console.log(1)');
    const app = await serve(built);
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.body).toContain('observer');
    const asset = await app.inject({ url: '/assets/app-1.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    const missing = await app.inject({ url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'OLA_ERR_NOT_FOUND' } });
    await app.close();
  });

  it('tells a build older than its sources', () => {
    const root = join(dir, 'ui');
    mkdirSync(join(root, 'src'), { recursive: true });
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'index.html'), 'x');
    writeFileSync(join(root, 'src', 'main.tsx'), 'x');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'dist', 'index.html'), past, past);
    expect(staleBuild(join(root, 'dist'))).toBe(true);
    utimesSync(join(root, 'src', 'main.tsx'), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    expect(staleBuild(join(root, 'dist'))).toBe(false);
  });

  it('answers / with a notice when the dashboard is not built', async () => {
    const app = await serve(join(dir, 'missing'));
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:ui');
    await app.close();
  });
});

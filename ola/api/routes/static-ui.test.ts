import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticUiRoutes } from './static-ui.ts';

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
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    const missing = await app.inject({ url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'OLA_ERR_NOT_FOUND' } });
    await app.close();
  });

  it('answers / with a notice when the dashboard is not built', async () => {
    const app = await serve(join(dir, 'missing'));
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:ui');
    await app.close();
  });
});

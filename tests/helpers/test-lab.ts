// a whole lab on a throwaway storage folder, with its api, for integration tests.
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../ola/api/server.ts';
import { loadConfig, type ConfigOverrides } from '../../ola/core/config.ts';
import { defaultCacheDir } from '../../ola/sandbox/vm/guest-image.ts';
import { createLab, type Lab } from '../../ola/lab.ts';
import { writeSeededKey } from '../../ola/registry/keys.ts';
import { tmpStorage } from './tmp-storage.ts';

export interface TestLab {
  lab: Lab;
  app: FastifyInstance;
  dir: string;
  close(opts?: { keepStorage?: boolean }): Promise<void>;
}

/** a fixed lab key: held-out scenarios derive from it, so tests see the same ones every run */
export function seedLabKey(dir: string, seedByte = 7): void {
  writeSeededKey(dir, Buffer.alloc(32, seedByte));
}

/** processMetrics: node's process_* and nodejs_* metrics on /metrics too, as `ola serve` has them */
export async function startTestLab(overrides: ConfigOverrides = {}, dir?: string, opts: { processMetrics?: boolean } = {}): Promise<TestLab> {
  const storage = dir ? { dir, cleanup: () => undefined } : tmpStorage();
  seedLabKey(storage.dir);
  const config = loadConfig(
    // the ladder runs only where a test asks for it (tests/ladder/): other tests stay on their subject
    // every test lab shares the checkout's guest image and saved ready state (storage/vm), built once;
    // fuzzed seeds are fixed, so a test's climb repeats
    { server: { logLevel: 'silent', port: 0 }, senses: { enabled: false }, sandbox: { workers: 2, graceMs: 1000 }, promotion: { enabled: false, fuzzSeed: 1 }, vm: { cacheDir: defaultCacheDir() } },
    { storage: { dir: storage.dir } },
    overrides,
  );
  const lab = await createLab(config, opts);
  const app = await buildServer(lab, { logger: false });
  await app.ready();
  return {
    lab,
    app,
    dir: storage.dir,
    async close(opts) {
      await app.close();
      await lab.close();
      if (!opts?.keepStorage) storage.cleanup();
    },
  };
}

/** posts a proposal through the api and waits for its lifecycle to end */
export async function proposeAndSettle(t: TestLab, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/proposals', payload: body });
  if (res.statusCode !== 202) throw new Error(`expected 202, got ${res.statusCode}: ${res.body}`);
  return t.lab.engine.settled(res.json<{ id: string }>().id);
}

// which store the lab opens, and where its head checkpoint goes, from config and env.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromEnv, loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { loadOrCreateKeys } from './keys.ts';
import { checkpointFile, openRegistry } from './open-store.ts';
import { SqliteStore } from './sqlite-store.ts';

const storage = tmpStorage();
afterAll(() => storage.cleanup());

describe('the registry store the lab opens', () => {
  it('reads OLA_DATABASE_URL and OLA_REGISTRY_CHECKPOINT, and names the field of a bad url without echoing it', () => {
    const config = loadConfig(fromEnv({ OLA_DATABASE_URL: 'postgresql://ola:pw@db:5432/ola', OLA_REGISTRY_CHECKPOINT: '/mnt/other/head.json' }));
    expect(config.registry).toEqual({ databaseUrl: 'postgresql://ola:pw@db:5432/ola', checkpoint: '/mnt/other/head.json', checkpointMs: 1000 });
    expect(loadConfig(fromEnv({ OLA_DATABASE_URL: '' })).registry.databaseUrl).toBeUndefined();
    let bad: unknown;
    try {
      loadConfig({ registry: { databaseUrl: 'mysql://root:hunter2@db/ola' } });
    } catch (err) {
      bad = err;
    }
    expect(bad).toMatchObject({ code: 'OLA_ERR_CONFIG', message: expect.stringMatching(/registry\.databaseUrl: must be a postgresql/), detail: { field: 'registry.databaseUrl' } });
    expect((bad as Error).message).not.toContain('hunter2');
  });

  it('keeps one checkpoint name per backend unless one is configured', () => {
    expect(checkpointFile({ dir: '/s' })).toBe(join('/s', 'registry-head.json'));
    expect(checkpointFile({ dir: '/s', databaseUrl: 'postgresql://h/db' })).toBe(join('/s', 'registry-head-pg.json'));
    expect(checkpointFile({ dir: '/s', checkpoint: '/elsewhere/head.json' })).toBe('/elsewhere/head.json');
  });

  it('opens sqlite by default, and says so without the password when postgresql does not answer', async () => {
    const keys = loadOrCreateKeys(storage.dir);
    const store = await openRegistry({ dir: storage.dir, keys });
    expect(store).toBeInstanceOf(SqliteStore);
    await store.close();
    const down = openRegistry({ dir: storage.dir, keys, databaseUrl: 'postgresql://ola:hunter2@127.0.0.1:1/ola' });
    await expect(down).rejects.toMatchObject({ code: 'OLA_ERR_REGISTRY_UNAVAILABLE', message: expect.not.stringContaining('hunter2') });
    const reader = openRegistry({ dir: storage.dir, keys, databaseUrl: 'postgresql://ola:hunter2@127.0.0.1:1/ola', readonly: true });
    await expect(reader).rejects.toMatchObject({ code: 'OLA_ERR_REGISTRY_UNAVAILABLE', message: expect.stringMatching(/did not answer/) });
  });
});

// what only the postgresql store has: the database refuses a fork by itself, and a lab can run
// under a role that was only granted what appends need (the rest is the conformance suite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../../tests/helpers/pg-cluster.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { loadOrCreateKeys } from './keys.ts';
import { PgStore } from './pg-store.ts';

let cluster: PgCluster;
const storage = tmpStorage();
const keys = loadOrCreateKeys(storage.dir);
const checkpoint = { file: `${storage.dir}/registry-head-pg.json`, everyMs: 0 };

beforeAll(async () => {
  cluster = await startPgCluster();
});
afterAll(async () => {
  await cluster?.stop();
  storage.cleanup();
});

describe('postgresql registry store', () => {
  it('refuses a second row on the same head, whoever inserts it', async () => {
    const url = await cluster.createDatabase();
    const store = await PgStore.open({ url, keys, checkpoint });
    const first = await store.append({ type: 'lab_started', subject: 'lab', payload: {} });
    await store.append({ type: 'lab_started', subject: 'lab', payload: {} });
    const fork = 'INSERT INTO events (seq, ts, type, subject, body, prev, hash, sig) VALUES (99, $1, $2, $3, $4, $5, $6, $7)';
    await expect(cluster.admin(url, fork, [first.ts, 'lab_started', 'lab', '{}', first.hash, 'f'.repeat(64), 'x'])).rejects.toThrow(/events_prev_key/);
    await store.close();
  });

  it('says so when a reader finds no registry in the database', async () => {
    const url = await cluster.createDatabase();
    await expect(PgStore.open({ url, keys, checkpoint, readonly: true })).rejects.toMatchObject({ code: 'OLA_ERR_REGISTRY_UNAVAILABLE', message: expect.stringMatching(/no registry/) });
  });

  it('runs under a role granted only select and insert on the append-only tables', async () => {
    const url = await cluster.createDatabase();
    await (await PgStore.open({ url, keys, checkpoint: { ...checkpoint, file: `${storage.dir}/grants.json` } })).close();
    await cluster.admin(url, 'CREATE ROLE ola_lab LOGIN').catch(() => undefined);
    await cluster.admin(url, 'GRANT SELECT, INSERT ON events, sources TO ola_lab');
    await cluster.admin(url, 'GRANT SELECT, INSERT, UPDATE ON proposals, proposal_steps, artifacts, redeemed_tokens TO ola_lab');
    await cluster.admin(url, 'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ola_lab');
    const lab = new URL(url);
    lab.username = 'ola_lab';
    const store = await PgStore.open({ url: lab.toString(), keys, checkpoint: { ...checkpoint, file: `${storage.dir}/grants.json` } });
    const sha = await store.putSource('export function sync() {}');
    await store.append({ type: 'proposal_received', subject: 'p1', payload: { niche: 'clock', proposer: 't', language: 'js', sourceSha256: sha } });
    expect(await store.status('p1')).toBe('proposed');
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 1 });
    const asLab = (sql: string) => cluster.admin(lab.toString(), sql);
    await expect(asLab("UPDATE events SET type = 'x'")).rejects.toThrow(/permission denied/);
    await expect(asLab('ALTER TABLE events DISABLE TRIGGER events_append_only')).rejects.toThrow(/must be owner/);
    await store.close();
  });
});

import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../tests/helpers/tmp-storage.ts';
import { canonical, linkHash, signHash } from './chain.ts';
import { loadOrCreateKeys } from './keys.ts';
import { SqliteStore } from './sqlite-store.ts';

let storage: ReturnType<typeof tmpStorage>;
let store: SqliteStore;

async function fill(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const sha = await store.putSource(`export function f() { return ${i}; }`);
    await store.append({ type: 'proposal_received', subject: `p${i}`, payload: { niche: 'clock', proposer: 't', language: 'js', sourceSha256: sha } });
  }
}

function rawDb(): Database.Database {
  const db = new Database(join(storage.dir, 'registry', 'registry.sqlite'));
  db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  return db;
}

beforeEach(() => {
  storage = tmpStorage();
  store = new SqliteStore({ dir: storage.dir, keys: loadOrCreateKeys(storage.dir) });
});
afterEach(async () => {
  await store.close();
  storage.cleanup();
});

describe('sqlite registry', () => {
  it('chains, signs and verifies a clean registry', async () => {
    await fill(20);
    const report = await store.verify({ full: true });
    expect(report).toMatchObject({ ok: true, events: 20 });
    const events = await store.eventsAfter(18, 10);
    expect(events.map((e) => e.seq)).toEqual([19, 20]);
    expect(events[1]!.prev).toBe(events[0]!.hash);
  });

  it('refuses UPDATE and DELETE through its triggers', async () => {
    await fill(3);
    const db = new Database(join(storage.dir, 'registry', 'registry.sqlite'));
    expect(() => db.prepare("UPDATE events SET type = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 2').run()).toThrow(/append-only/);
    db.close();
    expect((await store.verify()).ok).toBe(true);
  });

  it('names the row whose content was changed', async () => {
    await fill(10);
    const db = rawDb();
    const body = (db.prepare('SELECT body FROM events WHERE seq = 4').get() as { body: string }).body;
    db.prepare('UPDATE events SET body = ? WHERE seq = 4').run(body.replace('"niche":"clock"', '"niche":"evil"'));
    db.close();
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('names the row whose signature was replaced', async () => {
    await fill(10);
    const other = generateKeyPairSync('ed25519').privateKey;
    const db = rawDb();
    const row = db.prepare('SELECT hash FROM events WHERE seq = 6').get() as { hash: string };
    db.prepare('UPDATE events SET sig = ? WHERE seq = 6').run(signHash(row.hash, other));
    db.close();
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 6, problem: expect.stringMatching(/signature/) });
  });

  it('finds the first forged row when a suffix was rewritten with a consistent chain', async () => {
    await fill(12);
    const other = generateKeyPairSync('ed25519').privateKey;
    const db = rawDb();
    const rows = db.prepare('SELECT * FROM events WHERE seq >= 7 ORDER BY seq').all() as { seq: number; body: string }[];
    let prev = db.prepare('SELECT hash, sig FROM events WHERE seq = 6').get() as { hash: string; sig: string };
    for (const r of rows) {
      const body = canonical({ ...JSON.parse(r.body), payload: { forged: true } });
      const hash = linkHash(prev.hash, prev.sig, body);
      const sig = signHash(hash, other);
      db.prepare('UPDATE events SET body = ?, prev = ?, hash = ?, sig = ? WHERE seq = ?').run(body, prev.hash, hash, sig, r.seq);
      prev = { hash, sig };
    }
    db.close();
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  it('names a deleted row', async () => {
    await fill(8);
    const db = rawDb();
    db.prepare('DELETE FROM events WHERE seq = 5').run();
    db.close();
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 5 });
  });

  it('names the mirror line that was edited', async () => {
    await fill(8);
    const file = join(storage.dir, 'registry', 'events.log');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"proposer":"t"', '"proposer":"x"');
    writeFileSync(file, lines.join('\n'));
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: expect.stringMatching(/mirror/) });
  });

  it('names the event whose artifact file was tampered with', async () => {
    await fill(5);
    const event = (await store.eventsAfter(2, 1))[0]!;
    const sha = event.payload.sourceSha256 as string;
    writeFileSync(join(storage.dir, 'artifacts', sha.slice(0, 2), `${sha}.src`), 'export function f() { return "pwned"; }');
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: expect.stringMatching(/artifact file/) });
  });

  it('keeps the chain whole across a reopen', async () => {
    await fill(3);
    await store.close();
    store = new SqliteStore({ dir: storage.dir, keys: loadOrCreateKeys(storage.dir) });
    await fill(3);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, events: 6 });
  });
});

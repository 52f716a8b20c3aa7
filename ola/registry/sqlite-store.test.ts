// what only the sqlite store has: its jsonl mirror. the rest of the store's behaviour is in
// the conformance suite every store passes (store-conformance.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../tests/helpers/tmp-storage.ts';
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

beforeEach(() => {
  storage = tmpStorage();
  store = new SqliteStore({ dir: storage.dir, keys: loadOrCreateKeys(storage.dir) });
});
afterEach(async () => {
  await store.close();
  storage.cleanup();
});

describe('sqlite registry', () => {
  it('names the mirror line that was edited', async () => {
    await fill(8);
    const file = join(storage.dir, 'registry', 'events.log');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('"proposer":"t"', '"proposer":"x"');
    writeFileSync(file, lines.join('\n'));
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 3, problem: expect.stringMatching(/mirror/) });
  });

  it('names mirror lines the registry does not have', async () => {
    await fill(4);
    const file = join(storage.dir, 'registry', 'events.log');
    writeFileSync(file, readFileSync(file, 'utf8') + readFileSync(file, 'utf8').split('\n')[0] + '\n');
    expect(await store.verify()).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'mirror has 1 line(s) the registry does not' });
  });
});

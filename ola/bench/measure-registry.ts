// registry appends per second (hashing, signing, mirror) and verify time, against
// a reference of bare sqlite inserts in the same process.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { NewEvent } from '../core/contracts.ts';
import { loadOrCreateKeys } from '../registry/keys.ts';
import { SqliteStore } from '../registry/sqlite-store.ts';
import { tmpStorage } from '../core/tmp-storage.ts';

function sampleEvent(i: number): NewEvent {
  return {
    type: 'run_executed',
    subject: `p_BENCH${String(i).padStart(21, '0')}`,
    payload: { artifactId: `a_BENCH${i}`, stage: 'isolate', phase: 'public', runs: [{ scenarioId: 'clock:drift:101', ok: true, cpuMs: 1.234, wallMs: 1.5, heapBytes: 123456 }], ms: 3.2 },
  };
}

export function appendsPerSecond(n: number): { chained: number; reference: number } {
  const s = tmpStorage();
  try {
    const store = new SqliteStore({ dir: s.dir, keys: loadOrCreateKeys(s.dir) });
    const t0 = performance.now();
    for (let i = 0; i < n; i++) store.appendSync(sampleEvent(i));
    const chained = n / ((performance.now() - t0) / 1000);
    void store.close();
    // reference: the same rows with no hash, signature, projection or mirror
    const db = new Database(join(s.dir, 'ref.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE e (seq INTEGER PRIMARY KEY, body TEXT)');
    const ins = db.prepare('INSERT INTO e (seq, body) VALUES (?, ?)');
    const t1 = performance.now();
    for (let i = 0; i < n; i++) ins.run(i + 1, JSON.stringify(sampleEvent(i)));
    const reference = n / ((performance.now() - t1) / 1000);
    db.close();
    return { chained, reference };
  } finally {
    s.cleanup();
  }
}

/** builds a registry of n events once, then times verify rounds on it */
export async function verifyTimes(n: number, rounds: number, onProgress?: (done: number) => void): Promise<{ ms: number[]; fullMs: number; ok: boolean }> {
  const s = tmpStorage();
  try {
    const store = new SqliteStore({ dir: s.dir, keys: loadOrCreateKeys(s.dir) });
    for (let i = 0; i < n; i++) {
      store.appendSync(sampleEvent(i));
      if (i % 5000 === 0) onProgress?.(i);
    }
    onProgress?.(n);
    const ms: number[] = [];
    let ok = true;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const report = await store.verify();
      ms.push(performance.now() - t0);
      ok &&= report.ok && report.events === n;
    }
    const t0 = performance.now();
    ok &&= (await store.verify({ full: true })).ok;
    const fullMs = performance.now() - t0;
    await store.close();
    return { ms, fullMs, ok };
  } finally {
    s.cleanup();
  }
}

// the circuit breaker on a real registry: stage runs recorded as climbs record them; it trips
// when half of the last runs crashed (once), stays tripped across a restart, and resets.
import { afterEach, describe, expect, it } from 'vitest';
import { tmpStorage } from '../core/tmp-storage.ts';
import { loadOrCreateKeys } from '../registry/keys.ts';
import { SqliteStore } from '../registry/sqlite-store.ts';
import { CircuitBreaker } from './breaker.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function open(dir = tmpStorage()) {
  const store = new SqliteStore({ dir: dir.dir, keys: loadOrCreateKeys(dir.dir) });
  cleanups.push(() => dir.cleanup());
  return { store, dir };
}

/** a stage run as the climb records it (run summaries without outputs) */
const executed = (stage: string, crash: boolean) => ({
  type: 'stage_executed' as const,
  subject: 'a_1',
  payload: { stage, public: { runs: [{ scenarioId: 's1', ok: true }, { scenarioId: 's2', ok: !crash }] }, heldOut: { runs: [] } },
});
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('the circuit breaker', () => {
  it('stays closed below the crash share and below the least runs, then trips once with why', async () => {
    const { store } = open();
    const changes: boolean[] = [];
    const b = new CircuitBreaker(store, (h) => changes.push(h));
    await b.start();
    // too few runs to judge
    for (let i = 0; i < 9; i++) await store.append(executed('jail', true));
    await settle();
    expect(b.halted).toBeUndefined();
    await b.reset('a fresh window', ['olga']);
    // below the share
    for (let i = 0; i < 10; i++) await store.append(executed('vm', false));
    for (let i = 0; i < 9; i++) await store.append(executed('jail', true));
    await settle();
    expect(b.halted).toBeUndefined();
    await store.append(executed('container', true));
    await settle();
    expect(b.halted).toMatchObject({ automatic: true, by: ['the lab'] });
    expect(b.halted!.why).toMatch(/10 of the last 20 stage runs crashed \(jail, container\)/);
    for (let i = 0; i < 5; i++) await store.append(executed('jail', true));
    await settle();
    expect(await store.eventsOf({ types: ['promotions_halted'] })).toHaveLength(1);
    expect(changes).toEqual([true]);
    expect(b.recentRuns()).toMatchObject({ runs: 20 });
    b.close();
    store.close();
  });

  it('is still tripped after a restart, and resets', async () => {
    const { store, dir } = open();
    const b = new CircuitBreaker(store);
    await b.start();
    await b.trip('a drill', ['olga'], false);
    await settle();
    b.close();
    store.close();
    const again = new SqliteStore({ dir: dir.dir, keys: loadOrCreateKeys(dir.dir) });
    const b2 = new CircuitBreaker(again);
    await b2.start();
    expect(b2.halted).toMatchObject({ why: 'a drill', by: ['olga'], automatic: false });
    await b2.reset('checked', ['olga', 'bob']);
    await settle();
    expect(b2.halted).toBeUndefined();
    expect((await again.verify()).ok).toBe(true);
    b2.close();
    again.close();
  });
});

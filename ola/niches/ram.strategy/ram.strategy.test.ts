// ram.strategy through the real pipeline: validator, isolate runner, host scorer, gate.
import { afterAll, describe, expect, it } from 'vitest';
import { firstFailure, nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { ramStrategyNiche as niche } from './index.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());

/** lru's bookkeeping with a chosen victim rule, so each broken artifact differs in one place */
const lruWith = (evictBody: string) => `
let order = new Map();
export function init() {}
export function onHit(key) { order.delete(key); order.set(key, true); }
export function onInsert(key) { order.set(key, true); }
export function evict(t) { ${evictBody} }`;

describe('ram.strategy niche', () => {
  it('passes its lru baseline on public and held-out traces, exactly level with the host lru', async () => {
    const e = await h.evaluate(niche.baseline);
    expect(e.decision.reasons).toEqual([]);
    expect(e.decision.pass).toBe(true);
    for (const s of [e.score, e.heldOut]) {
      expect(s.crashes).toBe(0);
      expect(s.metrics.gain_over_lru).toBe(0);
      expect(s.metrics.worst_gain_over_lru).toBe(0);
      expect(s.metrics.cache_hit_rate).toBeGreaterThan(0.3);
      expect(s.metrics.cache_hit_rate).toBeLessThan(0.7);
      expect(s.metrics.compaction).toBeGreaterThan(0.95);
      expect(s.metrics.buffering).toBe(0);
      expect(s.metrics.cpu_ms_p50).toBeLessThan(niche.limits.cpuMs);
    }
    expect(e.score.labels.method).toBe('lru');
    const t = niche.telemetry(e.score, 'a_TEST');
    expect(t).toMatchObject({ artifact_id: 'a_TEST', buffering: 0, gain_over_lru: 0, method: 'lru' });
    expect(t.compaction).toBe(e.score.metrics.compaction);
    expect(t.cache_hit_rate).toBe(e.score.metrics.cache_hit_rate);
  });

  it('fails an artifact that evicts a key that is not resident', async () => {
    // a number far outside the key space, then a real key that is not in the cache
    const e = await h.evaluate(lruWith('const v = order.keys().next().value; return v + 100000;'));
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBe(e.score.runs);
    expect(firstFailure(e)).toMatch(/evict returned 1\d{5}, not a key in 0\.\.\d+, at access \d+/);
    const e2 = await h.evaluate(lruWith('for (let k = 0; ; k++) if (!order.has(k)) return k;'));
    expect(e2.decision.pass).toBe(false);
    expect(firstFailure(e2)).toMatch(/evict returned key \d+ which is not resident, at access \d+/);
  });

  it('fails an artifact whose evict returns something that is not a key', async () => {
    const e = await h.evaluate(lruWith("const v = order.keys().next().value; order.delete(v); return String(v);"));
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBeGreaterThan(0);
    expect(firstFailure(e)).toMatch(/evict returned string, not a key, at access \d+/);
    const e2 = await h.evaluate(lruWith('return { key: 1 };'));
    expect(firstFailure(e2)).toMatch(/evict returned object, not a key/);
  });

  it('kills an artifact whose evict never returns', async () => {
    const e = await h.evaluate(lruWith('for (;;) {}'));
    expect(e.decision.pass).toBe(false);
    expect(firstFailure(e)).toMatch(/OLA_ERR_SANDBOX_TIMEOUT/);
  });

  it('fails a policy worse than lru (hits demoted to next victim) on the threshold, not as a crash', async () => {
    // a backwards hit rule: a key that was hit becomes the first victim, so the few hot keys
    // that earn lru its hits on the loop traces are thrown out
    const demote = `
let order = new Map();
let doomed = new Map();
export const method = 'demote-on-hit';
export function init() {}
export function onHit(key) { order.delete(key); doomed.delete(key); doomed.set(key, true); }
export function onInsert(key) { order.set(key, true); }
export function evict() {
  const from = doomed.size > 0 ? doomed : order;
  const v = from.keys().next().value;
  from.delete(v);
  return v;
}`;
    const e = await h.evaluate(demote);
    expect(e.score.crashes).toBe(0);
    expect(e.heldOut.crashes).toBe(0);
    expect(e.decision.pass).toBe(false);
    expect(e.decision.reasons.join('\n')).toMatch(/gain_over_lru -?\d\.\d+ not >= -0\.0[25]/);
    const loops = [...e.score.scenarios, ...e.heldOut.scenarios].filter((s) => s.scenarioId.includes(':loop:') || s.scenarioId === 'ram.strategy:heldout:1');
    expect(loops.length).toBe(2);
    for (const s of loops) expect(s.metrics.gain_over_lru).toBeLessThan(-0.02);
  });

  it('rewards a policy that prefetches the next keys of a sequential run, and measures its buffering', async () => {
    const readahead = `
let order = new Map();
let keys = 0;
let prev = -2;
export function init(capacity, keyCount) { keys = keyCount; }
export function onHit(key) { order.delete(key); order.set(key, true); }
export function onInsert(key) { order.set(key, true); }
export function evict() { const v = order.keys().next().value; order.delete(v); return v; }
export function prefetch(key) {
  const run = key === prev + 1;
  prev = key;
  return run ? [key + 1, key + 2].filter((k) => k < keys) : null;
}`;
    const e = await h.evaluate(readahead);
    expect(e.decision.reasons).toEqual([]);
    for (const s of [e.score, e.heldOut]) {
      expect(s.metrics.gain_over_lru).toBeGreaterThan(0.05);
      expect(s.metrics.buffering).toBeGreaterThan(0.5);
      expect(s.metrics.prefetch_rate).toBeGreaterThan(0);
    }
  });
});

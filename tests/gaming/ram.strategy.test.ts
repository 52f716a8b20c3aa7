// ram.strategy cheats: an admission list memorised from the public traces (their hot keys), and
// evicting a key that is not resident to make room for free. held-out traces have other hot
// keys, and the harness checks every eviction against the cache it owns.
import { afterAll, describe, expect, it } from 'vitest';
import ram from '../../ola/niches/ram.strategy/index.ts';
import type { RamScenario } from '../../ola/niches/ram.strategy/scenarios.ts';
import { firstFailure, nicheHarness } from '../helpers/niche-harness.ts';
import { failsOnHeldOutOnly, gateRefuses } from './cheat.ts';

const h = nicheHarness(ram);
afterAll(() => h.close());

/** the most accessed keys of a trace that fit in its cache together */
function hotKeys(s: RamScenario): number[] {
  const count = new Map<number, number>();
  for (const k of s.input.keys) count.set(k, (count.get(k) ?? 0) + 1);
  const hot: number[] = [];
  let used = 0;
  for (const [k] of [...count.entries()].sort((a, b) => b[1] - a[1])) {
    if (used + s.input.sizes[k]! > s.input.capacity) continue;
    used += s.input.sizes[k]!;
    hot.push(k);
  }
  return hot;
}

const LRU = `export function onHit(key) { order.delete(key); order.set(key, true); }
  export function onInsert(key) { order.set(key, true); }
  export function evict() { const v = order.keys().next().value; order.delete(v); return v; }`;

describe('ram.strategy cheats fail the gate', () => {
  it('an admission list memorised from the public traces fails on held-out traces', async () => {
    // per public trace: capacity, key count, its hot keys, and whether the list beat lru there
    // (on phase and mixed traces it did not, so there the memoriser is plain lru)
    const tables = (h.catalog.scenarios('ram.strategy').public as RamScenario[]).map(
      (s) => `[${s.input.capacity}, ${s.input.sizes.length}, [${hotKeys(s).join(',')}], ${s.kind === 'phase' || s.kind === 'mixed' ? 0 : 1}]`,
    );
    const source = `const TABLES = [${tables.join(',')}];
      let hot = new Set(), useList = true, order = new Map();
      // a trace it has not seen gets the list of the nearest public one
      export function init(capacity, keyCount) {
        let best = TABLES[0], d = Infinity;
        for (const t of TABLES) { const e = Math.abs(t[0] - capacity) + Math.abs(t[1] - keyCount); if (e < d) { d = e; best = t; } }
        hot = new Set(best[2]); useList = d > 0 || best[3] === 1; order = new Map();
      }
      export function admit(key) { return !useList || hot.has(key); }
      ${LRU}`;
    const e = await h.evaluate(source);
    // well above lru on the traces it memorised, below it on the others
    expect(e.score.metrics.gain_over_lru).toBeGreaterThan(0.1);
    expect(e.heldOut.metrics.gain_over_lru).toBeLessThan(-0.02);
    failsOnHeldOutOnly(e);
  });

  it('evicting a key that is not resident (room for free) fails the run', async () => {
    const e = await h.evaluate(`let order = new Map(), n = 0;
      export function init(capacity, keyCount) { n = keyCount; order = new Map(); }
      ${LRU.replace('export function evict() {', 'export function evict() { if (order.size > 8) { for (let k = 0; k < n; k++) if (!order.has(k)) return k; }')}`);
    gateRefuses(e, /public: \d+ of \d+ runs failed/);
    expect(firstFailure(e)).toMatch(/not resident|invalid|evict/i);
  });
});

// ram.strategy scenarios: deterministic, held-out seeds hidden, and lru's reference checked
// against an independent, slow lru.
import { describe, expect, it } from 'vitest';
import { scenariosHash } from '../../score/scenario-hash.ts';
import { ramStrategyNiche as niche } from './index.ts';
import { KINDS, synthetic, type RamInput } from './scenarios.ts';
import { MAX_SIZE } from './traces.ts';

const make = (fill: number) => niche.scenarios({ heldOutKey: Buffer.alloc(32, fill), storageDir: '/nonexistent' });

/** lru as a recency list of keys, oldest first: slow and obviously right */
function slowLru(input: RamInput): number {
  const list: number[] = [];
  let hits = 0;
  for (const k of input.keys) {
    const at = list.indexOf(k);
    if (at >= 0) {
      hits++;
      list.splice(at, 1);
    } else {
      const size = (key: number) => input.sizes[key]!;
      while (list.reduce((a, x) => a + size(x), 0) + size(k) > input.capacity) list.shift();
    }
    list.push(k);
  }
  return hits;
}

describe('ram.strategy scenarios', () => {
  const a = make(5);

  it('are the same from the same seeds and key, and differ held-out under another key', () => {
    expect(scenariosHash(make(5))).toBe(scenariosHash(a));
    const held = (x: typeof a) => x.filter((s) => s.heldOut);
    expect(scenariosHash(held(make(6)))).not.toBe(scenariosHash(held(a)));
    expect(scenariosHash(a.filter((s) => !s.heldOut))).toBe(scenariosHash(make(6).filter((s) => !s.heldOut)));
  });

  it('cover every trace kind in public, and hide held-out seeds from their ids', () => {
    expect(new Set(a.filter((s) => !s.heldOut).map((s) => s.kind))).toEqual(new Set(KINDS));
    const held = a.filter((s) => s.heldOut);
    expect(held.length).toBeGreaterThanOrEqual(3);
    for (const s of held) expect(s.id).not.toContain(String(s.seed));
  });

  it('keep keys in range, sizes in 1..64, and lengths modest', () => {
    for (const s of a) {
      const { keys, sizes, capacity, warmup } = s.input;
      expect(keys.length).toBeGreaterThanOrEqual(12_000);
      expect(keys.length).toBeLessThanOrEqual(16_000);
      expect(warmup).toBe(Math.floor(keys.length * 0.2));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_SIZE);
      expect(capacity).toBeGreaterThan(20 * MAX_SIZE);
      for (const k of keys) if (!(k >= 0 && k < sizes.length)) throw new Error(`key ${k} out of range in ${s.id}`);
    }
  });

  it('take lru to near zero on the loop part of loop traces', () => {
    const s = synthetic(77, 'loop', false);
    expect(s.truth.lruHits / s.input.keys.length).toBeLessThan(0.2);
    const z = synthetic(77, 'zipf', false);
    expect(z.truth.lruHits / z.input.keys.length).toBeGreaterThan(0.2);
  });

  it('carry lru hits that an independent lru agrees with', () => {
    for (const kind of ['scan', 'mixed'] as const) {
      const s = synthetic(9, kind, false);
      expect(s.truth.lruHits).toBe(slowLru(s.input));
    }
  });
});

// the host judge on hand-made outputs: the real driver run on the host (no isolate) makes
// honest logs, which are then tampered with or replaced by garbage.
import { describe, expect, it } from 'vitest';
import type { ScenarioScore } from '../../core/contracts.ts';
import { ramStrategyNiche as niche } from './index.ts';
import { ramJudge } from './judge.ts';
import { lruHits } from './lru.ts';
import type { RamInput, RamScenario } from './scenarios.ts';

type Policy = Record<string, unknown>;
const drive = new Function(`'use strict';\n${niche.driver}\nreturn drive;`)() as (a: Policy, input: RamInput) => Record<string, unknown>;
const COST = { cpuMs: 1, wallMs: 1 };

function scenario(capacity: number, sizes: number[], keys: number[]): RamScenario {
  const input: RamInput = { capacity, sizes: Uint8Array.from(sizes), keys: Int32Array.from(keys), warmup: Math.floor(keys.length / 5) };
  return { id: 'ram.strategy:test', seed: 0, kind: 'loop', heldOut: false, input, truth: { lruHits: lruHits(input) } };
}

/** lru as a plain object policy */
function lru(): Policy {
  const order = new Map<number, true>();
  return {
    init() {},
    onHit: (k: number) => (order.delete(k), order.set(k, true)),
    onInsert: (k: number) => order.set(k, true),
    evict: () => {
      const v = order.keys().next().value!;
      order.delete(v);
      return v;
    },
  };
}

/** belady: evicts the resident key used farthest in the future (it is handed the trace, a test cheat) */
function belady(keys: number[]): Policy {
  const resident = new Set<number>();
  const nextUse = (k: number, t: number) => {
    const i = keys.indexOf(k, t + 1);
    return i < 0 ? Infinity : i;
  };
  return {
    init() {},
    onInsert: (k: number) => resident.add(k),
    evict: (t: number) => {
      let best = -1;
      for (const k of resident) if (best < 0 || nextUse(k, t) > nextUse(best, t)) best = k;
      resident.delete(best);
      return best;
    },
  };
}

// a loop of four 3-unit keys through a 10-unit cache: lru never hits
const loopKeys = Array.from({ length: 40 }, (_, i) => i % 4);
const loop = scenario(10, [3, 3, 3, 3], loopKeys);

function judged(s: RamScenario, out: unknown): ScenarioScore {
  return ramJudge.judge(s, out, COST);
}

describe('ram.strategy judge', () => {
  it('scores lru level with the host reference, and belady (the best possible) above it', () => {
    const a = judged(loop, drive(lru(), loop.input));
    expect(a.ok).toBe(true);
    // 40 misses; the first three fit without a victim
    expect(a.metrics).toMatchObject({ cache_hit_rate: 0, lru_hit_rate: 0, gain_over_lru: 0, buffering: 0, evictions: 37 });
    const b = judged(loop, drive(belady(loopKeys), loop.input));
    expect(b.ok).toBe(true);
    // three of four keys fit: after the first four misses belady misses one access in three
    expect(b.metrics.cache_hit_rate).toBeCloseTo(24 / 40, 12);
    expect(b.metrics.gain_over_lru).toBe(b.metrics.cache_hit_rate);
    expect(b.metrics.compaction).toBeCloseTo(0.9, 5);
  });

  it('agrees with lru on a generated trace and counts prefetch hits as buffering', () => {
    const s = niche.scenarios({ heldOutKey: Buffer.alloc(32, 1), storageDir: '/nonexistent' }).find((x) => x.kind === 'scan')!;
    const a = judged(s, drive(lru(), s.input));
    expect(a.ok).toBe(true);
    expect(a.metrics.gain_over_lru).toBe(0);
    const ahead = { ...lru(), prefetch: (k: number) => (k + 1 < s.input.sizes.length ? [k + 1] : []) };
    const b = judged(s, drive(ahead, s.input));
    expect(b.ok).toBe(true);
    expect(b.metrics.buffering).toBeGreaterThan(0);
    expect(b.metrics.buffering).toBeLessThanOrEqual(1);
    expect(b.metrics.prefetch_rate).toBeGreaterThan(0);
  });

  it('scores a policy that bypasses everything at zero hits and zero compaction', () => {
    const r = judged(loop, drive({ init() {}, evict: () => 0, admit: () => false }, loop.input));
    expect(r.ok).toBe(true);
    expect(r.metrics).toMatchObject({ cache_hit_rate: 0, compaction: 0, bypass_rate: 1, evictions: 0 });
  });

  it('rejects counts the log does not support, and logs the rules do not allow', () => {
    const honest = () => drive(belady(loopKeys), loop.input) as Record<string, unknown> & { codes: Uint8Array; victims: Int32Array };
    const inflated = { ...honest(), hits: (honest().hits as number) + 1 };
    expect(judged(loop, inflated).reason).toMatch(/driver counts disagree with the replay: hits/);
    const a = honest();
    a.codes = a.codes.slice();
    a.codes[5] = a.codes[5] === 0 ? 1 : 0;
    expect(judged(loop, a).reason).toMatch(/^replay: access 5 is logged as a (hit|miss)/);
    const b = honest();
    b.victims = b.victims.slice();
    b.victims[3] = 3 - b.victims[3]!;
    expect(judged(loop, b).reason).toMatch(/^replay: (victim \d+ at access \d+ is not resident|access \d+ is logged)/);
    const c = honest();
    c.victims = Int32Array.from([...c.victims, 0]);
    expect(judged(loop, c).reason).toMatch(/victims more than the replay needed/);
    const d = { ...honest(), occupancySum: 1 };
    expect(judged(loop, d).reason).toMatch(/occupancySum/);
  });

  it('passes the driver\'s own reason through', () => {
    const out = drive({ init() {}, evict: () => 99 }, loop.input);
    const r = judged(loop, out);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('evict returned 99, not a key in 0..3, at access 3');
  });

  it('rejects malformed outputs with a reason and never throws', () => {
    const good = drive(lru(), loop.input);
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'hits',
      [],
      {},
      { ...good, badType: 7 },
      { ...good, method: null },
      { ...good, codes: Array.from(good.codes as Uint8Array) },
      { ...good, codes: new Uint8Array(3) },
      { ...good, prefetchCounts: new Uint16Array(40) },
      { ...good, victims: Float64Array.from(good.victims as Int32Array) },
      { ...good, prefetched: null },
      { ...good, hits: Number.NaN },
      { ...good, misses: '40' },
      { ...good, samples: Infinity },
    ];
    for (const out of bad) {
      const r = judged(loop, out);
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(/\w/);
      expect(r.metrics).toEqual({});
    }
  });

  it('aggregates means, keeps the worst gain, and maps the hit rate to utility', () => {
    const s = (gain: number, hit: number): ScenarioScore => ({
      scenarioId: String(gain),
      ok: true,
      metrics: { cache_hit_rate: hit, lru_hit_rate: hit - gain, gain_over_lru: gain, compaction: 1, buffering: 0, evictions: 10, prefetch_rate: 0, bypass_rate: 0 },
    });
    const m = ramJudge.aggregate([s(0.1, 0.5), s(-0.04, 0.3), { scenarioId: 'x', ok: false, reason: 'crash', metrics: {} }]);
    expect(m.cache_hit_rate).toBeCloseTo(0.4, 10);
    expect(m.gain_over_lru).toBeCloseTo(0.03, 10);
    expect(m.worst_gain_over_lru).toBe(-0.04);
    for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
    expect(ramJudge.utility({ cache_hit_rate: 0.2 })).toBeLessThan(ramJudge.utility({ cache_hit_rate: 0.6 }));
    expect(ramJudge.utility({ cache_hit_rate: 1 })).toBe(1);
    expect(ramJudge.utility({})).toBe(0);
  });
});

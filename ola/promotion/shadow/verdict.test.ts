// the verdict rules on constructed samples: shifted uniform grids make the effect known in
// advance (x = u + s against u: delta = 1 - (1 - s)^2), seeded noise makes it realistic.
import { describe, expect, it } from 'vitest';
import type { ShadowThresholds } from '../../core/contracts.ts';
import { shadow as clock } from '../../niches/clock/shadow.ts';
import { shadow as fuse } from '../../niches/fuse.compress/shadow.ts';
import { shadow as gui } from '../../niches/gui.fb/shadow.ts';
import { shadow as ram } from '../../niches/ram.strategy/shadow.ts';
import { rng } from '../../niches/shared/rng.ts';
import type { SideInput } from './summary.ts';
import { shadowVerdict } from './verdict.ts';

const side = (values: ArrayLike<number>, o: Partial<SideInput> = {}): SideInput => ({ values, events: values.length, crashes: 0, mismatches: 0, ...o });
const grid = (n: number, shift = 0) => Array.from({ length: n }, (_, i) => (i + 0.5) / n + shift);
const absNormal = (seed: number, n: number, sd: number) => {
  const r = rng(seed);
  return Array.from({ length: n }, () => Math.abs(r.gauss(0, sd)));
};
/** lower is better, no absolute limits, few events needed */
const plain: ShadowThresholds = {
  metric: { name: 'err', better: 'lower', unit: 'ms', what: 'test error' },
  minEvents: 10,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
};

describe('the shadow verdict', () => {
  it('passes a candidate that is better, with the clock niche thresholds', () => {
    const v = shadowVerdict(side(absNormal(1, 1000, 0.5)), side(absNormal(2, 1000, 1)), clock);
    expect(v.verdict).toBe('pass');
    expect(v.reasons[0]).toMatch(/^better \(p /);
    expect(v.effectSize!.delta).toBeGreaterThan(0.2);
    expect(v.test!.pBetter).toBeLessThan(1e-6);
    expect(v.p).toBeLessThan(1e-6);
    expect(v.confidence).toBe(0.95);
    expect(v.candidate.samples).toBe(1000);
  });

  it('passes a candidate shown not worse (non-inferiority) when nothing differs', () => {
    const v = shadowVerdict(side(absNormal(3, 2000, 1)), side(absNormal(4, 2000, 1)), clock);
    expect(v.verdict).toBe('pass');
    expect(v.effectSize!.low).toBeGreaterThan(-clock.toleratedEffect);
    expect(v.reasons[0]).toMatch(/not worse/);
  });

  it('fails a candidate significantly worse beyond the tolerated effect', () => {
    // s = 0.2: delta 0.36 against it
    const v = shadowVerdict(side(grid(300, 0.2)), side(grid(300)), plain);
    expect(v.verdict).toBe('fail');
    expect(v.effectSize!.delta).toBeCloseTo(-(1 - 0.8 ** 2), 2);
    expect(v.test!.pWorse).toBeLessThan(1e-6);
    expect(v.reasons[0]).toMatch(/^worse: .*beyond the tolerated 0.147/);
  });

  it('is marginal when significantly worse within the tolerance but the interval reaches past it', () => {
    // s = 0.06: delta 0.116 against it; 300 events leave an interval about +-0.09 wide
    const v = shadowVerdict(side(grid(300, 0.06)), side(grid(300)), plain);
    expect(v.verdict).toBe('marginal');
    expect(v.test!.pWorse).toBeLessThan(0.05);
    expect(v.effectSize!.delta).toBeGreaterThan(-0.147);
    expect(v.effectSize!.low).toBeLessThan(-0.147);
    expect(v.reasons[0]).toMatch(/^worse, within the tolerated/);
  });

  it('is marginal when few events leave the question open', () => {
    const v = shadowVerdict(side(grid(12, 0.1)), side(grid(12)), plain);
    expect(v.verdict).toBe('marginal');
    expect(v.test!.method).toBe('exact');
    expect(v.test!.pWorse).toBeGreaterThan(0.05);
    expect(v.reasons[0]).toMatch(/worse beyond the tolerated 0.147, not significantly/);
    const same = shadowVerdict(side(grid(12)), side(grid(12)), plain);
    expect(same.verdict).toBe('marginal');
    expect(same.reasons[0]).toMatch(/more events would settle it/);
  });

  it('is insufficient below minEvents, with null statistics and no NaN', () => {
    const v = shadowVerdict(side([]), side([1, 2, 3]), plain);
    expect(v).toMatchObject({ verdict: 'insufficient', p: null, test: null, effectSize: null });
    expect(v.candidate).toMatchObject({ samples: 0, mean: null, median: null, p95: null, crashRate: 0 });
    expect(v.reasons[0]).toBe('too few values to compare: candidate 0, incumbent 3, 10 needed on each side');
    expect(JSON.stringify(v)).not.toMatch(/NaN/);
    expect(shadowVerdict(side(grid(5)), side(grid(500)), plain).verdict).toBe('insufficient');
  });

  it('fails on a mismatch where outputs must be exact, however few the events', () => {
    const v = shadowVerdict(side([2, 2.1, 1.9], { events: 4, mismatches: 1 }), side([2, 2, 2]), fuse);
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toMatch(/^mismatches: 1 of 4 events \(25%\) where outputs must match, over 0% allowed/);
    // niches without an exactness rule only report mismatches
    const c = shadowVerdict(side(grid(600), { mismatches: 600 }), side(grid(600)), plain);
    expect(c.verdict).toBe('pass');
    expect(c.candidate.mismatchRate).toBe(1);
  });

  it('fails on more crashes than the incumbent, not on the same rate', () => {
    const worse = shadowVerdict(side(grid(100), { events: 101, crashes: 1 }), side(grid(100)), plain);
    expect(worse.verdict).toBe('fail');
    expect(worse.reasons[0]).toMatch(/^crashes: 1 of 101 events/);
    expect(worse.effectSize).not.toBeNull();
    const same = shadowVerdict(side(grid(600), { events: 601, crashes: 1 }), side(grid(600), { events: 601, crashes: 1 }), plain);
    expect(same.verdict).toBe('pass');
  });

  it("fails a candidate past the niche's absolute limits though it matches the incumbent", () => {
    // both hit the cursor on 90% of frames: not worse, but under gui.fb's 0.95
    const hits = Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 0 : 1));
    const v = shadowVerdict(side(hits), side(hits), gui);
    expect(v.verdict).toBe('fail');
    expect(v.reasons).toContain('cursor_hit mean 0.9 hit, limit >= 0.95');
    const perfect = new Array(300).fill(1);
    expect(shadowVerdict(side(perfect), side(perfect), gui).verdict).toBe('pass');
  });

  it('reads higher-is-better metrics the other way round', () => {
    const v = shadowVerdict(side(grid(200, 0.1)), side(grid(200)), ram);
    expect(v.verdict).toBe('pass');
    expect(v.effectSize!.delta).toBeCloseTo(1 - 0.9 ** 2, 2);
    const w = shadowVerdict(side(grid(200)), side(grid(200, 0.3)), ram);
    expect(w.verdict).toBe('fail');
    expect(w.effectSize!.delta).toBeLessThan(0);
  });

  it('leaves out values that are not finite numbers, saying so', () => {
    const v = shadowVerdict(side([...grid(50), Number.NaN, Infinity]), side(grid(50)), plain);
    expect(v.candidate).toMatchObject({ samples: 50, invalid: 2, events: 52 });
    expect(v.reasons.at(-1)).toBe('2 candidate values were not finite numbers and were left out');
  });

  it('judges 100k events a side well under a second', () => {
    const c = absNormal(5, 100_000, 1);
    const i = absNormal(6, 100_000, 1);
    const t0 = performance.now();
    const v = shadowVerdict(side(c), side(i), clock);
    expect(performance.now() - t0).toBeLessThan(900);
    expect(v.verdict).toBe('pass');
  });
});

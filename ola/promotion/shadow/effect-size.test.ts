// cliff's delta and its interval: against the pairwise definition computed the slow way,
// and against a published interval.
import { describe, expect, it } from 'vitest';
import { cliffInterval, cliffsDelta, magnitude } from './effect-size.ts';

/** the definitions written out over every pair: delta, and cliff's (1993) variance */
function bruteForce(x: number[], y: number[]) {
  const m = x.length;
  const n = y.length;
  const d = x.map((xi) => y.map((yj) => Math.sign(xi - yj)));
  const delta = d.flat().reduce((a, b) => a + b, 0) / (m * n);
  const row = d.map((r) => r.reduce((a, b) => a + b, 0) / n);
  const col = y.map((_, j) => d.reduce((a, r) => a + r[j]!, 0) / m);
  const ss = (v: number[]) => v.reduce((a, b) => a + (b - delta) ** 2, 0);
  const cells = ss(d.flat());
  const v = (n * n * ss(row) + m * m * ss(col) - cells) / (m * n * (m - 1) * (n - 1));
  return { delta, variance: Math.max(v, (1 - delta * delta) / (m * n - 1)) };
}

describe("cliff's delta", () => {
  it('is P(x > y) - P(x < y), the rank-biserial correlation 2u/(mn) - 1', () => {
    // hand count for 1 3 5 against 2 4 6: x wins 3 pairs, loses 6 -> (3 - 6) / 9
    expect(cliffsDelta([1, 3, 5], [2, 4, 6]).delta).toBeCloseTo(-1 / 3, 12);
    expect(cliffsDelta([4, 5, 6], [1, 2, 3]).delta).toBe(1);
    expect(cliffsDelta([1, 2], [1, 2]).delta).toBe(0);
  });

  it('has the variance of its pairwise definition, ties included', () => {
    const cases: [number[], number[]][] = [
      [[1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8]],
      [[0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]],
      [[5, 1, 4, 4, 2, 9, 9, 0], [4, 4, 3, 8, 1, 1]],
    ];
    for (const [x, y] of cases) {
      const want = bruteForce(x, y);
      const got = cliffsDelta(x, y);
      expect(got.delta).toBeCloseTo(want.delta, 12);
      expect(got.se ** 2).toBeCloseTo(want.variance, 12);
      expect(got.low).toBeLessThan(got.delta);
      expect(got.high).toBeGreaterThan(got.delta);
    }
  });

  it("gives cliff's asymmetric interval as published", () => {
    // real-statistics.com, "cliff's delta", example 2: d = -0.40152, se = .225 ->
    // 95% interval (-.730, .0778); se is printed rounded, so two decimals
    const ci = cliffInterval(-0.40152, 0.225, 0.95);
    expect(ci.low).toBeCloseTo(-0.73, 2);
    expect(ci.high).toBeCloseTo(0.0778, 2);
    expect(cliffInterval(0.3, 0, 0.95)).toEqual({ low: 0.3, high: 0.3 });
  });

  it('stays inside [-1, 1] and never NaN at the edges', () => {
    const sep = cliffsDelta([10, 11, 12, 13], [1, 2, 3]);
    expect(sep.delta).toBe(1);
    expect(sep.high).toBe(1);
    expect(sep.low).toBeLessThanOrEqual(1);
    const one = cliffsDelta([1], [2]);
    expect(one).toMatchObject({ delta: -1, low: -1, high: 1 });
    const same = cliffsDelta([3, 3, 3], [3, 3]);
    expect(same.delta).toBe(0);
    for (const v of [same.low, same.high, same.se]) expect(Number.isFinite(v)).toBe(true);
    expect(() => cliffsDelta([], [1])).toThrow(RangeError);
    expect(() => cliffsDelta([1], [2], 1)).toThrow(RangeError);
  });

  it("names the magnitude by romano's thresholds", () => {
    expect([0.1, -0.2, 0.4, -0.6].map(magnitude)).toEqual(['negligible', 'small', 'medium', 'large']);
  });
});

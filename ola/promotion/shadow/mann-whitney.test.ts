// the rank test against hand-computed and published examples, its edges, and its speed.
// reference p-values are the books' and r's; scipy.stats.mannwhitneyu 1.17 agrees with each.
import { describe, expect, it } from 'vitest';
import { exactDistribution, mannWhitney } from './mann-whitney.ts';
import { normalCdf, normalQuantile, normalSf } from './normal.ts';

describe('the normal distribution', () => {
  it('gives tail probabilities to many digits, far into the tail', () => {
    // standard normal table values (abramowitz and stegun 26.2; the far tail as scipy's norm.sf)
    const table: [number, number][] = [
      [0.5, 0.3085375387259869],
      [1.96, 0.024997895148220435],
      [3, 0.0013498980316300946],
      [5, 2.866515718791939e-7],
      [8, 6.22096057427178e-16],
      [20, 2.7536241186062e-89],
      [37, 5.725571222524e-300],
    ];
    for (const [z, p] of table) {
      expect(normalSf(z) / p).toBeCloseTo(1, 10);
      expect(normalCdf(-z) / p).toBeCloseTo(1, 10);
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalSf(50)).toBe(0);
  });

  it('inverts the cdf', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 9);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('mann-whitney u', () => {
  it('matches a hand-computed case: 3 against 3', () => {
    // u for m = n = 3 counts the partitions that fit a 3x3 box: 1 1 2 3 3 3 3 2 1 1 of 20
    expect(Array.from(exactDistribution(3, 3), (p) => Math.round(p * 20))).toEqual([1, 1, 2, 3, 3, 3, 3, 2, 1, 1]);
    // x = 1 3 5 against y = 2 4 6: pairs x > y are (3,2) (5,2) (5,4), u = 3, p(U <= 3) = 7/20
    const r = mannWhitney([1, 3, 5], [2, 4, 6]);
    expect(r).toMatchObject({ u: 3, uY: 6, method: 'exact', ties: false });
    expect(r.tails.less).toBeCloseTo(7 / 20, 12);
    expect(r.p).toBeCloseTo(0.7, 12);
    // complete separation: u = 0, two-sided p = 2 / C(6, 3)
    expect(mannWhitney([1, 2, 3], [4, 5, 6]).p).toBeCloseTo(0.1, 12);
  });

  it("matches hollander and wolfe (1973, p. 69), the example of r's wilcox.test", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    // r: W = 35, p-value = 0.1272 (alternative "greater"); two-sided 0.2544
    const greater = mannWhitney(x, y, { alternative: 'greater' });
    expect(greater).toMatchObject({ u: 35, method: 'exact' });
    expect(greater.p).toBeCloseTo(0.1272061272061272, 12);
    expect(mannWhitney(x, y).p).toBeCloseTo(0.2544122544122544, 12);
    expect(mannWhitney(x, y, { alternative: 'less' }).p).toBeCloseTo(0.8967698967698967, 12);
    // the normal approximation with continuity (r's exact = FALSE): 0.2446 two-sided, 0.1223 greater
    expect(mannWhitney(x, y, { method: 'normal' }).p).toBeCloseTo(0.24462360512698333, 12);
    expect(mannWhitney(x, y, { method: 'normal', alternative: 'greater' }).p).toBeCloseTo(0.12231180256349167, 12);
  });

  it('corrects the variance for ties and goes to the normal approximation', () => {
    const a = [1, 2, 2, 3, 3, 3, 4, 5];
    const b = [3, 4, 4, 5, 5, 6, 7, 7, 8];
    // midranks by hand: 1 | 2,2 -> 2.5 | 3,3,3 (+ one 3 of b) -> 5.5 | 4 (+ 4,4) -> 9 | 5 (+ 5,5) -> 12
    // r_a = 1 + 5 + 16.5 + 9 + 12 = 43.5, u = 43.5 - 8 * 9 / 2 = 7.5; tie groups 2,4,3,3,2
    const r = mannWhitney(a, b);
    expect(r).toMatchObject({ u: 7.5, uY: 64.5, ties: true, method: 'normal' });
    // scipy mannwhitneyu(a, b, method='asymptotic'): 0.006373133838085873; 'less' 0.0031865669190429364
    expect(r.p).toBeCloseTo(0.006373133838085873, 12);
    expect(mannWhitney(a, b, { alternative: 'less' }).p).toBeCloseTo(0.0031865669190429364, 12);
    expect(mannWhitney(a, b, { alternative: 'greater' }).p).toBeCloseTo(0.9976386658073535, 12);
    expect(() => mannWhitney(a, b, { method: 'exact' })).toThrow(/ties/);
  });

  it('uses the exact distribution up to 49 a side and agrees with published tables there', () => {
    const x = [1.1, 2.3, 3.7, 4.2, 5.9, 6.1, 7.4, 8.8, 9.0, 10.5, 11.2, 12.9, 13.3, 14.7, 15.1, 16.6, 17.0, 18.4, 19.9, 20.2];
    const y = [2.0, 3.1, 5.5, 6.6, 9.5, 10.1, 12.2, 14.4, 16.0, 18.8, 21.1, 22.3, 23.5, 24.7, 25.2, 26.9, 27.3, 28.8, 29.1, 30.6, 31.0, 32.2];
    const r = mannWhitney(x, y);
    expect(r).toMatchObject({ u: 112, method: 'exact' });
    expect(r.p).toBeCloseTo(0.0058765569939172755, 12);
    // 49 against 49, interleaved: u = 1176, scipy's exact 0.8652103571528106
    const evens = Array.from({ length: 49 }, (_, i) => 2 * i);
    const odds = evens.map((v) => v + 1);
    const big = mannWhitney(evens, odds);
    expect(big).toMatchObject({ u: 1176, method: 'exact' });
    expect(big.p).toBeCloseTo(0.8652103571528106, 10);
    expect(mannWhitney([...evens, 1000], odds).method).toBe('normal');
    const wide = Array.from({ length: 101 }, (_, i) => i);
    expect(() => mannWhitney(wide, wide.map((v) => v + 0.5), { method: 'exact' })).toThrow(/too costly/);
  });

  it('says nothing either way for identical samples, never NaN', () => {
    const r = mannWhitney([4, 4, 4, 4], [4, 4, 4]);
    expect(r).toMatchObject({ u: 6, z: 0, p: 1, ties: true });
    const same = mannWhitney([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]);
    expect(same.p).toBe(1);
    expect(Number.isNaN(same.z)).toBe(false);
  });

  it('handles one value a side and refuses empty samples and non-finite values', () => {
    const one = mannWhitney([1], [2]);
    expect(one).toMatchObject({ u: 0, p: 1, method: 'exact' });
    expect(mannWhitney([1], [1]).p).toBe(1);
    expect(() => mannWhitney([], [1, 2])).toThrow(/both samples need a value/);
    expect(() => mannWhitney([1, 2], [])).toThrow(RangeError);
    expect(() => mannWhitney([1, Number.NaN], [2])).toThrow(/x\[1\] is NaN/);
    expect(() => mannWhitney([1], [Infinity])).toThrow(RangeError);
  });

  it('tests 100k values a side in well under a second', () => {
    let s = 12345;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const x = Float64Array.from({ length: 100_000 }, rand);
    const y = Float64Array.from({ length: 100_000 }, () => rand() + 0.01);
    const t0 = performance.now();
    const r = mannWhitney(x, y, { alternative: 'less' });
    const ms = performance.now() - t0;
    expect(r.method).toBe('normal');
    expect(r.p).toBeLessThan(1e-6);
    expect(r.u + r.uY).toBe(1e10);
    expect(ms).toBeLessThan(800);
  });
});

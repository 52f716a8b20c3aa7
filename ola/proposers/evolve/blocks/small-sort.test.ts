import { describe, expect, it } from 'vitest';
import { rng } from '../../../niches/shared/rng.ts';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { insertionSort, argsort, medianOf } = hostBlock('small-sort');

describe('block small-sort', () => {
  it('sorts a range in place and leaves the rest', () => {
    const a = [9, 5, 3, 8, 1, 0];
    insertionSort(a, 1, 5);
    expect(a).toEqual([9, 1, 3, 5, 8, 0]);
  });

  it('argsort is a stable sort of indices', () => {
    const r = rng(2);
    const keys = Array.from({ length: 301 }, () => r.int(0, 20));
    const idx = [...argsort(keys, keys.length)];
    const want = keys.map((k, i) => [k, i]).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!).map((p) => p[1]);
    expect(idx).toEqual(want);
    expect([...argsort([], 0)]).toEqual([]);
  });

  it('median of a range, odd and even, without touching the input', () => {
    const a = [7, 1, 9, 3, 5, 100];
    expect(medianOf(a, 0, 5)).toBe(5);
    expect(medianOf(a, 0, 4)).toBe(5);
    expect(a).toEqual([7, 1, 9, 3, 5, 100]);
    expect(medianOf(a, 2, 2)).toBeNaN();
  });
});

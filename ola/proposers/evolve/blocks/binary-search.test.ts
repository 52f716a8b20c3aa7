import { describe, expect, it } from 'vitest';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { lowerBound, upperBound, sortedInsert } = hostBlock('binary-search');

describe('block binary-search', () => {
  it('finds bounds among duplicates, and at both ends', () => {
    const a = [1, 3, 3, 3, 7, 99, 99];
    expect(lowerBound(a, 5, 3)).toBe(1);
    expect(upperBound(a, 5, 3)).toBe(4);
    expect(lowerBound(a, 5, 0)).toBe(0);
    expect(lowerBound(a, 5, 8)).toBe(5);
    expect(upperBound(a, 0, 8)).toBe(0);
  });

  it('inserts keeping order', () => {
    const a = new Float64Array(6);
    let n = 0;
    for (const x of [5, 1, 4, 1, 9]) n = sortedInsert(a, n, x);
    expect(n).toBe(5);
    expect([...a.subarray(0, n)]).toEqual([1, 1, 4, 5, 9]);
  });
});

import { describe, expect, it } from 'vitest';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { ringCreate, ringPush, ringAt, ringBack, ringMean, ringValues } = hostBlock('ring-buffer');

describe('block ring-buffer', () => {
  it('keeps the newest values in order', () => {
    const r = ringCreate(3);
    expect(ringMean(r)).toBeNaN();
    ringPush(r, 1);
    ringPush(r, 2);
    expect([...ringValues(r)]).toEqual([1, 2]);
    for (const x of [3, 4, 5]) ringPush(r, x);
    expect([...ringValues(r)]).toEqual([3, 4, 5]);
    expect(ringAt(r, 0)).toBe(3);
    expect(ringBack(r, 0)).toBe(5);
    expect(ringBack(r, 2)).toBe(3);
    expect(ringMean(r)).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { rng } from '../../../niches/shared/rng.ts';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { cmsCreate, cmsAdd, cmsEstimate, cmsHalve } = hostBlock('count-min');

describe('block count-min', () => {
  it('never undercounts, and counts heavy keys closely', () => {
    const s = cmsCreate(512, 4);
    const truth = new Map<number, number>();
    const r = rng(3);
    for (let i = 0; i < 20_000; i++) {
      // a few heavy keys in a long tail
      const k = r.chance(0.3) ? r.int(0, 5) : r.int(0, 100_000);
      cmsAdd(s, k);
      truth.set(k, (truth.get(k) ?? 0) + 1);
    }
    for (const [k, n] of truth) expect(cmsEstimate(s, k)).toBeGreaterThanOrEqual(n);
    for (let k = 0; k < 5; k++) expect(cmsEstimate(s, k) / truth.get(k)!).toBeLessThan(1.2);
    expect(s.total).toBe(20_000);
  });

  it('halving ages every count', () => {
    const s = cmsCreate(64, 2);
    cmsAdd(s, 42, 9);
    cmsHalve(s);
    expect(cmsEstimate(s, 42)).toBe(4);
    expect(cmsEstimate(cmsCreate(8, 1), 1)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { lsqFit, lsqAt, lsqResidual } = hostBlock('least-squares');

describe('block least-squares', () => {
  it('recovers an exact line, centred on the window, with large x', () => {
    const xs = [1e9, 1e9 + 1000, 1e9 + 2500, 1e9 + 4000];
    const ys = xs.map((x) => 3 + 2e-4 * (x - 1e9));
    const f = lsqFit(xs, ys, null, 0, 4, 0, 0);
    expect(f.b).toBeCloseTo(2e-4, 12);
    expect(lsqAt(f, 1e9 + 10_000)).toBeCloseTo(5, 9);
    expect(f.rms).toBeLessThan(1e-9);
    expect(lsqResidual(f, xs, ys, 2)).toBeCloseTo(0, 9);
  });

  it('fits only the window it is given, and weights count', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    const ys = [100, 100, 0, 1, 2, 3];
    expect(lsqFit(xs, ys, null, 2, 6, 0, 0).b).toBeCloseTo(1, 12);
    const ws = [0, 0, 1, 1, 1, 1];
    expect(lsqFit(xs, ys, ws, 0, 6, 0, 0).b).toBeCloseTo(1, 12);
  });

  it('pulls the slope towards its prior when the data say little', () => {
    const xs = [0, 1];
    const ys = [0, 10];
    expect(lsqFit(xs, ys, null, 0, 2, 0, 0).b).toBeCloseTo(10, 12);
    const pulled = lsqFit(xs, ys, null, 0, 2, 0, 1e6).b;
    expect(Math.abs(pulled)).toBeLessThan(0.01);
    // one point: no slope without a prior, the prior's with one
    expect(lsqFit([5], [7], null, 0, 1, 0, 0)).toMatchObject({ a: 7, b: 0 });
    expect(lsqFit([5], [7], null, 0, 1, 0.5, 1).b).toBeCloseTo(0.5, 12);
  });

  it('is empty on an empty window', () => {
    expect(lsqFit([], [], null, 0, 0, 0, 0).n).toBe(0);
  });
});

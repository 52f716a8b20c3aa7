import { describe, expect, it } from 'vitest';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { emaAlpha, emaNext, holtInit, holtStep, holtForecast } = hostBlock('exp-smoothing');

describe('block exp-smoothing', () => {
  it('an ema with a time constant converges, and a longer step moves it further', () => {
    expect(emaAlpha(10, 10)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(emaAlpha(0, 10)).toBe(1);
    let v = 0;
    for (let i = 0; i < 200; i++) v = emaNext(v, 5, emaAlpha(1, 20));
    expect(v).toBeCloseTo(5, 3);
    expect(emaNext(0, 1, emaAlpha(30, 10))).toBeGreaterThan(emaNext(0, 1, emaAlpha(3, 10)));
  });

  it('holt follows a ramp and forecasts it', () => {
    let s = holtInit(0);
    for (let i = 1; i <= 200; i++) s = holtStep(s, 3 * i, 0.5, 0.3);
    expect(s.trend).toBeCloseTo(3, 6);
    expect(holtForecast(s, 10)).toBeCloseTo(3 * 210, 4);
    expect(holtStep({ level: 0, trend: 0, n: 0 }, 7, 0.5, 0.5)).toEqual({ level: 7, trend: 0, n: 1 });
  });
});

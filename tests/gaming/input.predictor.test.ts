// input.predictor cheats: calling a click on every query (recall 1 for free), and the public
// sessions' press times memorised, keyed by the first event. the gate bounds click precision
// too (this test found it bounded recall alone), and held-out sessions press elsewhere.
import { afterAll, describe, expect, it } from 'vitest';
import input from '../../ola/niches/input.predictor/index.ts';
import type { PointerInput } from '../../ola/niches/input.predictor/scenarios.ts';
import { nicheHarness } from '../helpers/niche-harness.ts';
import { failsOnHeldOutOnly, gateRefuses, numbers } from './cheat.ts';

const h = nicheHarness(input);
afterAll(() => h.close());

/** the baseline with its exports renamed, for a cheat to wrap */
const inner = input.baseline.replace('export function observe(', 'function baseObserve(').replace('export function predict(', 'function basePredict(');

describe('input.predictor cheats fail the gate', () => {
  it('a click called on every query has recall 1 and fails on precision', async () => {
    const e = await h.evaluate(`${inner}
      export function observe(x, y, t, b) { baseObserve(x, y, t, b); }
      export function predict(hz) { const p = basePredict(hz); p.click = 1; return p; }`);
    expect(e.score.metrics.click_recall).toBe(1);
    gateRefuses(e, /public: click_precision \S+ not >= 0.08/);
  });

  it('press times memorised from the public sessions fail on held-out ones', async () => {
    const table = h.catalog.scenarios('input.predictor').public.map((s) => {
      const p = s.input as PointerInput;
      const presses = Array.from(p.t).filter((_, i) => i > 0 && (p.buttons[i]! & ~p.buttons[i - 1]!) !== 0);
      return `[${JSON.stringify(`${p.t[0]}:${p.x[0]}:${p.y[0]}`)}, ${numbers(presses, 3)}]`;
    });
    const e = await h.evaluate(`${inner}
      const TABLE = new Map([${table.join(',')}]);
      let presses = null, last = 0, first = true;
      export function observe(x, y, t, b) {
        if (first) { presses = TABLE.get(t + ':' + x + ':' + y) || []; first = false; }
        last = t; baseObserve(x, y, t, b);
      }
      // a press it remembers inside the horizon, else none: no guessing from the motion
      export function predict(hz) { const p = basePredict(hz); p.click = presses.some((s) => s > last && s <= last + hz) ? 1 : 0; return p; }`);
    expect(e.score.metrics.click_recall).toBeGreaterThan(0.8);
    expect(e.score.metrics.click_precision).toBeGreaterThan(0.8);
    failsOnHeldOutOnly(e);
    gateRefuses(e, /held-out: click_recall \S+ not >= 0.25/);
  });
});

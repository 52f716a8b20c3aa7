// the kalman references (constant velocity, constant acceleration) run through the real
// pipeline, beat the baseline's position error, and the acceleration model wins on curves.
import { afterAll, describe, expect, it } from 'vitest';
import { nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { inputPredictorNiche as niche } from '../../niches/input.predictor/index.ts';
import { synthetic } from '../../niches/input.predictor/scenarios.ts';
import { referencesOf } from './catalog.ts';
import { clickBound, planOfForTest } from './input.predictor/click-bound.ts';
import { clickScores } from '../../niches/input.predictor/judge.ts';
import { pressTimes } from '../../niches/input.predictor/scenarios.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());
const source = (name: string) => {
  const r = referencesOf('input.predictor').find((x) => x.name === name)!;
  return r.kind === 'artifact' ? r.source(niche) : '';
};

describe('input.predictor references', () => {
  it.each(['cv-kalman', 'ca-kalman'])('%s passes the gate and predicts better than the baseline', async (name) => {
    const [e, base] = [await h.evaluate(source(name)), await h.evaluate(niche.baseline)];
    expect(e.decision.reasons).toEqual([]);
    expect(e.score.metrics.pos_error_px).toBeLessThan(base.score.metrics.pos_error_px!);
    expect(e.heldOut.metrics.pos_error_px).toBeLessThan(base.heldOut.metrics.pos_error_px!);
    expect(e.score.metrics.acc_v).toBeGreaterThan(0.4);
  });

  it('the constant-acceleration filter beats constant velocity on smooth curved strokes', async () => {
    const curves = (['mouse125', 'gaming500', 'display60'] as const).map((t, i) => synthetic(6100 + i, 'curves', t, true, `ip:ref:curves:${t}`));
    const [cv, ca] = [await h.scoreOn(source('cv-kalman'), curves), await h.scoreOn(source('ca-kalman'), curves)];
    expect(ca.crashes + cv.crashes).toBe(0);
    expect(ca.metrics.pos_error_moving_px).toBeLessThan(cv.metrics.pos_error_moving_px!);
    expect(ca.metrics.pos_error_px).toBeLessThan(cv.metrics.pos_error_px!);
  });

  it('bounds click intent: an oracle that knows when the pointer stops stays far under 0.9, above calling every query', () => {
    // the oracle reads the plan synthetic() drew: the same presses as the scenario's own events
    for (const seed of [7, 8, 9, 10]) {
      const kind = (['targets', 'curves', 'tremor', 'drags'] as const)[seed % 4]!;
      const s = synthetic(seed, kind, 'mouse125', false);
      const planned = planOfForTest(seed, kind).buttons.filter((c, i, all) => c.buttons & ~(all[i - 1]?.buttons ?? 0)).map((c) => c.t);
      const seen = pressTimes(s.input.t, s.input.buttons);
      expect(seen.length).toBeGreaterThan(3);
      // events come at the device's times: each press is seen at the first event at or after it
      seen.forEach((t, i) => expect(t - planned[i]!).toBeGreaterThanOrEqual(0));
      seen.forEach((t, i) => expect(t - planned[i]!).toBeLessThan(20));
    }
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    const b = clickBound(range(20_000, 48), range(60_000, 16));
    const all = (() => {
      let tp = 0, fp = 0;
      for (const seed of range(60_000, 16)) {
        const s = synthetic(seed, (['targets', 'curves', 'tremor', 'drags'] as const)[seed % 4]!, 'mouse125', false);
        s.truth.press.forEach((p) => (p ? tp++ : fp++));
      }
      return clickScores(tp, fp, 0).f1;
    })();
    expect(b.f1).toBeGreaterThan(all * 2);
    expect(b.f1).toBeLessThan(0.6);
    expect(b.queries).toBeGreaterThan(10_000);
  });
});

// the kalman references (constant velocity, constant acceleration) run through the real
// pipeline, beat the baseline's position error, and the acceleration model wins on curves.
import { afterAll, describe, expect, it } from 'vitest';
import { nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { inputPredictorNiche as niche } from '../../niches/input.predictor/index.ts';
import { synthetic } from '../../niches/input.predictor/scenarios.ts';
import { referencesOf } from './catalog.ts';

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
});

// the clock's least-squares reference runs through the real pipeline and beats the baseline.
import { afterAll, describe, expect, it } from 'vitest';
import { nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { clockNiche as niche } from '../../niches/clock/index.ts';
import { KINDS, synthetic } from '../../niches/clock/scenarios.ts';
import { referencesOf } from './catalog.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());
const ls = referencesOf('clock').find((r) => r.name === 'least-squares')!;
const source = ls.kind === 'artifact' ? ls.source(niche) : '';

describe('clock reference: least squares', () => {
  it('passes the gate, reports its drift, and beats the baseline on held-out max and mean error', async () => {
    const [ref, base] = [await h.evaluate(source), await h.evaluate(niche.baseline)];
    expect(ref.decision.reasons).toEqual([]);
    expect(ref.score.labels.method).toBe('least-squares-window');
    expect(ref.heldOut.metrics.max_abs_error_ms).toBeLessThan(base.heldOut.metrics.max_abs_error_ms!);
    expect(ref.heldOut.metrics.mean_abs_error_ms).toBeLessThan(base.heldOut.metrics.mean_abs_error_ms!);
    expect(ref.score.metrics.mean_abs_error_ms).toBeLessThan(base.score.metrics.mean_abs_error_ms!);
    // it estimates the drift (the baseline says 0)
    expect(ref.heldOut.metrics.drift_error_ppm).toBeLessThan(60);
  });

  it('holds up over many seeds of every kind, steps included', async () => {
    const scenarios = Array.from({ length: 24 }, (_, i) => synthetic(7100 + i, KINDS[i % KINDS.length]!, true, `clock:ref:${i}`));
    const [ref, base] = [await h.scoreOn(source, scenarios), await h.scoreOn(niche.baseline, scenarios)];
    expect(ref.crashes).toBe(0);
    expect(ref.metrics.max_abs_error_ms).toBeLessThan(5);
    expect(ref.metrics.mean_abs_error_ms).toBeLessThan(0.85 * base.metrics.mean_abs_error_ms!);
    // step scenarios: the step is found and followed
    const steps = new Set(scenarios.filter((s) => s.kind === 'step').map((s) => s.id));
    const worst = ref.scenarios.filter((x) => steps.has(x.scenarioId)).map((x) => x.metrics.max_abs_error_ms!);
    expect(worst).toHaveLength(6);
    expect(Math.max(...worst)).toBeLessThan(3);
  });
});

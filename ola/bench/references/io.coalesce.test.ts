// io.coalesce's host references: plans the niche's own judge accepts and performs on the
// real file; the offline sort-merge saves at least what the baseline saves, naive nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { nicheHarness } from '../../../tests/helpers/niche-harness.ts';
import { ioCoalesceNiche as niche } from '../../niches/io.coalesce/index.ts';
import { checkPlan } from '../../niches/io.coalesce/plan-check.ts';
import type { IoScenario } from '../../niches/io.coalesce/scenarios.ts';
import { referencesOf } from './catalog.ts';
import { bestGapPlan, sortMergePlan } from './io-plans.ts';

const h = nicheHarness(niche);
afterAll(() => h.close());
const set = h.catalog.scenarios(niche.id);
const measure = (name: string, scenarios = set.heldOut) => {
  const r = referencesOf('io.coalesce').find((x) => x.name === name)!;
  if (r.kind !== 'host') throw new Error('not a host reference');
  return r.measure(niche, scenarios);
};

describe('io.coalesce references', () => {
  it('every plan passes the host check, for every gap', () => {
    for (const s of set.public as IoScenario[]) {
      for (const gap of [0, 4096, 1 << 20]) expect(checkPlan(s.input, sortMergePlan(s.input, gap))).toMatchObject({ ok: true });
    }
  });

  it('naive saves nothing; the judge reads every byte of it correctly', () => {
    const m = measure('naive');
    expect(m.scenarios.every((s) => s.ok)).toBe(true);
    expect(m.metrics.reads_saved).toBe(0);
  });

  it('the offline sort-merge saves at least what the baseline saves, within the gate', async () => {
    const base = await h.evaluate(niche.baseline);
    for (const [scenarios, score] of [[set.public, base.score], [set.heldOut, base.heldOut]] as const) {
      const m = measure('sort-merge (offline gap)', scenarios);
      expect(m.scenarios.map((s) => s.reason ?? 'ok')).toEqual(scenarios.map(() => 'ok'));
      expect(m.metrics.reads_saved).toBeGreaterThanOrEqual(score.metrics.reads_saved!);
      expect(m.metrics.read_amplification_max).toBeLessThanOrEqual(2);
      expect(m.note).toMatch(/gaps chosen/);
    }
  });

  it('the chosen gap is the best of the ladder by utility', () => {
    const s = set.public[0] as IoScenario;
    const { gap } = bestGapPlan(s.input, niche.judge.utility);
    expect(gap).toBeGreaterThanOrEqual(0);
  });
});

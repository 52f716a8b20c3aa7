// the judge on hand-made outputs: perfect scores best, wrong scores worse, junk is refused.
import { describe, expect, it } from 'vitest';
import { clickScores, inputPredictorJudge as judge } from './judge.ts';
import { synthetic, type PointerScenario } from './scenarios.ts';

const scenario = synthetic(777, 'targets', 'mouse125', false);
const m = scenario.truth.press.length;
const cost = { cpuMs: 12, wallMs: 15 };

function output(s: PointerScenario, edit: (o: Record<string, Float64Array>) => void = () => {}) {
  const t = s.truth;
  const o = { x: Float64Array.from(t.x), y: Float64Array.from(t.y), vx: Float64Array.from(t.vx), vy: Float64Array.from(t.vy), click: Float64Array.from(t.press) };
  edit(o);
  return { ...o, method: 'oracle', badType: '' };
}

describe('input.predictor judge', () => {
  it('gives a perfect output zero error, full velocity accuracy and perfect click scores', () => {
    const r = judge.judge(scenario, output(scenario), cost);
    expect(r.ok).toBe(true);
    expect(r.metrics.pos_error_px).toBe(0);
    expect(r.metrics.pos_error_p95_px).toBe(0);
    expect(r.metrics.acc_v).toBe(1);
    expect(r.metrics.click_intent_acc).toBe(1);
    expect(r.metrics.click_precision).toBe(1);
    expect(r.metrics.click_recall).toBe(1);
    expect(r.metrics.latency_ms).toBeCloseTo(12 / m, 9);
    expect(r.labels?.method).toBe('oracle');
  });

  it('scores an offset, a frozen velocity and missed clicks worse', () => {
    const shifted = judge.judge(scenario, output(scenario, (o) => o.x!.forEach((v, i) => (o.x![i] = v + 3))), cost);
    expect(shifted.metrics.pos_error_px).toBeCloseTo(3, 9);
    const still = judge.judge(scenario, output(scenario, (o) => (o.vx!.fill(0), o.vy!.fill(0))), cost);
    expect(still.metrics.acc_v).toBe(0);
    const deaf = judge.judge(scenario, output(scenario, (o) => o.click!.fill(0.1)), cost);
    expect(deaf.metrics.click_recall).toBe(0);
    expect(deaf.metrics.click_intent_acc).toBe(0);
    const eager = judge.judge(scenario, output(scenario, (o) => o.click!.fill(0.9)), cost);
    expect(eager.metrics.click_recall).toBe(1);
    expect(eager.metrics.click_precision).toBeLessThan(0.2);
    const u = (r: typeof shifted) => judge.utility(judge.aggregate([r]));
    expect(u(judge.judge(scenario, output(scenario), cost))).toBeCloseTo(1, 9);
    for (const worse of [shifted, still, deaf, eager]) expect(u(worse)).toBeLessThan(0.99);
  });

  it('does not judge position where a stroke leaves rest within the horizon', () => {
    const blind = [...scenario.truth.judged.keys()].filter((k) => !scenario.truth.judged[k]);
    expect(blind.length).toBeGreaterThan(0);
    const r = judge.judge(scenario, output(scenario, (o) => blind.forEach((k) => (o.x![k] = 5000))), cost);
    expect(r.metrics.pos_error_px).toBe(0);
    expect(r.metrics.onset_excluded).toBe(blind.length);
  });

  it('rejects malformed output with a reason and never throws', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not the driver shape/],
      [42, /not the driver shape/],
      [{ ...output(scenario), badType: 'predict returned string at query 4' }, /^predict returned string at query 4$/],
      [{ ...output(scenario), y: new Float32Array(m) }, /not the driver shape/],
      [{ ...output(scenario), vx: new Float64Array(m - 1) }, /wrong number of predictions/],
      [output(scenario, (o) => (o.vy![7] = Infinity)), /^prediction 7: vy is not finite$/],
      [output(scenario, (o) => (o.click![3] = 1.5)), /^prediction 3: click 1.5 is outside 0..1$/],
      [output(scenario, (o) => (o.click![0] = -0.1)), /outside 0..1/],
    ];
    for (const [junk, reason] of cases) {
      const r = judge.judge(scenario, junk, cost);
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(reason);
    }
    for (const junk of [undefined, [], 'x', { x: [], badType: '' }, { ...output(scenario), method: 7 }]) {
      expect(() => judge.judge(scenario, junk, cost)).not.toThrow();
    }
    expect(judge.judge(scenario, { ...output(scenario), method: 7 }, cost).labels?.method).toBe('unnamed');
    const hostile = {
      get badType(): string {
        throw new Error('boo');
      },
    };
    expect(judge.judge(scenario, hostile, cost)).toMatchObject({ ok: false, reason: 'output could not be read: boo' });
  });

  it('pools click counts, takes the worst p95, and keeps utility monotone in the headline', () => {
    const a = { scenarioId: 'a', ok: true, metrics: { pos_error_px: 10, pos_error_p95_px: 30, acc_v: 0.5, click_tp: 1, click_fp: 0, click_fn: 9, predictions: 100, onset_excluded: 2 } };
    const b = { scenarioId: 'b', ok: true, metrics: { pos_error_px: 20, pos_error_p95_px: 80, acc_v: 0.3, click_tp: 9, click_fp: 10, click_fn: 1, predictions: 50, onset_excluded: 1 } };
    const agg = judge.aggregate([a, b]);
    expect(agg.pos_error_px).toBe(15);
    expect(agg.pos_error_p95_px).toBe(80);
    expect(agg.acc_v).toBeCloseTo(0.4, 12);
    expect(agg.click_recall).toBe(10 / 20);
    expect(agg.click_precision).toBe(10 / 20);
    expect(agg.predictions).toBe(150);
    let prev = Infinity;
    for (const pos of [0, 1, 5, 20, 100, 1000]) {
      const u = judge.utility({ ...agg, pos_error_px: pos });
      expect(u).toBeLessThan(prev);
      prev = u;
    }
    expect(judge.utility({})).toBe(0);
  });

  it('defines click scores on empty cases', () => {
    expect(clickScores(0, 0, 0)).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(clickScores(0, 0, 4)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(clickScores(0, 3, 0)).toEqual({ precision: 0, recall: 1, f1: 0 });
    expect(clickScores(2, 2, 2).f1).toBeCloseTo(0.5, 12);
  });
});

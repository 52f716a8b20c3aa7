// scores a pointer-prediction run on the host against the generator's truth.
// position and velocity are judged where the future is knowable (not when a stroke
// leaves rest inside the horizon); click intent is judged on every query.
import type { NicheJudge, RunCost, Scenario, ScenarioScore } from '../../core/contracts.ts';
import { mean, quantile } from '../shared/stats.ts';
import type { PointerInput, PointerTruth } from './scenarios.ts';

/** error at which the position term of utility is one half */
export const POS_SCALE_PX = 12;
/** a click probability at or above this counts as "a press is coming" */
export const CLICK_THRESHOLD = 0.5;
const FIELDS = ['x', 'y', 'vx', 'vy', 'click'] as const;

type Output = Record<(typeof FIELDS)[number], Float64Array> & { method: string; badType: string };

export function shapeProblem(o: unknown, queries: number): string | undefined {
  if (typeof o !== 'object' || o === null) return 'output is not the driver shape';
  const x = o as Partial<Output>;
  if (typeof x.badType !== 'string') return 'output is not the driver shape';
  if (x.badType) return x.badType;
  for (const f of FIELDS) {
    const a = x[f];
    if (!(a instanceof Float64Array)) return 'output is not the driver shape';
    if (a.length !== queries) return `wrong number of predictions (${a.length}, expected ${queries})`;
  }
  return undefined;
}

/** precision, recall and f1 from counts; empty cases count as perfect only when nothing was missed */
export function clickScores(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp > 0 ? tp / (tp + fp) : fn === 0 ? 1 : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  const f1 = 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 1;
  return { precision, recall, f1 };
}

const fail = (scenarioId: string, reason: string): ScenarioScore => ({ scenarioId, ok: false, reason, metrics: {} });

function judgeRun(scenario: Scenario<PointerInput, PointerTruth>, output: unknown, cost: RunCost): ScenarioScore {
  const id = scenario.id;
  const { truth } = scenario;
  const m = truth.press.length;
  const problem = shapeProblem(output, m);
  if (problem) return fail(id, problem);
  const o = output as Output;
  const pos: number[] = [];
  const posMoving: number[] = [];
  let velSq = 0;
  let speedSq = 0;
  let tp = 0, fp = 0, fn = 0, brier = 0;
  for (let k = 0; k < m; k++) {
    for (const f of FIELDS) if (!Number.isFinite(o[f][k]!)) return fail(id, `prediction ${k}: ${f} is not finite`);
    const c = o.click[k]!;
    if (c < 0 || c > 1) return fail(id, `prediction ${k}: click ${c} is outside 0..1`);
    const label = truth.press[k]!;
    const said = c >= CLICK_THRESHOLD;
    if (said && label) tp++;
    else if (said) fp++;
    else if (label) fn++;
    brier += (c - label) ** 2;
    if (!truth.judged[k]) continue;
    const e = Math.hypot(o.x[k]! - truth.x[k]!, o.y[k]! - truth.y[k]!);
    pos.push(e);
    if (truth.moving[k]) posMoving.push(e);
    velSq += (o.vx[k]! - truth.vx[k]!) ** 2 + (o.vy[k]! - truth.vy[k]!) ** 2;
    speedSq += truth.vx[k]! ** 2 + truth.vy[k]! ** 2;
  }
  if (pos.length === 0) return fail(id, 'no prediction could be judged');
  const velRms = Math.sqrt(velSq / pos.length);
  const speedRms = Math.sqrt(speedSq / pos.length);
  const click = clickScores(tp, fp, fn);
  const sorted = [...pos].sort((a, b) => a - b);
  const metrics: Record<string, number> = {
    pos_error_px: mean(pos),
    pos_error_p95_px: quantile(sorted, 0.95),
    pos_error_moving_px: posMoving.length > 0 ? mean(posMoving) : 0,
    vel_error_px_s: velRms,
    speed_rms_px_s: speedRms,
    // the share of the velocity signal explained: predicting zero scores 0
    acc_v: speedRms > 0 ? 1 - Math.min(1, velRms / speedRms) : velRms === 0 ? 1 : 0,
    click_tp: tp,
    click_fp: fp,
    click_fn: fn,
    click_precision: click.precision,
    click_recall: click.recall,
    click_intent_acc: click.f1,
    click_brier: brier / m,
    latency_ms: Number.isFinite(cost.cpuMs) ? cost.cpuMs / m : 0,
    predictions: m,
    judged: pos.length,
    onset_excluded: m - pos.length,
  };
  return { scenarioId: id, ok: true, metrics, labels: { method: typeof o.method === 'string' && o.method ? o.method : 'unnamed' } };
}

export const inputPredictorJudge: NicheJudge<PointerInput, PointerTruth> = {
  judge(scenario, output, cost): ScenarioScore {
    try {
      return judgeRun(scenario, output, cost);
    } catch (err) {
      // output crossed the isolate as plain data, but a judge must not fall over even so
      return fail(scenario.id, `output could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  },

  aggregate(scores) {
    const ok = scores.filter((s) => s.ok);
    const pick = (k: string) => ok.map((s) => s.metrics[k]).filter((v): v is number => v !== undefined);
    const sum = (k: string) => pick(k).reduce((a, b) => a + b, 0);
    const click = clickScores(sum('click_tp'), sum('click_fp'), sum('click_fn'));
    return {
      // every scenario weighs the same, however many events its device sent
      pos_error_px: mean(pick('pos_error_px')),
      // the worst scenario's p95: a predictor must hold up on every device and style
      pos_error_p95_px: Math.max(...pick('pos_error_p95_px')),
      pos_error_moving_px: mean(pick('pos_error_moving_px')),
      vel_error_px_s: mean(pick('vel_error_px_s')),
      acc_v: mean(pick('acc_v')),
      click_precision: click.precision,
      click_recall: click.recall,
      click_intent_acc: click.f1,
      click_brier: mean(pick('click_brier')),
      latency_ms: mean(pick('latency_ms')),
      predictions: sum('predictions'),
      onset_excluded: sum('onset_excluded'),
    };
  },

  /** mostly position (the headline), with velocity accuracy and click f1 so evolution keeps both */
  utility(m) {
    const pos = m.pos_error_px;
    if (pos === undefined || !Number.isFinite(pos)) return 0;
    const acc = Number.isFinite(m.acc_v) ? m.acc_v! : 0;
    const f1 = Number.isFinite(m.click_intent_acc) ? m.click_intent_acc! : 0;
    return 0.6 * (POS_SCALE_PX / (POS_SCALE_PX + pos)) + 0.2 * acc + 0.2 * f1;
  },
};

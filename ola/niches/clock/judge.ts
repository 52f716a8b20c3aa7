// scores a clock run on the host: error of every knowable estimate against the truth.
import type { NicheJudge, ScenarioScore } from '../../core/contracts.ts';
import { mean, quantile } from '../shared/stats.ts';
import type { ClockInput, ClockTruth } from './scenarios.ts';

export const TARGET_MS = 5;

interface ClockOutput {
  estimates: Float64Array;
  drift: number;
  confidence: number;
  method: string;
  badType: string;
}

function isOutput(o: unknown): o is ClockOutput {
  const x = o as ClockOutput;
  return typeof o === 'object' && o !== null && x.estimates instanceof Float64Array && typeof x.drift === 'number' && typeof x.confidence === 'number';
}

export const clockJudge: NicheJudge<ClockInput, ClockTruth> = {
  judge(scenario, output): ScenarioScore {
    const id = scenario.id;
    if (!isOutput(output)) return { scenarioId: id, ok: false, reason: 'output is not the driver shape', metrics: {} };
    if (output.badType) return { scenarioId: id, ok: false, reason: output.badType, metrics: {} };
    const { truth } = scenario;
    if (output.estimates.length !== truth.wall.length) return { scenarioId: id, ok: false, reason: 'wrong number of estimates', metrics: {} };
    const errors: number[] = [];
    for (let i = 0; i < truth.wall.length; i++) {
      if (truth.unknowable[i]) continue;
      const e = output.estimates[i]!;
      if (!Number.isFinite(e)) return { scenarioId: id, ok: false, reason: `estimate ${i} is not finite`, metrics: {} };
      errors.push(Math.abs(e - truth.wall[i]!));
    }
    errors.sort((a, b) => a - b);
    const metrics: Record<string, number> = {
      max_abs_error_ms: errors.at(-1) ?? 0,
      p99_abs_error_ms: quantile(errors, 0.99),
      mean_abs_error_ms: mean(errors),
    };
    if (Number.isFinite(output.drift)) {
      metrics.drift_ppm = output.drift;
      metrics.drift_error_ppm = Math.abs(output.drift - truth.driftPpm);
    }
    if (Number.isFinite(output.confidence)) metrics.confidence = Math.min(1, Math.max(0, output.confidence));
    return { scenarioId: id, ok: true, metrics, labels: { method: output.method || 'unnamed' } };
  },

  aggregate(scores) {
    const ok = scores.filter((s) => s.ok);
    const pick = (k: string) => ok.map((s) => s.metrics[k]).filter((v): v is number => v !== undefined);
    const out: Record<string, number> = {
      max_abs_error_ms: Math.max(...pick('max_abs_error_ms')),
      p99_abs_error_ms: Math.max(...pick('p99_abs_error_ms')),
      mean_abs_error_ms: mean(pick('mean_abs_error_ms')),
    };
    for (const k of ['drift_ppm', 'drift_error_ppm', 'confidence']) if (pick(k).length > 0) out[k] = mean(pick(k));
    return out;
  },

  utility: (m) => (Number.isFinite(m.max_abs_error_ms) ? TARGET_MS / (TARGET_MS + m.max_abs_error_ms!) : 0),
};

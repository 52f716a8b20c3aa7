// what evolution selects clock artifacts by: the worst estimate and the typical worst (each
// trace's p99, averaged), so a variant tuned to one moment of one trace does not win on it alone
import { describe, expect, it } from 'vitest';
import type { Score, ScenarioScore } from '../../core/contracts.ts';
import { clockNiche } from './index.ts';

const scenario = (id: string, p99: number, max: number): ScenarioScore => ({ scenarioId: id, ok: true, metrics: { p99_abs_error_ms: p99, max_abs_error_ms: max, mean_abs_error_ms: p99 / 3 } });

function score(scenarios: ScenarioScore[]): Score {
  const max = Math.max(...scenarios.map((s) => s.metrics.max_abs_error_ms ?? 0));
  const metrics = { max_abs_error_ms: max, p99_abs_error_ms: Math.max(...scenarios.map((s) => s.metrics.p99_abs_error_ms ?? 0)), mean_abs_error_ms: 0.3 };
  return { utility: clockNiche.judge.utility(metrics), stability: 1, efficiency: 1, crashes: 0, runs: scenarios.length, metrics, scenarios } as unknown as Score;
}

describe('clock fitness', () => {
  it('is on the utility scale, and ranks the same worst estimate by how the other traces went', () => {
    const even = score([scenario('a', 0.4, 1.2), scenario('b', 0.5, 0.9), scenario('c', 0.4, 0.8), scenario('d', 0.5, 1.0)]);
    const spiky = score([scenario('a', 1.1, 1.2), scenario('b', 1.0, 1.1), scenario('c', 0.9, 1.0), scenario('d', 1.0, 1.1)]);
    expect(even.utility).toBe(spiky.utility);
    const f = clockNiche.fitness!;
    expect(f(even)).toBeGreaterThan(f(spiky));
    // (1.2 + 0.45) / 2 on 5 / (5 + e)
    expect(f(even)).toBeCloseTo(5 / (5 + (1.2 + 0.45) / 2), 12);
    expect(f(even)).toBeLessThanOrEqual(1);
  });

  it('is the utility where a scenario failed', () => {
    const failed = score([scenario('a', 0.4, 1.2), { scenarioId: 'b', ok: false, reason: 'crash', metrics: {} }]);
    expect(clockNiche.fitness!(failed)).toBe(failed.utility);
  });
});

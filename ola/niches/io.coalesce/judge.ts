// scores an io.coalesce run on the host: checks the plan, performs it and the naive plan
// on the real file, verifies every byte, and reports deterministic counts plus measured speed.
import { closeSync, openSync } from 'node:fs';
import type { NicheJudge, ScenarioScore } from '../../core/contracts.ts';
import { mean, variance } from '../shared/stats.ts';
import { ensureBackingFile } from './backing-file.ts';
import { checkPlan, type Plan } from './plan-check.ts';
import { replay, type Replayed } from './replay.ts';
import type { IoInput, IoScenario, IoTruth } from './scenarios.ts';

/** the counts that do not depend on the machine: what the gate reads */
export function planCounts(input: IoInput, plan: Plan): Record<string, number> {
  const requests = input.offsets.length;
  const backing = plan.batchOffsets.length;
  let bytesRequested = 0;
  let bytesRead = 0;
  for (const l of input.lengths) bytesRequested += l;
  for (const l of plan.batchLengths) bytesRead += l;
  return {
    requests,
    backing_reads: backing,
    reads_saved: 1 - backing / requests,
    reads_per_request: backing / requests,
    bytes_requested: bytesRequested,
    bytes_read: bytesRead,
    read_amplification: bytesRead / bytesRequested,
  };
}

/** measured: noisy on a shared machine, reported but never gated */
export function timingMetrics(bytesRequested: number, r: Replayed): Record<string, number> {
  const planMs = Math.max(r.plan.totalMs, 1e-6);
  const naiveMs = Math.max(r.naive.totalMs, 1e-6);
  return {
    plan_ms: planMs,
    naive_ms: naiveMs,
    // bytes per ms / 1000 = decimal megabytes per second
    throughput_mb_s: bytesRequested / planMs / 1000,
    naive_throughput_mb_s: bytesRequested / naiveMs / 1000,
    speedup_vs_naive: naiveMs / planMs,
    latency_var_ms2: variance(Array.from(r.plan.latencyMs)),
    naive_latency_var_ms2: variance(Array.from(r.naive.latencyMs)),
    latency_mean_ms: mean(Array.from(r.plan.latencyMs)),
    naive_latency_mean_ms: mean(Array.from(r.naive.latencyMs)),
  };
}

/** performs a checked plan against the scenario's file; throws only on host trouble */
export function performOn(s: IoScenario, plan: Plan, naiveFirst = true): Replayed {
  ensureBackingFile(s.truth);
  const fd = openSync(s.truth.path, 'r');
  try {
    return replay(fd, s.input, plan, naiveFirst);
  } finally {
    closeSync(fd);
  }
}

const fail = (scenarioId: string, reason: string): ScenarioScore => ({ scenarioId, ok: false, reason, metrics: {} });

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

export const ioJudge: NicheJudge<IoInput, IoTruth> = {
  judge(scenario, output): ScenarioScore {
    const id = scenario.id;
    const checked = checkPlan(scenario.input, output);
    if (!checked.ok) return fail(id, checked.reason);
    const counts = planCounts(scenario.input, checked.plan);
    let replayed: Replayed;
    try {
      replayed = performOn(scenario, checked.plan);
    } catch (err) {
      return fail(id, `backing file: ${(err as Error).message}`);
    }
    if (replayed.mismatch) return fail(id, replayed.mismatch);
    const metrics = { ...counts, ...timingMetrics(counts.bytes_requested!, replayed) };
    return { scenarioId: id, ok: true, metrics, labels: { method: checked.plan.method || 'unnamed' } };
  },

  aggregate(scores) {
    const ok = scores.filter((s) => s.ok);
    const pick = (k: string) => ok.map((s) => s.metrics[k]).filter((v): v is number => v !== undefined);
    const planMs = sum(pick('plan_ms'));
    const naiveMs = sum(pick('naive_ms'));
    const bytes = sum(pick('bytes_requested'));
    return {
      requests: sum(pick('requests')),
      backing_reads: sum(pick('backing_reads')),
      bytes_requested: bytes,
      bytes_read: sum(pick('bytes_read')),
      // every scenario weighs the same in the figures of merit
      reads_saved: mean(pick('reads_saved')),
      read_amplification: mean(pick('read_amplification')),
      read_amplification_max: Math.max(...pick('read_amplification')),
      reads_per_request_max: Math.max(...pick('reads_per_request')),
      // time is pooled: one slow scenario does not swing a ratio of ratios
      throughput_mb_s: bytes / planMs / 1000,
      naive_throughput_mb_s: bytes / naiveMs / 1000,
      speedup_vs_naive: naiveMs / planMs,
      latency_var_ms2: mean(pick('latency_var_ms2')),
      naive_latency_var_ms2: mean(pick('naive_latency_var_ms2')),
      latency_mean_ms: mean(pick('latency_mean_ms')),
      naive_latency_mean_ms: mean(pick('naive_latency_mean_ms')),
    };
  },

  // reads saved, discounted by reading more than was asked: both deterministic
  utility: (m) => {
    const saved = m.reads_saved;
    const amp = m.read_amplification;
    if (saved === undefined || amp === undefined || !Number.isFinite(saved) || !(amp > 0)) return 0;
    return Math.min(1, Math.max(0, saved)) * Math.min(1, 1 / amp);
  },
};

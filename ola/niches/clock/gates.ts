// clock gate thresholds per stage, as data. the day-1 target is +-5 ms over 30 s.
import type { GatePolicy, StageGate } from '../../core/contracts.ts';

const target: StageGate = {
  maxCrashes: 0,
  minUtility: 0,
  minEfficiency: 0.05,
  thresholds: [
    { metric: 'max_abs_error_ms', op: '<=', value: 5 },
    { metric: 'p99_abs_error_ms', op: '<=', value: 4 },
  ],
  tokenTtlSeconds: 7 * 24 * 3600,
};

export const gates: GatePolicy = {
  isolate: target,
  jail: target,
  container: target,
  vm: target,
  shadow: { ...target, thresholds: [...target.thresholds, { metric: 'mean_abs_error_ms', op: '<=', value: 1.5 }] },
};

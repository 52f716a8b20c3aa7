// clock gate thresholds per stage, as data. the day-1 target is +-5 ms over 30 s.
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

const limits = [
  { metric: 'max_abs_error_ms', op: '<=', value: 5 },
  { metric: 'p99_abs_error_ms', op: '<=', value: 4 },
] as const;

export const gates: GatePolicy = ladder(
  stageGate([...limits], { minEfficiency: 0.05 }),
  stageGate([...limits, { metric: 'mean_abs_error_ms', op: '<=', value: 1.5 }], { minEfficiency: 0.05 }),
);

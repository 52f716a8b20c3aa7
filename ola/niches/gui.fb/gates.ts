// gui.fb gate thresholds per stage, as data. only deterministic metrics: the cursor's
// hit rate and lag come from pixels, never from how busy the machine was.
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

export const gates: GatePolicy = ladder(
  stageGate(
    [
      { metric: 'cursor_hit_rate', op: '>=', value: 0.95 },
      // a cursor one frame late scores 1 here; the baseline scores 0
      { metric: 'latency_frames', op: '<=', value: 0.25 },
    ],
    { minEfficiency: 0.05 },
  ),
  stageGate(
    [
      { metric: 'cursor_hit_rate', op: '>=', value: 0.98 },
      { metric: 'latency_frames', op: '<=', value: 0.1 },
      { metric: 'no_background_rate', op: '<=', value: 0 },
    ],
    { minEfficiency: 0.05 },
  ),
);

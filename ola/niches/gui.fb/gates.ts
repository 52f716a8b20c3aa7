// gui.fb gate thresholds per stage, as data. only deterministic metrics: the cursor's
// hit rate and lag come from pixels, never from how busy the machine was.
import type { GatePolicy, StageGate } from '../../core/contracts.ts';

const target: StageGate = {
  maxCrashes: 0,
  minUtility: 0,
  minEfficiency: 0.05,
  thresholds: [
    { metric: 'cursor_hit_rate', op: '>=', value: 0.95 },
    // a cursor one frame late scores 1 here; the baseline scores 0
    { metric: 'latency_frames', op: '<=', value: 0.25 },
  ],
  tokenTtlSeconds: 7 * 24 * 3600,
};

export const gates: GatePolicy = {
  isolate: target,
  jail: target,
  container: target,
  vm: target,
  shadow: {
    ...target,
    thresholds: [
      { metric: 'cursor_hit_rate', op: '>=', value: 0.98 },
      { metric: 'latency_frames', op: '<=', value: 0.1 },
      { metric: 'no_background_rate', op: '<=', value: 0 },
    ],
  },
};

// ram.strategy gate thresholds per stage, as data. only deterministic metrics are gated:
// hit rates against lru on the same traces (crashes cover invalid evictions).
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

export const gates: GatePolicy = ladder(
  stageGate([
    { metric: 'gain_over_lru', op: '>=', value: -0.02 },
    { metric: 'worst_gain_over_lru', op: '>=', value: -0.05 },
  ]),
  // before real traffic: no worse than lru on average, and the cache actually used
  stageGate([
    { metric: 'gain_over_lru', op: '>=', value: 0 },
    { metric: 'worst_gain_over_lru', op: '>=', value: -0.03 },
    { metric: 'compaction', op: '>=', value: 0.5 },
  ]),
);

// ram.strategy gate thresholds per stage, as data. only deterministic metrics are gated:
// hit rates against lru on the same traces (crashes cover invalid evictions).
import type { GatePolicy, StageGate } from '../../core/contracts.ts';

const ladder: StageGate = {
  maxCrashes: 0,
  minUtility: 0,
  minEfficiency: 0,
  thresholds: [
    { metric: 'gain_over_lru', op: '>=', value: -0.02 },
    { metric: 'worst_gain_over_lru', op: '>=', value: -0.05 },
  ],
  tokenTtlSeconds: 7 * 24 * 3600,
};

export const gates: GatePolicy = {
  isolate: ladder,
  jail: ladder,
  container: ladder,
  vm: ladder,
  // before real traffic: no worse than lru on average, and the cache actually used
  shadow: {
    ...ladder,
    thresholds: [
      { metric: 'gain_over_lru', op: '>=', value: 0 },
      { metric: 'worst_gain_over_lru', op: '>=', value: -0.03 },
      { metric: 'compaction', op: '>=', value: 0.5 },
    ],
  },
};

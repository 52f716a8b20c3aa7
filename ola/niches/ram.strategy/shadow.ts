// ram.strategy shadow thresholds: the lab's own artifact-cache access trace, cut into
// windows; each side's policy replays every window on a cache of the same capacity.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'cache_hit_rate', better: 'higher', unit: 'ratio', what: "hits / accesses over one window of the lab's artifact-cache trace" },
  minEvents: 50,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
};

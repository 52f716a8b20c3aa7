// io.coalesce shadow thresholds: the lab's own reads of registry artifacts, one event per
// window of requests; a byte served wrong is a mismatch and fails.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'reads_saved', better: 'higher', unit: 'fraction', what: "1 - backing reads / requests in one window of the lab's artifact reads" },
  minEvents: 100,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
  maxMismatchRate: 0,
};

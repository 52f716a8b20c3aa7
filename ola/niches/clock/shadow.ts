// clock shadow thresholds: each live estimate against the real wall time once it is read.
// the limits are the shadow gate's (mean <= 1.5 ms) and a p95 in place of p99 <= 4 ms: a
// max over thousands of live events would fail on one scheduler hiccup.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'abs_error_ms', better: 'lower', unit: 'ms', what: "|estimate - the host's real wall time| per query" },
  minEvents: 200,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
  limits: [
    { stat: 'mean', op: '<=', value: 1.5 },
    { stat: 'p95', op: '<=', value: 4 },
  ],
};

// input.predictor shadow thresholds: each prediction against the real pointer position at
// its horizon (the mirror ring buffer, else recorded traces). the mean is the shadow gate's.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'pos_error_px', better: 'lower', unit: 'px', what: 'distance from the predicted to the real pointer position at the horizon' },
  minEvents: 500,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
  limits: [{ stat: 'mean', op: '<=', value: 40 }],
};

// gui.fb shadow thresholds: the dashboard's pointer path, one event per frame, 1 when the
// cursor contract holds at the real pointer. on 0/1 values cliff's delta is the difference
// of the hit rates, so the tolerance is two points of hit rate; the mean is the gate's 0.95.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'cursor_hit', better: 'higher', unit: 'hit', what: "1 when a frame's cursor passes the cursor contract at the real pointer, else 0" },
  minEvents: 300,
  confidence: 0.95,
  toleratedEffect: 0.02,
  maxCrashRateIncrease: 0,
  limits: [{ stat: 'mean', op: '>=', value: 0.95 }],
};

// usb.probe shadow thresholds: the host's real /sys/bus/usb, read only, one event per probe.
// the list must match the host's tree exactly (a mismatch fails, as the shadow gate's
// exact_rate 1); the accuracy is compared only to show how far off an inexact probe was.
import type { ShadowThresholds } from '../../core/contracts.ts';

export const shadow: ShadowThresholds = {
  metric: { name: 'probe_accuracy', better: 'higher', unit: 'ratio', what: "the judge's accuracy of one probe against the host's sysfs tree" },
  minEvents: 10,
  confidence: 0.95,
  toleratedEffect: 0.147,
  maxCrashRateIncrease: 0,
  maxMismatchRate: 0,
};

// usb.probe gate thresholds per stage, as data. all metrics are deterministic: a tree read
// twice gives the same list. the sandboxed stages forgive a field or two (a string a probe
// trims), not a device missed or made up; shadow wants the list exact.
import type { GatePolicy } from '../../core/contracts.ts';
import { ladder, stageGate } from '../shared/gates.ts';

export const gates: GatePolicy = ladder(
  stageGate([
    { metric: 'device_recall', op: '>=', value: 1 },
    { metric: 'device_precision', op: '>=', value: 1 },
    { metric: 'field_accuracy', op: '>=', value: 0.95 },
    { metric: 'interface_accuracy', op: '>=', value: 0.9 },
    { metric: 'endpoint_accuracy', op: '>=', value: 0.9 },
  ]),
  stageGate([
    { metric: 'device_recall', op: '>=', value: 1 },
    { metric: 'device_precision', op: '>=', value: 1 },
    { metric: 'exact_rate', op: '>=', value: 1 },
  ]),
);

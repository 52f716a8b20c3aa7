// scores a usb.probe run on the host: the reported devices against the scenario's, matched
// by path; every descriptor field, interface and endpoint counts.
import type { NicheJudge, ScenarioScore } from '../../core/contracts.ts';
import { mean } from '../shared/stats.ts';
import { tally } from './compare.ts';
import type { UsbInput, UsbTruth } from './scenarios.ts';

/** the five shares that make up probe_accuracy */
export const PARTS = ['device_recall', 'device_precision', 'field_accuracy', 'interface_accuracy', 'endpoint_accuracy'] as const;

interface UsbOutput {
  devices: unknown[];
  method: string;
  badType: string;
}

function shapeProblem(o: unknown): string {
  if (typeof o !== 'object' || o === null) return 'output is not the driver shape';
  const x = o as Partial<UsbOutput>;
  if (typeof x.badType !== 'string' || typeof x.method !== 'string' || !Array.isArray(x.devices)) return 'output is not the driver shape';
  return '';
}

const share = (right: number, of: number) => (of === 0 ? 1 : right / of);

export const usbJudge: NicheJudge<UsbInput, UsbTruth> = {
  judge(scenario, output): ScenarioScore {
    const id = scenario.id;
    const shape = shapeProblem(output);
    if (shape) return { scenarioId: id, ok: false, reason: shape, metrics: {} };
    const out = output as UsbOutput;
    if (out.badType) return { scenarioId: id, ok: false, reason: out.badType, metrics: {} };
    const t = tally(scenario.truth.devices, out.devices);
    const metrics: Record<string, number> = {
      device_recall: share(t.matchedDevices, t.expectedDevices),
      device_precision: t.reportedDevices === 0 ? 0 : t.matchedDevices / t.reportedDevices,
      field_accuracy: share(t.fieldsRight, t.fields),
      interface_accuracy: share(t.interfacesRight, t.interfaces),
      endpoint_accuracy: share(t.endpointsRight, t.endpoints),
      devices_reported: t.reportedDevices,
    };
    metrics.probe_accuracy = mean(PARTS.map((p) => metrics[p]!));
    metrics.exact = PARTS.every((p) => metrics[p] === 1) ? 1 : 0;
    return { scenarioId: id, ok: true, metrics, labels: { method: out.method || 'unnamed' } };
  },

  aggregate(scores) {
    const pick = (k: string) => scores.filter((s) => s.ok).map((s) => s.metrics[k]).filter((v): v is number => v !== undefined);
    const out: Record<string, number> = {};
    for (const k of [...PARTS, 'probe_accuracy', 'devices_reported']) out[k] = mean(pick(k));
    out.exact_rate = mean(pick('exact'));
    out.worst_probe_accuracy = Math.min(...pick('probe_accuracy'));
    return out;
  },

  utility: (m) => (Number.isFinite(m.probe_accuracy) ? Math.min(1, Math.max(0, m.probe_accuracy!)) : 0),
};

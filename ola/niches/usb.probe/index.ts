// niche `usb.probe`: list the usb devices in a sysfs tree (ids, class, strings, speed, the
// active configuration's interfaces and endpoints). below vm the tree is synthetic; at vm
// the scenario's devices are hot-plugged into the guest and its real tree is read.
import type { Niche, Score } from '../../core/contracts.ts';
import { nicheFiles } from '../shared/harness-hash.ts';
import { heldOutSeeds } from '../shared/rng.ts';
import { USB_KINDS, type UsbKind } from './devices.ts';
import { gates } from './gates.ts';
import { usbJudge } from './judge.ts';
import { generate, HELD_OUT_ONLY, PUBLIC_KINDS, type UsbInput, type UsbScenario, type UsbTruth } from './scenarios.ts';
import { shadow } from './shadow.ts';

const PUBLIC_SEEDS = [7101, 7202, 7303, 7404, 7505, 7606];
/** held-out scenarios start with the kinds public ones never show, then two public kinds */
const HELD_OUT_FIRST: readonly UsbKind[] = [...HELD_OUT_ONLY, 'usb-net', 'usb-storage'];

export const usbProbeNiche: Niche<UsbInput, UsbTruth> = {
  id: 'usb.probe',
  title: 'usb probe',
  description: 'list the usb devices in a linux sysfs tree: ids, class, strings, speed, interfaces and endpoints; synthetic below vm, hot-plugged qemu devices at vm',
  ...nicheFiles(import.meta.url),
  requiredExports: ['probe'],
  event: 'usb_probed',
  headline: { metric: 'probe_accuracy', better: 'higher', unit: 'ratio' },
  gates,
  shadow,
  judge: usbJudge,
  // a tree is a few hundred small files: the baseline needs a few ms
  limits: { memoryMb: 64, cpuMs: 500, wallMs: 2000, maxOutputBytes: 256 << 10 },
  // at vm the runs go through the guest's usb bus: its devices hot-plugged, its real tree read
  device: 'usb',
  // each fuzzed run at vm plugs and enumerates devices (seconds under tcg): a few suffice
  fuzzRuns: { vm: 3 },
  fuzz(seed) {
    return generate(seed, USB_KINDS[seed % USB_KINDS.length]!, true, `usb.probe:fuzz:${seed}`);
  },

  scenarios(ctx): UsbScenario[] {
    const pub = PUBLIC_SEEDS.map((seed, i) => generate(seed, PUBLIC_KINDS[i % PUBLIC_KINDS.length]!, false));
    const held = heldOutSeeds(ctx.heldOutKey, HELD_OUT_FIRST.length).map((seed, i) => generate(seed, HELD_OUT_FIRST[i]!, true, `usb.probe:heldout:${i}`));
    return [...pub, ...held];
  },

  telemetry(score: Score, artifactId: string) {
    const m = score.metrics;
    return {
      artifact_id: artifactId,
      probe_accuracy: m.probe_accuracy ?? null,
      device_recall: m.device_recall ?? null,
      device_precision: m.device_precision ?? null,
      field_accuracy: m.field_accuracy ?? null,
      interface_accuracy: m.interface_accuracy ?? null,
      endpoint_accuracy: m.endpoint_accuracy ?? null,
      exact_rate: m.exact_rate ?? null,
      method: score.labels.method ?? 'unnamed',
    };
  },
};

export default usbProbeNiche;

// usb.probe in shadow: the host's real /sys/bus/usb/devices, read only and bounded, handed to
// both sides as the scenario's sysfs (nothing plugged: the tree is the host's own), and judged
// against the host's reference parse of the same tree. one event a probe: its accuracy; a list
// that is not exact is wrong.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { usbJudge } from '../../../niches/usb.probe/judge.ts';
import type { UsbScenario } from '../../../niches/usb.probe/scenarios.ts';
import type { LiveFeed, SideEvents } from '../live.ts';
import { readUsbTree, referenceDevices } from './usb-sysfs.ts';

export const SYS_USB = '/sys/bus/usb';
/** the driver copies at most this many devices: a longer list never came from it */
const MAX_DEVICES = 64;

interface Seen {
  exact: boolean;
  accuracy: number;
}

/** the feed over a sysfs usb folder (the host's, or a copy in tests) */
export function usbProbeLiveAt(root: string): LiveFeed {
  const devicesDir = join(root, 'devices');
  return {
    niche: 'usb.probe',
    // in a vm guest the artifact would read the guest's own usb bus, not the host's
    maxSandbox: 'container',
    async source() {
      if (!existsSync(root)) return { available: false, reason: `this host has no ${root}` };
      const devices = referenceDevices(readUsbTree(devicesDir)).length;
      if (devices === 0) return { available: false, reason: `${devicesDir} lists no usb device` };
      return { available: true, what: `the host's ${devicesDir} (${devices} devices, root hubs included), read only` };
    },
    async capture(ctx) {
      const sysfs = readUsbTree(devicesDir);
      const devices = referenceDevices(sysfs);
      const s: UsbScenario = { id: `usb.probe:live:${ctx.round}`, seed: 0, kind: 'live', heldOut: false, input: { sysfs, plug: [], qmp: [] }, truth: { devices } };
      return { scenarios: [s], source: `${devices.length} devices and ${Object.keys(sysfs).length} files under ${devicesDir}` };
    },
    events(scenario, output): SideEvents {
      const s = scenario as UsbScenario;
      const devices = (output as { devices?: unknown } | null)?.devices;
      if (Array.isArray(devices) && devices.length > MAX_DEVICES) return { ok: false, reason: `${devices.length} devices, more than the driver hands back` };
      const score = usbJudge.judge(s, output, { cpuMs: NaN, wallMs: NaN });
      if (!score.ok) return { ok: false, reason: score.reason ?? 'the probe could not be judged' };
      const exact = score.metrics.exact === 1;
      const seen: Seen = { exact, accuracy: score.metrics.probe_accuracy! };
      return { ok: true, values: [seen.accuracy], seen: [seen], truth: [s.truth.devices.map((d) => d.device.path)], wrong: exact ? 0 : 1 };
    },
    // what a consumer sees: the host's device list, exactly, on both sides
    same: (a, b) => (a as Seen | null)?.exact === true && (b as Seen | null)?.exact === true,
  };
}

export const usbProbeLive = usbProbeLiveAt(SYS_USB);

// usb.probe scenarios: 1-4 devices on distinct ehci ports 2..5, with random serials, as the
// synthetic sysfs tree the artifact reads and the device list it should find.
import type { Scenario } from '../../core/contracts.ts';
import { rng, type Rng } from '../shared/rng.ts';
import { plugCommands, PORTS, randomSerial, USB_KINDS, type PlugSpec, type QmpCommand, type UsbKind } from './devices.ts';
import { placeDevices } from './layout.ts';
import { expectedDevice, type ExpectedDevice } from './result.ts';
import { sysfsTree, type SysfsTree } from './sysfs-tree.ts';

export interface UsbInput {
  /** the files under /sys/bus/usb/devices (the driver hands the artifact a reader only) */
  sysfs: SysfsTree;
  /** the devices plugged; the vm stage makes the same tree for real from them. never shown to the artifact */
  plug: PlugSpec[];
  /** the same plug as qmp commands, which the vm stage's host runs (plugCommands of each, in order) */
  qmp: QmpCommand[];
}

export interface UsbTruth {
  devices: ExpectedDevice[];
}

export type UsbScenario = Scenario<UsbInput, UsbTruth>;

/** kinds public scenarios use; the others appear only held-out */
export const PUBLIC_KINDS: readonly UsbKind[] = ['usb-kbd', 'usb-mouse', 'usb-tablet', 'usb-storage', 'usb-serial', 'usb-net'];
export const HELD_OUT_ONLY: readonly UsbKind[] = USB_KINDS.filter((k) => !PUBLIC_KINDS.includes(k));

function shuffled<T>(r: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(0, i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** the plugged devices of one scenario: `first` is always among them */
export function plugSpecs(r: Rng, first: UsbKind, pool: readonly UsbKind[]): PlugSpec[] {
  const ports = shuffled(r, PORTS).slice(0, r.int(1, PORTS.length + 1));
  return ports.map((port, i) => ({ kind: i === 0 ? first : r.pick(pool), id: `ola-usb${port}`, port, serial: randomSerial(r) }));
}

export function scenarioOf(plug: PlugSpec[]): { input: UsbInput; truth: UsbTruth } {
  return { input: { sysfs: sysfsTree(plug), plug, qmp: plug.flatMap(plugCommands) }, truth: { devices: placeDevices(plug).map(expectedDevice) } };
}

/** held-out ids must not carry their seed: the generator is public */
export function generate(seed: number, first: UsbKind, heldOut: boolean, id = `usb.probe:${first}:${seed}`): UsbScenario {
  const r = rng(seed);
  const plug = plugSpecs(r, first, heldOut ? USB_KINDS : PUBLIC_KINDS);
  return { id, seed, kind: first, heldOut, ...scenarioOf(plug) };
}

// where devices sit in the guest's usb tree: the root hubs (one ehci, three uhci companions),
// the fixed keyboard on ehci port 1, and each plugged device by its port and speed.
import { KINDS, type DeviceDesc, type InterfaceDesc, type PlugSpec, type UsbKind } from './devices.ts';

/** the guest kernel the synthetic tree names (root hubs carry its release) */
export const GUEST_KERNEL = '6.1.0-57-amd64';

/** the fixed keyboard's serial: qemu makes it from the controller's pci path and the port */
export const FIXED_KBD_SERIAL = '68284-0000:00:1d.7-1';

export interface PlacedDevice {
  /** the directory name under /sys/bus/usb/devices: usbN for a root hub, else bus-port */
  path: string;
  bus: number;
  devpath: string;
  speed: '480' | '12';
  maxchild: number;
  serial: string;
  desc: DeviceDesc;
  /** what plugged it (absent for the root hubs) */
  kind?: UsbKind;
}

/** the bus and port linux shows for an ehci port: full-speed devices go to the companion owning it */
export function busPort(port: number, highSpeed: boolean): { bus: number; port: number } {
  if (highSpeed) return { bus: 1, port };
  return { bus: 2 + Math.floor((port - 1) / 2), port: ((port - 1) % 2) + 1 };
}

function rootHub(bus: number, kernel: string): PlacedDevice {
  const ehci = bus === 1;
  const [major = 0, minor = 0] = kernel.split(/[.-]/).map(Number);
  const hubInterface: InterfaceDesc = {
    number: 0,
    alternate: 0,
    class: 9,
    subclass: 0,
    protocol: 0,
    name: null,
    endpoints: [{ address: 0x81, attributes: 0x03, maxPacketSize: ehci ? 4 : 2, interval: ehci ? 0x0c : 0xff }],
  };
  return {
    path: `usb${bus}`,
    bus,
    devpath: '0',
    speed: ehci ? '480' : '12',
    maxchild: ehci ? 6 : 2,
    serial: ehci ? '0000:00:1d.7' : `0000:00:1d.${bus - 2}`,
    desc: {
      vendorId: 0x1d6b,
      productId: ehci ? 0x0002 : 0x0001,
      // linux puts its version here: major in the high byte, patchlevel in the low one
      bcdDevice: ((major & 0xff) << 8) | (minor & 0xff),
      bcdUsb: ehci ? 0x0200 : 0x0110,
      class: 9,
      subclass: 0,
      protocol: 0,
      maxPacketSize0: 64,
      manufacturer: `Linux ${kernel} ${ehci ? 'ehci_hcd' : 'uhci_hcd'}`,
      product: ehci ? 'EHCI Host Controller' : 'UHCI Host Controller',
      numConfigurations: 1,
      config: { value: 1, attributes: 0xe0, maxPowerMa: 0, name: null, interfaces: [hubInterface] },
    },
  };
}

function plugged(kind: UsbKind, port: number, serial: string): PlacedDevice {
  const spec = KINDS[kind];
  const at = busPort(port, spec.highSpeed);
  const { highSpeed: _hs, backend: _b, ...desc } = spec;
  return { path: `${at.bus}-${at.port}`, bus: at.bus, devpath: String(at.port), speed: spec.highSpeed ? '480' : '12', maxchild: 0, serial, desc, kind };
}

/** every device the guest shows with these plugged: root hubs, the fixed keyboard, then the plugged ones by path */
export function placeDevices(specs: readonly PlugSpec[], kernel = GUEST_KERNEL): PlacedDevice[] {
  const out = [1, 2, 3, 4].map((bus) => rootHub(bus, kernel));
  out.push(plugged('usb-kbd', 1, FIXED_KBD_SERIAL));
  const more = specs.map((s) => plugged(s.kind, s.port, s.serial)).sort((a, b) => (a.path < b.path ? -1 : 1));
  return [...out, ...more];
}

/** fields that differ between guests and are not scored: the keyboard's serial, the kernel in root hubs */
export function varyingFields(d: PlacedDevice): string[] {
  if (d.path === '1-1') return ['serial'];
  if (d.path.startsWith('usb')) return ['manufacturer', 'bcdDevice'];
  return [];
}

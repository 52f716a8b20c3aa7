// the usb device kinds a scenario plugs, as data: their descriptors as the guest's linux shows
// them in sysfs (read from a booted guest, qemu 7.2 and kernel 6.1; tests/niches/
// usb-sysfs-real.test.ts checks them there), and the qmp commands that hot-plug one.
import type { Rng } from '../shared/rng.ts';

export interface EndpointDesc {
  /** bEndpointAddress: bit 7 is the direction (in) */
  address: number;
  /** bmAttributes: bits 0-1 are the transfer type */
  attributes: number;
  maxPacketSize: number;
  /** bInterval as in the descriptor */
  interval: number;
}

export interface InterfaceDesc {
  number: number;
  /** the alternate setting linux has active (no driver binds in the guest: 0) */
  alternate: number;
  class: number;
  subclass: number;
  protocol: number;
  /** the iInterface string, when it has one */
  name: string | null;
  endpoints: EndpointDesc[];
}

export interface ConfigDesc {
  value: number;
  attributes: number;
  maxPowerMa: number;
  /** the iConfiguration string, when it has one */
  name: string | null;
  interfaces: InterfaceDesc[];
}

/** a device's descriptors, but its serial (the scenario's) and where it sits */
export interface DeviceDesc {
  vendorId: number;
  productId: number;
  bcdDevice: number;
  /** bcdUSB */
  bcdUsb: number;
  class: number;
  subclass: number;
  protocol: number;
  maxPacketSize0: number;
  manufacturer: string;
  product: string;
  numConfigurations: number;
  /** the configuration linux chose (sysfs shows only that one) */
  config: ConfigDesc;
}

export const USB_KINDS = ['usb-kbd', 'usb-mouse', 'usb-tablet', 'usb-storage', 'usb-serial', 'usb-net', 'usb-wacom-tablet', 'usb-ccid'] as const;
export type UsbKind = (typeof USB_KINDS)[number];

export interface KindSpec extends DeviceDesc {
  /** high-speed capable: stays on the ehci bus at 480; otherwise a uhci companion takes it at 12 */
  highSpeed: boolean;
  /** what qemu needs beside the device */
  backend?: 'drive' | 'chardev';
}

const ep = (address: number, attributes: number, maxPacketSize: number, interval: number): EndpointDesc => ({ address, attributes, maxPacketSize, interval });
const INT = 0x03;
const BULK = 0x02;

function one(c: Omit<InterfaceDesc, 'number' | 'alternate'>): InterfaceDesc[] {
  return [{ number: 0, alternate: 0, ...c }];
}

function hid(product: string, configName: string, subclass: number, protocol: number, endpoint: EndpointDesc): KindSpec {
  return {
    highSpeed: true,
    vendorId: 0x0627,
    productId: 0x0001,
    bcdDevice: 0x0000,
    bcdUsb: 0x0200,
    class: 0,
    subclass: 0,
    protocol: 0,
    maxPacketSize0: 64,
    manufacturer: 'QEMU',
    product,
    numConfigurations: 1,
    config: { value: 1, attributes: 0xa0, maxPowerMa: 100, name: configName, interfaces: one({ class: 3, subclass, protocol, name: null, endpoints: [endpoint] }) },
  };
}

export const KINDS: Record<UsbKind, KindSpec> = {
  'usb-kbd': hid('QEMU USB Keyboard', 'HID Keyboard', 1, 1, ep(0x81, INT, 8, 7)),
  'usb-mouse': hid('QEMU USB Mouse', 'HID Mouse', 1, 2, ep(0x81, INT, 4, 7)),
  'usb-tablet': hid('QEMU USB Tablet', 'HID Tablet', 0, 0, ep(0x81, INT, 8, 4)),
  'usb-storage': {
    highSpeed: true,
    backend: 'drive',
    vendorId: 0x46f4,
    productId: 0x0001,
    bcdDevice: 0x0000,
    bcdUsb: 0x0200,
    class: 0,
    subclass: 0,
    protocol: 0,
    maxPacketSize0: 64,
    manufacturer: 'QEMU',
    product: 'QEMU USB HARDDRIVE',
    numConfigurations: 1,
    config: {
      value: 1,
      attributes: 0xc0,
      maxPowerMa: 0,
      name: 'High speed config (usb 2.0)',
      interfaces: one({ class: 8, subclass: 6, protocol: 0x50, name: null, endpoints: [ep(0x81, BULK, 512, 0), ep(0x02, BULK, 512, 0)] }),
    },
  },
  'usb-serial': {
    highSpeed: false,
    backend: 'chardev',
    vendorId: 0x0403,
    productId: 0x6001,
    bcdDevice: 0x0400,
    bcdUsb: 0x0200,
    class: 0,
    subclass: 0,
    protocol: 0,
    maxPacketSize0: 8,
    manufacturer: 'QEMU',
    product: 'QEMU USB SERIAL',
    numConfigurations: 1,
    config: {
      value: 1,
      attributes: 0xa0,
      maxPowerMa: 100,
      name: null,
      interfaces: one({ class: 0xff, subclass: 0xff, protocol: 0xff, name: null, endpoints: [ep(0x81, BULK, 64, 0), ep(0x02, BULK, 64, 0)] }),
    },
  },
  // two configurations (cdc ethernet, rndis); linux picks the cdc one. with no cdc_ether in the
  // guest the data interface keeps its alternate setting 0, which has no endpoints
  'usb-net': {
    highSpeed: false,
    vendorId: 0x0525,
    productId: 0xa4a2,
    bcdDevice: 0x0000,
    bcdUsb: 0x0200,
    class: 2,
    subclass: 0,
    protocol: 0,
    maxPacketSize0: 64,
    manufacturer: 'QEMU',
    product: 'RNDIS/QEMU USB Network Device',
    numConfigurations: 2,
    config: {
      value: 1,
      attributes: 0xc0,
      maxPowerMa: 100,
      name: 'QEMU USB Net CDC',
      interfaces: [
        { number: 0, alternate: 0, class: 2, subclass: 6, protocol: 0, name: 'QEMU USB Net Control Interface', endpoints: [ep(0x81, INT, 16, 0x20)] },
        { number: 1, alternate: 0, class: 0x0a, subclass: 0, protocol: 0, name: null, endpoints: [] },
      ],
    },
  },
  'usb-wacom-tablet': {
    highSpeed: false,
    vendorId: 0x056a,
    productId: 0x0000,
    bcdDevice: 0x4210,
    bcdUsb: 0x0110,
    class: 0,
    subclass: 0,
    protocol: 0,
    maxPacketSize0: 8,
    manufacturer: 'QEMU',
    product: 'Wacom PenPartner',
    numConfigurations: 1,
    config: { value: 1, attributes: 0x80, maxPowerMa: 80, name: null, interfaces: one({ class: 3, subclass: 1, protocol: 2, name: null, endpoints: [ep(0x81, INT, 8, 10)] }) },
  },
  'usb-ccid': {
    highSpeed: false,
    vendorId: 0x08e6,
    productId: 0x4433,
    bcdDevice: 0x0000,
    bcdUsb: 0x0110,
    class: 0,
    subclass: 0,
    protocol: 0,
    maxPacketSize0: 64,
    manufacturer: 'QEMU',
    product: 'QEMU USB CCID',
    numConfigurations: 1,
    config: {
      value: 1,
      attributes: 0xe0,
      maxPowerMa: 100,
      name: null,
      interfaces: one({ class: 0x0b, subclass: 0, protocol: 0, name: 'CCID Interface', endpoints: [ep(0x81, INT, 64, 0xff), ep(0x82, BULK, 64, 0), ep(0x03, BULK, 64, 0)] }),
    },
  },
};

/** one device a scenario plugs into the guest's ehci bus */
export interface PlugSpec {
  kind: UsbKind;
  /** qemu id of the device (letters, digits, '-'); its backends' ids derive from it */
  id: string;
  /** ehci port 2..5: port 1 holds the fixed keyboard, and a bus with one free port left gets a hub */
  port: number;
  serial: string;
}

export const PORTS = [2, 3, 4, 5] as const;
export const MAX_SERIAL = 16;

/** a random serial: 1..16 printable ascii characters */
export function randomSerial(r: Rng): string {
  let s = '';
  for (let i = r.int(1, MAX_SERIAL + 1); i > 0; i--) s += String.fromCharCode(r.int(0x20, 0x7f));
  return s;
}

export interface QmpCommand {
  execute: string;
  arguments: Record<string, unknown>;
}

const driveId = (s: PlugSpec) => `${s.id}-drive`;
const chardevId = (s: PlugSpec) => `${s.id}-chr`;

/** backends first, then the device. the drive is read-only: loadvm refuses a writable node that cannot snapshot */
export function plugCommands(s: PlugSpec): QmpCommand[] {
  const backend = KINDS[s.kind].backend;
  const out: QmpCommand[] = [];
  const dev: Record<string, unknown> = { driver: s.kind, id: s.id, bus: 'ehci.0', port: String(s.port), serial: s.serial };
  if (backend === 'drive') {
    out.push({ execute: 'blockdev-add', arguments: { driver: 'null-co', 'node-name': driveId(s), size: 64 << 20, 'read-only': true } });
    dev.drive = driveId(s);
  } else if (backend === 'chardev') {
    // a null chardev never reports open, and usb-serial attaches only once it is: a ring buffer does
    out.push({ execute: 'chardev-add', arguments: { id: chardevId(s), backend: { type: 'ringbuf', data: { size: 4096 } } } });
    dev.chardev = chardevId(s);
  }
  out.push({ execute: 'device_add', arguments: dev });
  return out;
}

/** the device, then its backend; wait for DEVICE_DELETED of s.id before removing the backend */
export function unplugCommands(s: PlugSpec): QmpCommand[] {
  const backend = KINDS[s.kind].backend;
  const out: QmpCommand[] = [{ execute: 'device_del', arguments: { id: s.id } }];
  if (backend === 'drive') out.push({ execute: 'blockdev-del', arguments: { 'node-name': driveId(s) } });
  else if (backend === 'chardev') out.push({ execute: 'chardev-remove', arguments: { id: chardevId(s) } });
  return out;
}

// the synthetic sysfs tree: the files linux shows under /sys/bus/usb/devices for the guest's
// devices, keyed by path relative to it, with linux's exact text (padding, hex, units).
// only descriptor files and a few plain ones; nothing that changes per boot (devnum, urbnum,
// dev, uevent) and no binary `descriptors`.
import type { EndpointDesc, PlugSpec } from './devices.ts';
import { GUEST_KERNEL, placeDevices, type PlacedDevice } from './layout.ts';

export type SysfsTree = Record<string, string>;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const line = (s: string) => `${s}\n`;

const TYPES = ['Control', 'Isoc', 'Bulk', 'Interrupt'] as const;

export function endpointType(e: EndpointDesc): (typeof TYPES)[number] {
  return TYPES[e.attributes & 3]!;
}

export function endpointDirection(e: EndpointDesc): 'in' | 'out' | 'both' {
  if ((e.attributes & 3) === 0) return 'both';
  return e.address & 0x80 ? 'in' : 'out';
}

/** the `interval` file: linux decodes bInterval by type and speed, in µs, shown in ms when whole */
export function intervalText(e: EndpointDesc, highSpeed: boolean): string {
  const type = e.attributes & 3;
  let frames = 0;
  if (type === 1) frames = 1 << (e.interval - 1);
  else if (type === 3) frames = highSpeed ? 1 << (e.interval - 1) : e.interval;
  // control and bulk-out on a high-speed bus: bInterval is the nak rate, in microframes
  else if (highSpeed && (type === 0 || (e.address & 0x80) === 0)) frames = e.interval;
  const us = frames * (highSpeed ? 125 : 1000);
  return us % 1000 === 0 ? `${us / 1000}ms` : `${us}us`;
}

function endpointFiles(out: SysfsTree, dir: string, e: EndpointDesc, highSpeed: boolean): void {
  const at = `${dir}/ep_${hex(e.address, 2)}/`;
  out[`${at}bLength`] = line('07');
  out[`${at}bEndpointAddress`] = line(hex(e.address, 2));
  out[`${at}bmAttributes`] = line(hex(e.attributes, 2));
  out[`${at}bInterval`] = line(hex(e.interval, 2));
  out[`${at}wMaxPacketSize`] = line(hex(e.maxPacketSize, 4));
  out[`${at}type`] = line(endpointType(e));
  out[`${at}direction`] = line(endpointDirection(e));
  out[`${at}interval`] = line(intervalText(e, highSpeed));
}

/** an interface's directory: usbN's are N-0:config.number, others path:config.number */
export function interfaceDir(d: PlacedDevice, number: number): string {
  const base = d.path.startsWith('usb') ? `${d.bus}-0` : d.path;
  return `${base}:${d.desc.config.value}.${number}`;
}

function deviceFiles(out: SysfsTree, d: PlacedDevice): void {
  const x = d.desc;
  const c = x.config;
  const hs = d.speed === '480';
  const f = (name: string, text: string) => (out[`${d.path}/${name}`] = text);
  f('idVendor', line(hex(x.vendorId, 4)));
  f('idProduct', line(hex(x.productId, 4)));
  f('bcdDevice', line(hex(x.bcdDevice, 4)));
  f('version', line(`${(x.bcdUsb >> 8).toString(16).padStart(2, ' ')}.${hex(x.bcdUsb & 0xff, 2)}`));
  f('bDeviceClass', line(hex(x.class, 2)));
  f('bDeviceSubClass', line(hex(x.subclass, 2)));
  f('bDeviceProtocol', line(hex(x.protocol, 2)));
  f('bMaxPacketSize0', line(String(x.maxPacketSize0)));
  f('bNumConfigurations', line(String(x.numConfigurations)));
  f('bConfigurationValue', line(String(c.value)));
  f('bmAttributes', line(c.attributes.toString(16).padStart(2, ' ')));
  f('bMaxPower', line(`${c.maxPowerMa}mA`));
  f('bNumInterfaces', line(String(c.interfaces.length).padStart(2, ' ')));
  // a configuration without a string shows an empty file, not a missing one
  f('configuration', c.name === null ? '' : line(c.name));
  f('manufacturer', line(x.manufacturer));
  f('product', line(x.product));
  f('serial', line(d.serial));
  f('speed', line(d.speed));
  f('busnum', line(String(d.bus)));
  f('devpath', line(d.devpath));
  f('maxchild', line(String(d.maxchild)));
  endpointFiles(out, d.path, { address: 0, attributes: 0, maxPacketSize: x.maxPacketSize0, interval: 0 }, hs);
  for (const i of c.interfaces) {
    const dir = interfaceDir(d, i.number);
    const g = (name: string, text: string) => (out[`${dir}/${name}`] = text);
    g('bInterfaceNumber', line(hex(i.number, 2)));
    g('bAlternateSetting', line(String(i.alternate).padStart(2, ' ')));
    g('bInterfaceClass', line(hex(i.class, 2)));
    g('bInterfaceSubClass', line(hex(i.subclass, 2)));
    g('bInterfaceProtocol', line(hex(i.protocol, 2)));
    g('bNumEndpoints', line(hex(i.endpoints.length, 2)));
    if (i.name !== null) g('interface', line(i.name));
    for (const e of i.endpoints) endpointFiles(out, dir, e, hs);
  }
}

export function treeOf(devices: readonly PlacedDevice[]): SysfsTree {
  const out: SysfsTree = {};
  for (const d of devices) deviceFiles(out, d);
  return out;
}

/** the tree the guest shows with these devices plugged (kernel: the guest's release, for root hubs) */
export function sysfsTree(specs: readonly PlugSpec[], o: { kernel?: string } = {}): SysfsTree {
  return treeOf(placeDevices(specs, o.kernel ?? GUEST_KERNEL));
}

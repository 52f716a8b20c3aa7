// the host's /sys/bus/usb/devices read only, bounded, into the niche's sysfs tree shape (the
// attribute files the artifact may read, by path relative to it), and the host's reference
// parse of that tree: the device list a probe must give, every field scored.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENDPOINT_TYPES, type ExpectedDevice, type UsbDevice, type UsbEndpoint, type UsbInterface } from '../../../niches/usb.probe/result.ts';
import type { SysfsTree } from '../../../niches/usb.probe/sysfs-tree.ts';

const DEVICE_FILES = [
  'idVendor', 'idProduct', 'bcdDevice', 'version', 'bDeviceClass', 'bDeviceSubClass', 'bDeviceProtocol', 'bMaxPacketSize0',
  'bNumConfigurations', 'bConfigurationValue', 'bmAttributes', 'bMaxPower', 'bNumInterfaces', 'configuration', 'manufacturer',
  'product', 'serial', 'speed', 'busnum', 'devpath', 'maxchild',
];
const INTERFACE_FILES = ['bInterfaceNumber', 'bAlternateSetting', 'bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol', 'bNumEndpoints', 'interface'];
const ENDPOINT_FILES = ['bLength', 'bEndpointAddress', 'bmAttributes', 'bInterval', 'wMaxPacketSize', 'type', 'direction', 'interval'];
/** a device (usbN, B-P, B-P.P...) or one of its interfaces (N-0:C.I, B-P:C.I) */
const ENTRY = /^(usb\d+|\d+-\d+(\.\d+)*)(:\d+\.\d+)?$/;
const ENDPOINT = /^ep_[0-9a-f]{2}$/;
/** bounds: the driver takes 64 devices; files are short text */
const MAX_ENTRIES = 512;
const MAX_ENDPOINTS = 32;
const MAX_TEXT = 4096;

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1').slice(0, MAX_TEXT);
  } catch {
    return undefined; // absent, or an attribute the kernel refuses to read
  }
}

/** the tree under `devicesDir` (e.g. /sys/bus/usb/devices), the niche's files only */
export function readUsbTree(devicesDir: string): SysfsTree {
  const tree: SysfsTree = {};
  const take = (dir: string, key: string, names: readonly string[]) => {
    for (const n of names) {
      const text = readText(join(dir, n));
      if (text !== undefined) tree[`${key}/${n}`] = text;
    }
  };
  for (const name of list(devicesDir).filter((n) => ENTRY.test(n)).slice(0, MAX_ENTRIES)) {
    const dir = join(devicesDir, name);
    if (name.includes(':')) take(dir, name, INTERFACE_FILES);
    else take(dir, name, DEVICE_FILES);
    const eps = name.includes(':') ? list(dir).filter((n) => ENDPOINT.test(n)).slice(0, MAX_ENDPOINTS) : ['ep_00'];
    for (const ep of eps) take(join(dir, ep), `${name}/${ep}`, ENDPOINT_FILES);
  }
  return tree;
}

/** a file's value: its text less one trailing newline, or null when absent */
const value = (tree: SysfsTree, path: string): string | null => {
  const t = tree[path];
  return t === undefined ? null : t.endsWith('\n') ? t.slice(0, -1) : t;
};
const hex = (tree: SysfsTree, path: string) => parseInt(value(tree, path)?.trim() ?? '', 16);
const dec = (tree: SysfsTree, path: string) => parseInt(value(tree, path)?.trim() ?? '', 10);

function endpointOf(tree: SysfsTree, at: string): UsbEndpoint {
  const address = hex(tree, `${at}/bEndpointAddress`);
  return {
    address,
    type: ENDPOINT_TYPES[hex(tree, `${at}/bmAttributes`) & 3]!,
    direction: address & 0x80 ? 'in' : 'out',
    maxPacketSize: hex(tree, `${at}/wMaxPacketSize`),
    interval: hex(tree, `${at}/bInterval`),
  };
}

function interfaceOf(tree: SysfsTree, dir: string, names: string[]): UsbInterface {
  const eps = [...new Set(names.filter((p) => p.startsWith(`${dir}/ep_`)).map((p) => p.split('/')[1]!))].sort();
  return {
    number: hex(tree, `${dir}/bInterfaceNumber`),
    alternate: dec(tree, `${dir}/bAlternateSetting`),
    class: hex(tree, `${dir}/bInterfaceClass`),
    subclass: hex(tree, `${dir}/bInterfaceSubClass`),
    protocol: hex(tree, `${dir}/bInterfaceProtocol`),
    name: value(tree, `${dir}/interface`),
    endpoints: eps.map((ep) => endpointOf(tree, `${dir}/${ep}`)),
  };
}

/** the devices the tree shows, as the judge expects them: by path, every field scored */
export function referenceDevices(tree: SysfsTree): ExpectedDevice[] {
  const paths = Object.keys(tree);
  const tops = [...new Set(paths.map((p) => p.split('/')[0]!))].sort();
  return tops
    .filter((d) => !d.includes(':'))
    .map((d): ExpectedDevice => {
      const v = (f: string) => value(tree, `${d}/${f}`);
      const bus = dec(tree, `${d}/busnum`);
      const cfg = v('bConfigurationValue')?.trim();
      const base = d.startsWith('usb') ? `${bus}-0` : d;
      const config = cfg
        ? {
            value: Number(cfg),
            attributes: hex(tree, `${d}/bmAttributes`),
            maxPowerMa: parseInt(v('bMaxPower') ?? '', 10),
            name: v('configuration') || null,
            interfaces: tops
              .filter((t) => t.startsWith(`${base}:${cfg}.`))
              .map((t) => interfaceOf(tree, t, paths))
              .sort((a, b) => a.number - b.number),
          }
        : null;
      const device: UsbDevice = {
        path: d,
        bus,
        speed: Number(v('speed')),
        version: (v('version') ?? '').trim(),
        vendorId: hex(tree, `${d}/idVendor`),
        productId: hex(tree, `${d}/idProduct`),
        bcdDevice: hex(tree, `${d}/bcdDevice`),
        class: hex(tree, `${d}/bDeviceClass`),
        subclass: hex(tree, `${d}/bDeviceSubClass`),
        protocol: hex(tree, `${d}/bDeviceProtocol`),
        maxPacketSize0: dec(tree, `${d}/bMaxPacketSize0`),
        manufacturer: v('manufacturer'),
        product: v('product'),
        serial: v('serial'),
        numConfigurations: dec(tree, `${d}/bNumConfigurations`),
        config,
      };
      return { device, varying: [] };
    });
}

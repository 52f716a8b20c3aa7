// the synthetic tree in linux's exact text, the placement of devices on ehci and its uhci
// companions, the qmp commands of a plug, and the scenarios' ranges.
import { describe, expect, it } from 'vitest';
import { scenariosHash } from '../../score/scenario-hash.ts';
import { MAX_SERIAL, plugCommands, unplugCommands, USB_KINDS, type PlugSpec } from './devices.ts';
import { usbProbeNiche as niche } from './index.ts';
import { busPort } from './layout.ts';
import { HELD_OUT_ONLY, PUBLIC_KINDS, type UsbScenario } from './scenarios.ts';
import { intervalText, sysfsTree } from './sysfs-tree.ts';

const spec = (kind: PlugSpec['kind'], port: number, serial = 'X9'): PlugSpec => ({ kind, id: `ola-usb${port}`, port, serial });

describe('usb.probe sysfs tree', () => {
  const t = sysfsTree([spec('usb-storage', 3, ' a b '), spec('usb-ccid', 5)]);

  it('writes a high-speed device on its ehci port, in linux text', () => {
    expect(t).toMatchObject({
      '1-3/idVendor': '46f4\n',
      '1-3/idProduct': '0001\n',
      '1-3/bcdDevice': '0000\n',
      '1-3/bNumInterfaces': ' 1\n',
      '1-3/bmAttributes': 'c0\n',
      '1-3/bMaxPower': '0mA\n',
      '1-3/speed': '480\n',
      '1-3/version': ' 2.00\n',
      '1-3/serial': ' a b \n',
      '1-3/devpath': '3\n',
      '1-3/configuration': 'High speed config (usb 2.0)\n',
      '1-3/ep_00/wMaxPacketSize': '0040\n',
      '1-3/ep_00/direction': 'both\n',
      '1-3:1.0/bInterfaceClass': '08\n',
      '1-3:1.0/bInterfaceProtocol': '50\n',
      '1-3:1.0/bAlternateSetting': ' 0\n',
      '1-3:1.0/bNumEndpoints': '02\n',
      '1-3:1.0/ep_02/bEndpointAddress': '02\n',
      '1-3:1.0/ep_02/direction': 'out\n',
      '1-3:1.0/ep_81/wMaxPacketSize': '0200\n',
      '1-3:1.0/ep_81/type': 'Bulk\n',
    });
  });

  it('puts a full-speed device on the companion that owns the port', () => {
    expect(t['4-1/idVendor']).toBe('08e6\n');
    expect(t['4-1/speed']).toBe('12\n');
    expect(t['4-1/version']).toBe(' 1.10\n');
    expect(t['4-1/busnum']).toBe('4\n');
    expect(t['4-1:1.0/interface']).toBe('CCID Interface\n');
    expect(t['4-1:1.0/ep_81/interval']).toBe('255ms\n');
    expect(t['4-1/configuration']).toBe('');
    expect([2, 3, 4, 5].map((p) => busPort(p, false))).toEqual([
      { bus: 2, port: 2 },
      { bus: 3, port: 1 },
      { bus: 3, port: 2 },
      { bus: 4, port: 1 },
    ]);
  });

  it('has the root hubs, the fixed keyboard, and nothing that changes per boot', () => {
    const tops = new Set(Object.keys(t).map((k) => k.split('/')[0]));
    expect([...tops].sort()).toEqual(['1-0:1.0', '1-1', '1-1:1.0', '1-3', '1-3:1.0', '2-0:1.0', '3-0:1.0', '4-0:1.0', '4-1', '4-1:1.0', 'usb1', 'usb2', 'usb3', 'usb4']);
    expect(t['usb1/manufacturer']).toBe('Linux 6.1.0-57-amd64 ehci_hcd\n');
    expect(t['usb1/bcdDevice']).toBe('0601\n');
    expect(t['usb3/serial']).toBe('0000:00:1d.1\n');
    expect(t['1-0:1.0/ep_81/interval']).toBe('256ms\n');
    expect(t['1-1/serial']).toBe('68284-0000:00:1d.7-1\n');
    expect(t['1-1:1.0/ep_81/interval']).toBe('8ms\n');
    expect(Object.keys(t).filter((k) => /\/(devnum|urbnum|uevent|descriptors|dev)$/.test(k))).toEqual([]);
    expect(sysfsTree([], { kernel: '6.10.2-1-amd64' })['usb2/bcdDevice']).toBe('060a\n');
  });

  it('decodes bInterval as linux does, by type and speed', () => {
    expect(intervalText({ address: 0x81, attributes: 3, maxPacketSize: 8, interval: 4 }, true)).toBe('1ms');
    expect(intervalText({ address: 0x81, attributes: 3, maxPacketSize: 8, interval: 1 }, true)).toBe('125us');
    expect(intervalText({ address: 0x81, attributes: 3, maxPacketSize: 8, interval: 10 }, false)).toBe('10ms');
    expect(intervalText({ address: 0x02, attributes: 2, maxPacketSize: 512, interval: 1 }, true)).toBe('125us');
    expect(intervalText({ address: 0x82, attributes: 2, maxPacketSize: 512, interval: 1 }, true)).toBe('0ms');
  });
});

describe('usb.probe plug commands', () => {
  it('adds a read-only null drive or a ring-buffer chardev first, then the device on ehci', () => {
    const s = spec('usb-storage', 4, 'S 1');
    expect(plugCommands(s)).toEqual([
      { execute: 'blockdev-add', arguments: { driver: 'null-co', 'node-name': 'ola-usb4-drive', size: 64 << 20, 'read-only': true } },
      { execute: 'device_add', arguments: { driver: 'usb-storage', id: 'ola-usb4', bus: 'ehci.0', port: '4', serial: 'S 1', drive: 'ola-usb4-drive' } },
    ]);
    expect(unplugCommands(s)).toEqual([
      { execute: 'device_del', arguments: { id: 'ola-usb4' } },
      { execute: 'blockdev-del', arguments: { 'node-name': 'ola-usb4-drive' } },
    ]);
    const serial = plugCommands(spec('usb-serial', 2));
    expect(serial[0]).toEqual({ execute: 'chardev-add', arguments: { id: 'ola-usb2-chr', backend: { type: 'ringbuf', data: { size: 4096 } } } });
    expect(serial[1]!.arguments.chardev).toBe('ola-usb2-chr');
    expect(plugCommands(spec('usb-mouse', 5))).toHaveLength(1);
    expect(unplugCommands(spec('usb-mouse', 5))).toEqual([{ execute: 'device_del', arguments: { id: 'ola-usb5' } }]);
  });
});

describe('usb.probe scenarios', () => {
  const make = (fill: number) => niche.scenarios({ heldOutKey: Buffer.alloc(32, fill), storageDir: '/nonexistent' });
  const all = make(5);
  const kinds = (ss: UsbScenario[]) => new Set(ss.flatMap((s) => s.input.plug.map((p) => p.kind)));

  it('plug 1-4 devices on distinct ports 2..5 with printable serials, the tree and qmp made from them', () => {
    for (const s of all as UsbScenario[]) {
      const { plug, qmp, sysfs } = s.input;
      expect(plug.length).toBeGreaterThanOrEqual(1);
      expect(plug.length).toBeLessThanOrEqual(4);
      expect(new Set(plug.map((p) => p.port)).size).toBe(plug.length);
      for (const p of plug) {
        expect([2, 3, 4, 5]).toContain(p.port);
        expect(p.serial).toMatch(new RegExp(`^[\\x20-\\x7e]{1,${MAX_SERIAL}}$`));
      }
      expect(qmp).toEqual(plug.flatMap(plugCommands));
      expect(sysfs).toEqual(sysfsTree(plug));
      expect(s.truth.devices).toHaveLength(5 + plug.length);
    }
  });

  it('show some kinds only held-out, every kind somewhere, and repeat from the same key', () => {
    const pub = all.filter((s) => !s.heldOut) as UsbScenario[];
    const held = all.filter((s) => s.heldOut) as UsbScenario[];
    expect([...kinds(pub)].sort()).toEqual([...PUBLIC_KINDS].sort());
    for (const k of HELD_OUT_ONLY) expect(kinds(held)).toContain(k);
    expect(HELD_OUT_ONLY.length).toBeGreaterThan(0);
    expect(new Set([...kinds(pub), ...kinds(held)]).size).toBe(USB_KINDS.length);
    expect(scenariosHash(make(5))).toBe(scenariosHash(all));
    expect(scenariosHash(make(6).filter((s) => s.heldOut))).not.toBe(scenariosHash(held));
  });
});

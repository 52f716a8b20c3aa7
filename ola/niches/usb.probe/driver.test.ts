// the driver on the host (no isolate): the reader it hands out, and how it names every kind
// of badly typed result; what it returns is a plain copy of the known fields only.
import { describe, expect, it } from 'vitest';
import { usbProbeNiche as niche } from './index.ts';
import { scenarioOf, type UsbInput } from './scenarios.ts';

type Out = { devices: Record<string, unknown>[]; method: string; badType: string };
const drive = new Function(`'use strict';\n${niche.driver}\nreturn drive;`)() as (a: Record<string, unknown>, input: UsbInput) => Out;
const { input, truth } = scenarioOf([{ kind: 'usb-serial', id: 'ola-usb2', port: 2, serial: 'r' }]);
const expected = () => structuredClone(truth.devices.map((d) => d.device));

describe('usb.probe driver', () => {
  it('hands out a reader: sorted listings derived from the paths, files or null, nothing else', () => {
    let seen: Record<string, unknown> = {};
    drive(
      {
        probe(sys: { list(d: unknown): string[]; read(p: unknown): string | null }) {
          seen = {
            top: sys.list(''),
            same: sys.list(undefined),
            dev: sys.list('/2-2/'),
            ep: sys.list('2-2:1.0/ep_81'),
            none: sys.list('nope'),
            odd: sys.list(7),
            vendor: sys.read('2-2/idVendor'),
            slash: sys.read('/2-2/idVendor'),
            dir: sys.read('2-2'),
            missing: sys.read('2-2/descriptors'),
            junk: sys.read({}),
            keys: Object.keys(sys),
            frozen: Object.isFrozen(sys),
          };
          return [];
        },
      },
      input,
    );
    expect(seen.top).toEqual(['1-0:1.0', '1-1', '1-1:1.0', '2-0:1.0', '2-2', '2-2:1.0', '3-0:1.0', '4-0:1.0', 'usb1', 'usb2', 'usb3', 'usb4']);
    expect(seen.same).toEqual(seen.top);
    expect(seen.dev).toContain('ep_00');
    expect(seen.dev).toContain('idVendor');
    expect(seen.ep).toEqual(['bEndpointAddress', 'bInterval', 'bLength', 'bmAttributes', 'direction', 'interval', 'type', 'wMaxPacketSize']);
    expect(seen).toMatchObject({ none: [], odd: [], vendor: '0403\n', slash: '0403\n', dir: null, missing: null, junk: null, keys: ['list', 'read'], frozen: true });
  });

  it('copies a good result field by field, dropping unknown fields', () => {
    const ds = expected();
    (ds[0] as unknown as Record<string, unknown>).extra = { big: 'x'.repeat(1000) };
    const out = drive({ probe: () => ds, method: 'm'.repeat(100) }, input);
    expect(out.badType).toBe('');
    expect(out.devices).toEqual(expected());
    expect(out.method).toHaveLength(64);
  });

  it('names each kind of badly typed result', () => {
    const spoil = (f: (ds: any[]) => unknown) => () => {
      const ds = expected();
      const r = f(ds);
      return r === undefined ? ds : r;
    };
    const cases: [unknown, RegExp][] = [
      [spoil(() => 'x'), /^probe returned string, not an array of devices$/],
      [spoil(() => ({ length: 1, 0: {} })), /^probe returned object, not an array/],
      [spoil(() => new Array(65).fill(null)), /^the device list has 65 entries \(at most 64\)$/],
      [spoil((ds) => void (ds[2] = null)), /^devices\[2\] is null, not an object$/],
      [spoil((ds) => void (ds[0].vendorId = '0x1d6b')), /^devices\[0\]\.vendorId is string, not an integer in 0\.\.65535$/],
      [spoil((ds) => void (ds[0].class = 256)), /^devices\[0\]\.class is 256, not an integer in 0\.\.255$/],
      [spoil((ds) => void (ds[0].bus = 1.5)), /^devices\[0\]\.bus is 1\.5, not an integer/],
      [spoil((ds) => void (ds[0].speed = '480')), /^devices\[0\]\.speed is string, not a number of Mbit\/s$/],
      [spoil((ds) => void (ds[1].serial = 5)), /^devices\[1\]\.serial is number, not a string or null$/],
      [spoil((ds) => void (ds[1].product = 'p'.repeat(300))), /^devices\[1\]\.product is 300 characters \(at most 256\)$/],
      [spoil((ds) => void (ds[0].path = null)), /^devices\[0\]\.path is null, not a string$/],
      [spoil((ds) => void (ds[0].config = [])), /^devices\[0\]\.config is array, not an object$/],
      [spoil((ds) => void (ds[0].config.interfaces = new Array(33))), /^devices\[0\]\.config\.interfaces has 33 entries/],
      [spoil((ds) => void (ds[0].config.interfaces[0].endpoints[0].type = 'Interrupt')), /^devices\[0\]\.config\.interfaces\[0\]\.endpoints\[0\]\.type is not one of control, isoc, bulk, interrupt$/],
      [spoil((ds) => void (ds[0].config.interfaces[0].endpoints[0].direction = 'both')), /\.direction is not 'in' or 'out'$/],
    ];
    for (const [probe, want] of cases) expect(drive({ probe }, input).badType).toMatch(want);
    expect(drive({ probe: 1 }, input).badType).toBe('probe is number, not a function');
  });

  it('lets an error of the artifact through (a getter that throws fails the run with its message)', () => {
    const ds = expected();
    Object.defineProperty(ds[0], 'serial', { get: () => { throw new Error('hostile getter'); } });
    expect(() => drive({ probe: () => ds }, input)).toThrow('hostile getter');
    // a getter is read once: a value that changes between reads cannot slip past the check
    let n = 0;
    const ds2 = expected();
    Object.defineProperty(ds2[0], 'vendorId', { get: () => (n++ === 0 ? 0x1d6b : 'late') });
    const out = drive({ probe: () => ds2 }, input);
    expect(out.badType).toBe('');
    expect(out.devices[0]!.vendorId).toBe(0x1d6b);
  });
});

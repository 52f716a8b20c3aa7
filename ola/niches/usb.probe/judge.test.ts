// the usb.probe judge on hand-made outputs: the expected list scores 1, and each kind of
// mistake lowers its own metric (or fails the run when the shape is wrong).
import { describe, expect, it } from 'vitest';
import type { PlugSpec } from './devices.ts';
import { usbJudge } from './judge.ts';
import type { UsbDevice } from './result.ts';
import { scenarioOf, type UsbScenario } from './scenarios.ts';

const plug: PlugSpec[] = [
  { kind: 'usb-storage', id: 'ola-usb3', port: 3, serial: ' s3 ' },
  { kind: 'usb-net', id: 'ola-usb4', port: 4, serial: 'n4' },
];
const scenario: UsbScenario = { id: 'usb.probe:test', seed: 1, kind: 'usb-storage', heldOut: false, ...scenarioOf(plug) };
const cost = { cpuMs: 1, wallMs: 1 };

/** the expected devices, as a fresh copy to spoil */
const perfect = (): UsbDevice[] => structuredClone(scenario.truth.devices.map((d) => d.device));
const judge = (devices: unknown, over: Record<string, unknown> = {}) => usbJudge.judge(scenario, { devices, method: 'test', badType: '', ...over }, cost);
const find = (ds: UsbDevice[], path: string) => ds.find((d) => d.path === path)!;

describe('usb.probe judge', () => {
  it('scores the expected list 1 on every metric, in any order', () => {
    const s = judge(perfect().reverse());
    expect(s.ok).toBe(true);
    expect(s.metrics).toMatchObject({ device_recall: 1, device_precision: 1, field_accuracy: 1, interface_accuracy: 1, endpoint_accuracy: 1, probe_accuracy: 1, exact: 1, devices_reported: 7 });
    expect(s.labels).toEqual({ method: 'test' });
  });

  it('counts a wrong vendor id, a trimmed serial and a wrong config field as field errors only', () => {
    const ds = perfect();
    find(ds, '1-3').vendorId = 0x46f5;
    find(ds, '1-3').serial = 's3';
    find(ds, '3-2').config!.maxPowerMa = 200;
    const s = judge(ds);
    expect(s.metrics.field_accuracy).toBeLessThan(1);
    const fields = scenario.truth.devices.reduce((n, d) => n + 14 - d.varying.length + 4, 0);
    expect(s.metrics.field_accuracy).toBeCloseTo((fields - 3) / fields, 10);
    expect(s.metrics).toMatchObject({ device_recall: 1, device_precision: 1, interface_accuracy: 1, endpoint_accuracy: 1, exact: 0 });
  });

  it('ignores what differs between guests: the fixed keyboard serial, the kernel in root hubs', () => {
    const ds = perfect();
    find(ds, '1-1').serial = '68284-0000:00:1d.7-9';
    find(ds, 'usb2').manufacturer = 'Linux 6.12.0-1-amd64 uhci_hcd';
    find(ds, 'usb2').bcdDevice = 0x060c;
    expect(judge(ds).metrics.probe_accuracy).toBe(1);
  });

  it('counts a missing interface, a wrong interface class, and a missing or extra endpoint', () => {
    const ds = perfect();
    find(ds, '3-2').config!.interfaces.pop();
    expect(judge(ds).metrics).toMatchObject({ interface_accuracy: 7 / 8, endpoint_accuracy: 1, field_accuracy: 1 });
    const ds2 = perfect();
    find(ds2, '1-3').config!.interfaces[0]!.class = 3;
    find(ds2, '1-3').config!.interfaces[0]!.endpoints.pop();
    const s2 = judge(ds2);
    expect(s2.metrics.interface_accuracy).toBe(7 / 8);
    // endpoints: 4 root hubs, keyboard, storage 2, net 1
    expect(s2.metrics.endpoint_accuracy).toBe(7 / 8);
    const ds3 = perfect();
    find(ds3, '1-1').config!.interfaces[0]!.endpoints.push({ address: 0x02, type: 'bulk', direction: 'out', maxPacketSize: 64, interval: 0 });
    expect(judge(ds3).metrics.endpoint_accuracy).toBe(8 / 9);
  });

  it('counts a missing device against recall and all its fields, an extra or duplicate one against precision', () => {
    const ds = perfect().filter((d) => d.path !== '3-2');
    const s = judge(ds);
    expect(s.metrics.device_recall).toBe(6 / 7);
    expect(s.metrics.device_precision).toBe(1);
    expect(s.metrics.field_accuracy).toBeLessThan(0.9);
    expect(s.metrics.interface_accuracy).toBe(6 / 8);
    const extra = { ...perfect()[0]!, path: '2-2' };
    expect(judge([...perfect(), extra]).metrics).toMatchObject({ device_recall: 1, device_precision: 7 / 8, field_accuracy: 1 });
    expect(judge([...perfect(), perfect()[5]]).metrics.device_precision).toBe(7 / 8);
    expect(judge([]).metrics).toMatchObject({ device_recall: 0, device_precision: 0, field_accuracy: 0 });
  });

  it('fails a run whose output is not the driver shape or carries a bad type, and never throws on junk', () => {
    expect(usbJudge.judge(scenario, 'nonsense', cost)).toMatchObject({ ok: false, reason: 'output is not the driver shape' });
    expect(usbJudge.judge(scenario, { devices: {}, method: '', badType: '' }, cost).ok).toBe(false);
    expect(judge([], { badType: 'devices[0] is string, not an object' })).toMatchObject({ ok: false, reason: 'devices[0] is string, not an object' });
    const junk = [null, 1, 'x', [], { path: 7 }, { path: '1-1', config: 'x' }, { path: '1-3', config: { interfaces: [null, { number: 0, endpoints: 'x' }] } }];
    const s = judge(junk);
    expect(s.ok).toBe(true);
    expect(s.metrics.probe_accuracy).toBeLessThan(0.3);
  });

  it('aggregates the mean over scenarios, the exact share and the worst one', () => {
    const good = judge(perfect());
    const ds = perfect();
    find(ds, '1-3').product = 'x';
    const bad = judge(ds);
    const m = usbJudge.aggregate([good, bad, { scenarioId: 'x', ok: false, metrics: {} }]);
    expect(m.exact_rate).toBe(0.5);
    expect(m.worst_probe_accuracy).toBe(bad.metrics.probe_accuracy);
    expect(m.probe_accuracy).toBeCloseTo((1 + bad.metrics.probe_accuracy!) / 2, 12);
    expect(usbJudge.utility(m)).toBe(m.probe_accuracy);
  });
});

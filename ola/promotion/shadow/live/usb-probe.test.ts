// the usb.probe feed on a sysfs-like tree written to disk (this host has no /sys/bus/usb): the
// tree read back is the niche's, the reference parse is exact against the niche's own truth,
// the baseline through the real driver probes it exactly, a wrong field is wrong, hostile
// outputs are refused, and a copy of the baseline passes a whole shadow run beside it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../../core/tmp-storage.ts';
import { usbProbeNiche } from '../../../niches/usb.probe/index.ts';
import { usbJudge } from '../../../niches/usb.probe/judge.ts';
import { generate } from '../../../niches/usb.probe/scenarios.ts';
import { feedCheck, liveContext, shadowOnce, tracesOf } from './feed-check.ts';
import { SYS_USB, usbProbeLive, usbProbeLiveAt } from './usb-probe.ts';
import { readUsbTree, referenceDevices } from './usb-sysfs.ts';

const storage = tmpStorage();
const root = join(storage.dir, 'sys-bus-usb');
// a machine with a storage stick, a serial adapter and more (the niche's own descriptors)
const machine = generate(4, 'usb-storage', true);
const feed = usbProbeLiveAt(root);
const traces = tracesOf({});
const ctx = () => liveContext(storage.dir, traces);
const check = feedCheck();

beforeAll(() => {
  for (const [path, text] of Object.entries(machine.input.sysfs)) {
    const file = join(root, 'devices', path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, 'latin1');
  }
  // entries the kernel has that are no device: skipped
  mkdirSync(join(root, 'devices', 'power'), { recursive: true });
  writeFileSync(join(root, 'devices', 'usb1', 'uevent'), 'DEVTYPE=usb_device\n');
});
afterAll(async () => {
  await check.close();
  storage.cleanup();
});

describe('usb.probe live feed', () => {
  it("says plainly when the host has no /sys/bus/usb", async () => {
    const src = await usbProbeLive.source({ storageDir: storage.dir, traces });
    if (!existsSync(SYS_USB)) expect(src).toEqual({ available: false, reason: 'this host has no /sys/bus/usb' });
    expect(await usbProbeLiveAt(join(storage.dir, 'none')).source({ storageDir: storage.dir, traces })).toMatchObject({ available: false });
    expect(await feed.source({ storageDir: storage.dir, traces })).toMatchObject({ available: true, what: expect.stringContaining(`${machine.truth.devices.length} devices`) });
  });

  it('reads back exactly the niche files, and its reference parse is exact against the niche truth', () => {
    const tree = readUsbTree(join(root, 'devices'));
    expect(tree).toEqual(machine.input.sysfs);
    const reference = referenceDevices(tree);
    const score = usbJudge.judge(machine, { devices: reference.map((d) => d.device), method: 'reference', badType: '' }, { cpuMs: 0, wallMs: 0 });
    expect(score.metrics).toMatchObject({ probe_accuracy: 1, exact: 1 });
  });

  it('the baseline through the real driver probes the tree exactly; a wrong field is wrong', async () => {
    const { scenarios } = await feed.capture(ctx());
    const [run] = await check.run(usbProbeNiche, scenarios);
    expect(run!.ok, run!.error?.message).toBe(true);
    const ev = feed.events(scenarios[0]!, run!.output);
    expect(ev).toMatchObject({ ok: true, values: [1], wrong: 0 });
    if (ev.ok) expect(feed.same(ev.seen[0], ev.seen[0])).toBe(true);
    const o = run!.output as { devices: Record<string, unknown>[] };
    const trimmed = { ...o, devices: o.devices.map((d, i) => (i === o.devices.length - 1 ? { ...d, serial: `${d.serial}`.trim() + '~' } : d)) };
    const bad = feed.events(scenarios[0]!, trimmed);
    expect(bad).toMatchObject({ ok: true, wrong: 1 });
    if (bad.ok) expect(bad.values[0]).toBeLessThan(1);
  });

  it('refuses hostile outputs without throwing', async () => {
    const { scenarios } = await feed.capture(ctx());
    const s = scenarios[0]!;
    const hostile: unknown[] = [null, 5, 'usb', [], {}, { devices: 'x', method: '', badType: '' }, { devices: [], method: '', badType: 'probe returned a number' }, { devices: new Array(1e6).fill({}), method: '', badType: '' }];
    for (const h of hostile) expect(feed.events(s, h).ok).toBe(false);
  });

  it('a copy of the baseline passes a whole shadow run beside it', async () => {
    const done = await shadowOnce(usbProbeNiche, feed, { storageDir: storage.dir, traces }, `${usbProbeNiche.baseline}\n// copy`, 12);
    expect(done, JSON.stringify(done.reasons)).toMatchObject({ type: 'stage_passed', mismatched: 0 });
    expect(done.events).toBeGreaterThanOrEqual(10);
  });
});

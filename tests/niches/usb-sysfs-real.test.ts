// usb.probe's synthetic tree against the real one: a raw guest gets the scenario devices
// hot-plugged over qmp (plugCommands), and every file of sysfsTree(...) must read the same
// under its /sys/bus/usb/devices, with the same files present or absent and the same
// endpoints; the baseline, run on the real files, must score 1. three plugs cover every kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../ola/niches/shared/rng.ts';
import { plugCommands, randomSerial, unplugCommands, USB_KINDS, type PlugSpec, type UsbKind } from '../../ola/niches/usb.probe/devices.ts';
import usbProbe from '../../ola/niches/usb.probe/index.ts';
import { scenarioOf, type UsbScenario } from '../../ola/niches/usb.probe/scenarios.ts';
import { sysfsTree } from '../../ola/niches/usb.probe/sysfs-tree.ts';
import { guestImage, hostKernel } from '../../ola/sandbox/vm/guest-image.ts';
import { probeKvm } from '../../ola/sandbox/vm/kvm-probe.ts';
import { Machine } from '../../ola/sandbox/vm/machine.ts';

const ROOT = '/sys/bus/usb/devices';
const ENUMERATE_MS = 60_000;
/** files that differ between guests, not judged: the fixed keyboard's serial is qemu's own */
const VARYING = new Set(['1-1/serial']);

let m: Machine;
let next = 1;

/** runs a payload in the guest; node caches data: imports, so each gets its own text */
function inGuest<T>(code: string, timeoutMs = 30_000): Promise<T> {
  const id = next++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`payload ${id} did not answer`)), timeoutMs);
    m.attach((msg) => {
      const r = msg as { id: number; ok: boolean; value?: T; error?: string };
      if (r.id !== id) return;
      clearTimeout(timer);
      if (r.ok) resolve(r.value as T);
      else reject(new Error(r.error));
    });
    m.send({ id, code: `${code}\n// ${id}` });
  });
}

/** what the guest shows: top-level names, entries of the given dirs, and every readable file of every device */
interface Seen {
  top: string[];
  dirs: Record<string, string[] | null>;
  files: Record<string, string>;
}

function look(dirs: string[]): Promise<Seen> {
  return inGuest<Seen>(`
    import { readdirSync, readFileSync, lstatSync } from 'node:fs';
    const root = ${JSON.stringify(ROOT)};
    const skip = new Set(['descriptors', 'remove', 'uevent']);
    const files = {};
    const walk = (rel) => {
      for (const f of readdirSync(root + '/' + rel)) {
        const p = rel + '/' + f;
        let s; try { s = lstatSync(root + '/' + p); } catch { continue; }
        if (s.isDirectory() && f.startsWith('ep_')) walk(p);
        else if (s.isFile() && !skip.has(f)) { try { files[p] = readFileSync(root + '/' + p, 'latin1'); } catch {} }
      }
    };
    const top = readdirSync(root).sort();
    for (const d of top) walk(d);
    const dirs = {};
    for (const d of ${JSON.stringify(dirs)}) { try { dirs[d] = readdirSync(root + '/' + d).sort(); } catch { dirs[d] = null; } }
    export default { top, dirs, files };`);
}

const topOf = (tree: Record<string, string>) => [...new Set(Object.keys(tree).map((k) => k.split('/')[0]!))].sort();
const dirsOf = (tree: Record<string, string>) => [...new Set(Object.keys(tree).map((k) => k.slice(0, k.lastIndexOf('/'))))].sort();

/** polls until the guest shows every device and interface, each with all its endpoints */
async function enumerated(tree: Record<string, string>): Promise<Seen> {
  const want = topOf(tree);
  const end = Date.now() + ENUMERATE_MS;
  for (;;) {
    const seen = await look(dirsOf(tree));
    const complete = dirsOf(tree).every((d) => seen.dirs[d] !== null);
    if (complete && JSON.stringify(seen.top) === JSON.stringify(want)) return seen;
    if (Date.now() > end) throw new Error(`the guest shows ${seen.top.join(' ')}, not ${want.join(' ')}, after ${ENUMERATE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function plug(specs: PlugSpec[]): Promise<void> {
  for (const c of specs.flatMap(plugCommands)) await m.qmp!.execute(c.execute, c.arguments);
}

/** device_del, then (once qemu says the device is gone) its backend */
async function unplug(specs: PlugSpec[]): Promise<void> {
  for (const s of specs) {
    const [del, ...backend] = unplugCommands(s);
    // ids repeat between plugs: only events after this device_del count
    const from = m.qmp!.events.length;
    // a plug that failed part way has nothing to delete
    if (!(await m.qmp!.execute(del!.execute, del!.arguments).then(() => true, () => false))) continue;
    const end = Date.now() + 10_000;
    while (!m.qmp!.events.slice(from).some((e) => e.event === 'DEVICE_DELETED' && (e.data as { device?: string })?.device === s.id)) {
      if (Date.now() > end) throw new Error(`qemu did not delete ${s.id}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const c of backend) await m.qmp!.execute(c.execute, c.arguments);
  }
}

/** three plugs on ports 2..5 that between them hold every kind, on ehci and on each companion */
const r = rng(20261130);
const at = (kind: UsbKind, port: number, serial = randomSerial(r)): PlugSpec => ({ kind, id: `ola-usb${port}`, port, serial });
const PLUGS: PlugSpec[][] = [
  [at('usb-kbd', 2), at('usb-mouse', 3), at('usb-tablet', 4), at('usb-storage', 5)],
  [at('usb-wacom-tablet', 2), at('usb-serial', 3), at('usb-net', 4), at('usb-ccid', 5)],
  [at('usb-ccid', 2), at('usb-storage', 3, ' sp ace '), at('usb-mouse', 4), at('usb-net', 5, '~"\\x')],
];

const drive = new Function(`'use strict';\n${usbProbe.driver}\nreturn drive;`)() as (a: unknown, input: unknown) => unknown;

beforeAll(async () => {
  const image = await guestImage();
  const { accel } = await probeKvm(image);
  m = await Machine.boot(image, { accel, memoryMb: 1024, bootTimeoutMs: 180_000, raw: true });
  await m.snapshot('clean');
}, 300_000);
afterAll(() => m?.kill());

describe('usb.probe: the synthetic tree is what linux shows for the hot-plugged devices', () => {
  it('covers every kind between the three plugs', () => {
    expect(new Set(PLUGS.flat().map((s) => s.kind))).toEqual(new Set(USB_KINDS));
  });

  it.each(PLUGS.map((p, i) => [i, p] as const))('plug %i: every file, every presence, every endpoint; the baseline scores 1', async (_i, specs) => {
    const tree = sysfsTree(specs, { kernel: hostKernel().version });
    await plug(specs);
    try {
      const seen = await enumerated(tree);
      const differ = Object.keys(tree)
        .filter((k) => !VARYING.has(k) && seen.files[k] !== tree[k])
        .map((k) => `${k}: ${JSON.stringify(seen.files[k] ?? null)} (real) vs ${JSON.stringify(tree[k])}`);
      expect(differ).toEqual([]);
      // every name the tree uses anywhere is present in a real directory exactly when the tree has it there
      const names = new Set(Object.keys(tree).map((k) => k.slice(k.lastIndexOf('/') + 1)));
      for (const d of dirsOf(tree)) {
        const real = seen.dirs[d]!.filter((f) => names.has(f) || f.startsWith('ep_'));
        const synthetic = [...new Set(Object.keys(tree).filter((k) => k.startsWith(`${d}/`)).map((k) => k.slice(d.length + 1).split('/')[0]!))].sort();
        expect(real, d).toEqual(synthetic);
      }
      // the baseline on everything the guest shows (as the vm stage reads it) finds exactly the scenario's devices
      const scenario: UsbScenario = { id: 'usb.probe:real', seed: 0, kind: 'real', heldOut: false, ...scenarioOf(specs) };
      const baseline = (await import(`data:text/javascript,${encodeURIComponent(usbProbe.baseline)}`)) as Record<string, unknown>;
      const out = drive({ ...baseline }, { ...scenario.input, sysfs: seen.files });
      const score = usbProbe.judge.judge(scenario, out, { cpuMs: 0, wallMs: 0 });
      expect(score.reason).toBeUndefined();
      expect(score.metrics).toMatchObject({ probe_accuracy: 1, exact: 1 });
    } finally {
      await unplug(specs);
      await m.revert('clean');
    }
  }, 120_000);
});

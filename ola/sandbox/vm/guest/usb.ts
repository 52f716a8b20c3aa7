// usb.probe on the guest's usb bus: the host hot-plugs the scenario's devices (qmp
// device_add), the guest waits until the kernel has enumerated them, and the artifact reads
// the real /sys/bus/usb/devices (copied into the same shape the lower stages get).
import { promises as fs } from 'node:fs';
import type { DeviceHook } from '../../device-hooks.ts';

const ROOT = '/sys/bus/usb/devices';
const ENUMERATE_TIMEOUT_MS = 120_000;
/** attributes that change with every plug or cannot be read (not part of the tree) */
const SKIP = new Set(['descriptors', 'remove', 'uevent', 'reset', 'power', 'driver', 'subsystem', 'firmware_node', 'port']);

async function readDir(rel: string, into: Record<string, string>): Promise<void> {
  for (const e of await fs.readdir(`${ROOT}/${rel}`, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = `${rel}/${e.name}`;
    if (e.isDirectory() && e.name.startsWith('ep_')) await readDir(p, into);
    else if (e.isFile()) {
      try {
        into[p] = await fs.readFile(`${ROOT}/${p}`, 'utf8');
      } catch {
        // write-only or refused attributes are not part of what a reader sees
      }
    }
  }
}

/** the tree of every device and interface on the bus, keyed by path under /sys/bus/usb/devices */
export async function usbTree(): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const d of (await fs.readdir(ROOT)).sort()) await readDir(d, tree);
  return tree;
}

/** devices (not root hubs) whose every interface is there, and their serials */
async function enumerated(): Promise<{ n: number; serials: Set<string> }> {
  const entries = await fs.readdir(ROOT);
  let n = 0;
  const serials = new Set<string>();
  for (const d of entries.filter((e) => /^\d+-[\d.]+$/.test(e))) {
    const want = Number((await fs.readFile(`${ROOT}/${d}/bNumInterfaces`, 'utf8').catch(() => '0')).trim());
    const have = entries.filter((e) => e.startsWith(`${d}:`)).length;
    if (want > 0 && have >= want) n++;
    // a serial may begin or end with spaces: only the newline sysfs adds comes off
    serials.add((await fs.readFile(`${ROOT}/${d}/serial`, 'utf8').catch(() => '')).replace(/\n$/, ''));
  }
  return { n, serials };
}

/** the serials the scenario gave its devices (the guest's harness reads them; the artifact never does) */
function serialsOf(input: unknown): string[] {
  const cmds = (input as { qmp?: { execute?: string; arguments?: { serial?: unknown } }[] } | null)?.qmp ?? [];
  return cmds.filter((c) => c.execute === 'device_add' && typeof c.arguments?.serial === 'string').map((c) => c.arguments!.serial as string);
}

interface UsbIn {
  plug?: unknown[];
}

export const usbHook: DeviceHook = async (s, input) => {
  // the host says how many devices the bus then has: its fixed ones and this run's
  const expect = (await s.host('usb.plug')) as number;
  const serials = serialsOf(input);
  const end = Date.now() + ENUMERATE_TIMEOUT_MS;
  let last = -1;
  // this run's devices are there (the last run's gone), and still so on the next look
  for (;;) {
    const { n, serials: seen } = await enumerated();
    const ready = n === expect && serials.every((x) => seen.has(x));
    if (ready && n === last) break;
    if (Date.now() > end) throw new Error(`${n} of ${expect} usb devices enumerated within ${ENUMERATE_TIMEOUT_MS / 1000} s`);
    last = ready ? n : -1;
    await new Promise((r) => setTimeout(r, 250));
  }
  return s.drive({ ...(input as UsbIn), sysfs: await usbTree() });
};

// the guest, built from what this machine's packages provide and nothing downloaded: the
// debian kernel (linux-image-amd64) and the modules the lab's virtual devices need, busybox
// (busybox-static) as init and tools, and the jail's files (node, its libraries, the
// isolated-vm addon, the bundled isolate host) plus the stdio entry and the guest agent.
// one initramfs (cpio newc), cached by content hash; rebuilt only when an input changes.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build as bundle } from 'esbuild';
import { entryBundle } from '../container/image.ts';
import { jailFiles, sharedLibs } from '../jail/jail-files.ts';

const run = promisify(execFile);
const VM_DIR = fileURLToPath(new URL('../../../vm/', import.meta.url));
const BUSYBOX = '/bin/busybox';
const DEVICES_SRC = fileURLToPath(new URL('./guest/index.ts', import.meta.url));
const FUSE_SRC = join(VM_DIR, 'fuse', 'ola-fuse.c');

/** the guest's device hooks in one file (ola/sandbox/vm/guest/) */
async function devicesBundle(): Promise<string> {
  const out = await bundle({ entryPoints: [DEVICES_SRC], bundle: true, write: false, platform: 'node', format: 'esm', target: 'node24', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

/** the fuse helper, built against Debian's libfuse3 */
async function fuseHelper(dir: string): Promise<string> {
  const out = join(dir, 'ola-fuse');
  try {
    const { stdout } = await run('pkg-config', ['--cflags', '--libs', 'fuse3']);
    await run('gcc', ['-O2', '-Wall', '-o', out, FUSE_SRC, ...stdout.trim().split(/\s+/)]);
  } catch (err) {
    throw new Error(`cannot build the guest's fuse helper (Debian packages gcc, pkg-config, libfuse3-dev): ${(err as Error).message.split('\n')[0]}`);
  }
  return out;
}

/** the modules the guest loads: virtio transport and console, gpu and fbdev, input, fuse, usb */
export const GUEST_MODULES = ['virtio_pci', 'virtio_console', 'virtio_gpu', 'virtio_input', 'evdev', 'fuse', 'ehci_pci', 'uhci_hcd'];

export interface GuestImage {
  kernel: string;
  initrd: string;
  hash: string;
  /** the folder it is cached in (with the saved ready state) */
  dir: string;
  /** made by this call (false: it was cached) */
  built: boolean;
  ms: number;
}

/** the newest installed kernel and its module folder */
export function hostKernel(): { kernel: string; version: string } {
  const kernels = existsSync('/boot') ? readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-')) : [];
  const version = kernels
    .map((f) => f.slice('vmlinuz-'.length))
    .filter((v) => existsSync(join('/lib/modules', v)))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .at(-1);
  if (!version) throw new Error('no kernel with modules in /boot (Debian package linux-image-amd64)');
  return { kernel: join('/boot', `vmlinuz-${version}`), version };
}

/** module files in load order, dependencies first */
async function moduleOrder(version: string): Promise<string[]> {
  const seen = new Set<string>();
  for (const m of GUEST_MODULES) {
    const { stdout } = await run('modprobe', ['--show-depends', '-S', version, m]);
    for (const line of stdout.split('\n')) {
      const file = line.match(/^insmod (\S+)/)?.[1];
      if (file) seen.add(file);
    }
  }
  return [...seen];
}

function stamp(path: string): string {
  const st = statSync(path);
  return `${path}:${st.size}:${st.mtimeMs}`;
}

/** storage/vm by default (the lab passes <storage>/vm; OLA_VM_CACHE points elsewhere) */
export function defaultCacheDir(): string {
  return resolve(process.env.OLA_VM_CACHE ?? join('storage', 'vm'));
}

function cacheDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

/** older files of a kind (guest-*.cpio, ready-*.qcow2) than the one kept; a recent one may be another checkout's build in progress */
export function pruneCache(dir: string, prefix: string, keep: string, olderThanMs = 10 * 60_000): void {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (!f.startsWith(prefix) || p === keep) continue;
    try {
      if (Date.now() - statSync(p).mtimeMs > olderThanMs) rmSync(p, { force: true });
    } catch {
      // gone already
    }
  }
}

const building = new Map<string, Promise<GuestImage>>();

/** the guest image in `dir` (built there when missing), one build per folder and process */
export function guestImage(dir = defaultCacheDir()): Promise<GuestImage> {
  let b = building.get(dir);
  if (!b) {
    b = build(cacheDir(dir)).catch((err) => {
      building.delete(dir);
      throw err;
    });
    building.set(dir, b);
  }
  return b;
}

async function build(dir: string): Promise<GuestImage> {
  const t0 = performance.now();
  if (!existsSync(BUSYBOX)) throw new Error(`${BUSYBOX} is missing (Debian package busybox-static)`);
  const { kernel, version } = hostKernel();
  const files = await jailFiles();
  const entry = await entryBundle();
  const modules = await moduleOrder(version);
  const devices = await devicesBundle();
  const fuseSrc = readFileSync(FUSE_SRC);
  const init = readFileSync(join(VM_DIR, 'init.sh'));
  const agent = readFileSync(join(VM_DIR, 'agent.mjs'));
  const rawAgent = readFileSync(join(VM_DIR, 'raw-agent.mjs'));
  const h = createHash('sha256');
  for (const part of [kernel, BUSYBOX, files.node, files.ivm, files.host, ...modules, ...files.libs.map(([src]) => src)]) h.update(stamp(part));
  h.update(entry).update(init).update(agent).update(rawAgent).update(devices).update(fuseSrc);
  for (const lib of ['/usr/include/fuse3/fuse.h']) if (existsSync(lib)) h.update(stamp(lib));
  const hash = h.digest('hex').slice(0, 16);
  const initrd = join(dir, `guest-${hash}.cpio`);
  if (existsSync(initrd)) return { kernel, initrd, hash, dir, built: false, ms: performance.now() - t0 };

  const root = join(dir, `build-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'ola/modules', 'ola/mnt', 'proc', 'sys', 'dev', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
  writeFileSync(join(root, 'init'), init, { mode: 0o755 });
  copyFileSync(files.node, join(root, 'ola/node'));
  copyFileSync(files.ivm, join(root, 'ola/ivm.node'));
  copyFileSync(files.host, join(root, 'ola/host.mjs'));
  writeFileSync(join(root, 'ola/entry.mjs'), entry);
  writeFileSync(join(root, 'ola/agent.mjs'), agent);
  writeFileSync(join(root, 'ola/raw-agent.mjs'), rawAgent);
  writeFileSync(join(root, 'ola/devices.mjs'), devices);
  const fuse = await fuseHelper(join(root, 'ola'));
  for (const [src, dst] of [...files.libs, ...(await sharedLibs([fuse]))]) {
    mkdirSync(join(root, dirname(dst)), { recursive: true });
    copyFileSync(realpathSync(src), join(root, dst));
  }
  const names = modules.map((m, i) => `${String(i).padStart(2, '0')}-${basename(m)}`);
  modules.forEach((m, i) => copyFileSync(m, join(root, 'ola/modules', names[i]!)));
  writeFileSync(join(root, 'ola/modules.order'), `${names.join('\n')}\n`);
  const tmp = `${initrd}.${process.pid}.tmp`;
  try {
    // every file owned by root in the guest, whoever builds it
    await run('sh', ['-c', `cd "${root}" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > "${tmp}"`], { maxBuffer: 1 << 20 });
  } catch (err) {
    throw new Error(`cannot pack the guest (Debian package cpio): ${(err as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  renameSync(tmp, initrd);
  pruneCache(dir, 'guest-', initrd);
  return { kernel, initrd, hash, dir, built: true, ms: performance.now() - t0 };
}

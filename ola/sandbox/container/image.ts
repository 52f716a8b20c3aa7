// the sandbox image, made here from what the jail already stages (node, its shared
// libraries, the isolated-vm addon, the host bundle) plus the stdio entry: no registry is
// reachable, so nothing is pulled. the tag is a hash of the content; a present tag is reused.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { build } from 'esbuild';
import { IN_JAIL, type JailFiles } from '../jail/jail-files.ts';

const ENTRY_SRC = fileURLToPath(new URL('./host-entry.ts', import.meta.url));
/** bump when the layout changes, so an old image is not taken for a new one */
const LAYOUT = 1;
export const IMAGE_REPO = 'organic-os/sandbox';
export const LABEL = 'organic-os';

/** paths inside the container (the addon path is the one the host bundle loads) */
export const IN_IMAGE = { ...IN_JAIL, entry: '/ola/entry.mjs' } as const;

export interface SandboxImage {
  tag: string;
  /** it was made by this call (false: it was there) */
  built: boolean;
}

/** the stdio entry in one file */
export async function entryBundle(): Promise<string> {
  const out = await build({ entryPoints: [ENTRY_SRC], bundle: true, write: false, platform: 'node', format: 'esm', target: 'node24', logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

/** the tag a set of files gets: the same content always gives the same tag */
export function imageTag(files: Pick<JailFiles, 'node' | 'ivm' | 'host' | 'libs'>, entry: string, repo = IMAGE_REPO): string {
  const h = createHash('sha256').update(`layout ${LAYOUT}\n`);
  // the staged node, addon and host carry a hash of their content in their names
  for (const f of [files.node, files.ivm, files.host]) h.update(`${basename(f)}\n`);
  for (const [src, dst] of files.libs) h.update(`${dst} ${src} ${statSync(src).size}\n`);
  h.update(entry);
  return `${repo}:${h.digest('hex').slice(0, 16)}`;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** builds the image unless its tag is present (tests build under another repo name) */
export async function ensureImage(docker: Docker, files: JailFiles, repo = IMAGE_REPO): Promise<SandboxImage> {
  const entry = await entryBundle();
  const tag = imageTag(files, entry, repo);
  if (await imageExists(docker, tag)) return { tag, built: false };
  // many processes (test files, a lab and its cli) may ask at once: one builds, the rest wait
  return withBuildLock(tag, async () => {
    if (await imageExists(docker, tag)) return { tag, built: false };
    const root = mkdtempSync(join(tmpdir(), 'organic-os-image-'));
    try {
      stageRoot(root, files, entry);
      await importTar(docker, root, tag);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    await pruneOlder(docker, tag);
    return { tag, built: true };
  });
}

/** a lock folder per tag (mkdir is atomic); one left by a dead builder goes after a while */
async function withBuildLock<T>(tag: string, build: () => Promise<T>, staleMs = 180_000): Promise<T> {
  const lock = join(tmpdir(), `organic-os-image-${tag.replace(/[^a-z0-9]/gi, '_')}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleMs) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** older builds of the same repo go (one still used by a container stays: no force) */
async function pruneOlder(docker: Docker, keep: string): Promise<void> {
  const [repo] = keep.split(':');
  const old = await docker.listImages({ filters: { reference: [`${repo}`], label: [`${LABEL}=1`] } }).catch(() => []);
  for (const img of old) {
    for (const t of img.RepoTags ?? []) if (t !== keep) await docker.getImage(t).remove().catch(() => undefined);
  }
}

function stageRoot(root: string, files: JailFiles, entry: string): void {
  const put = (src: string, dst: string, mode: number) => {
    const at = join(root, dst);
    mkdirSync(dirname(at), { recursive: true, mode: 0o755 });
    copyFileSync(src, at);
    chmodSync(at, mode);
  };
  for (const [src, dst] of files.libs) put(src, dst, 0o755);
  put(files.node, IN_IMAGE.node, 0o755);
  put(files.ivm, IN_IMAGE.ivm, 0o644);
  put(files.host, IN_IMAGE.host, 0o644);
  writeFileSync(join(root, IN_IMAGE.entry), entry, { mode: 0o644 });
  // mount points: /tmp is a tmpfs at run time, the rest docker provides
  for (const d of ['tmp', 'proc', 'dev', 'sys', 'etc']) mkdirSync(join(root, d), { recursive: true, mode: 0o755 });
  chmodSync(join(root, 'tmp'), 0o1777);
  chmodSync(root, 0o755);
}

/** a reproducible tar of the folder, streamed into `docker import` through the engine api */
async function importTar(docker: Docker, root: string, tag: string): Promise<void> {
  const tar = spawn('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tarErr = '';
  tar.stderr.on('data', (b: Buffer) => (tarErr += b.toString()));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', (e) => reject(new Error(`tar could not run: ${e.message}`)));
    tar.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tar failed (${code}): ${tarErr.trim()}`))));
  });
  const [repo, version] = tag.split(':') as [string, string];
  const progress = await docker.importImage(tar.stdout, { repo, tag: version, changes: [`LABEL ${LABEL}=1`, `LABEL ${LABEL}.content=${version}`] });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (err: Error | null, out: { error?: string }[]) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) reject(new Error(`docker import failed: ${failed}`));
      else resolve();
    });
  });
  await tarDone;
}

// the isolate host bundled to one plain script (esbuild), kept by content hash: a host started
// from it loads no typescript loader, which saves memory and start time in every host.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const HOST_ENTRY = fileURLToPath(new URL('./isolate-host.ts', import.meta.url));

let text: string | undefined;

/** built once per process; commonjs, so isolated-vm resolves from the repo wherever the file lies */
export function hostBundleText(): string {
  text ??= buildSync({
    entryPoints: [HOST_ENTRY],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    logLevel: 'silent',
    external: ['isolated-vm'],
    // the module wrapper's require, rebound to the source's place (a parameter: assignable in strict code)
    banner: { js: `'use strict';\nrequire = require('node:module').createRequire(${JSON.stringify(HOST_ENTRY)});` },
  }).outputFiles[0]!.text;
  return text;
}

/** a folder only its owner can write, so no other user can swap what the hosts run */
function ownDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new Error(`${dir} belongs to another user`);
  if ((st.mode & 0o022) !== 0) chmodSync(dir, st.mode & ~0o022);
  return dir;
}

/**
 * the bundle's path in `dir` (default: a per-user folder under the temp dir), written when
 * missing or when what is there is not what this process built
 */
export function isolateHostFile(dir = join(tmpdir(), `organic-os-isolate-${process.getuid?.() ?? 0}`)): string {
  const code = hostBundleText();
  const path = join(ownDir(dir), `isolate-host-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`);
  let held: string | undefined;
  try {
    held = readFileSync(path, 'utf8');
  } catch {
    // not there yet
  }
  if (held !== code) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, code, { mode: 0o600 });
    renameSync(tmp, path);
  }
  return path;
}

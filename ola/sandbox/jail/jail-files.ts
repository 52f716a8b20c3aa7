// what a jail binds, staged once per content in a root-owned folder every user can reach
// (the jailed process runs as nobody, and may not be able to walk into the repo's folder):
// the node binary, the isolated-vm addon, the isolate host bundled to one file, the seccomp
// filter compiled from seccomp/jail.policy, and the shared libraries they load.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOST_ENTRY = fileURLToPath(new URL('../isolate-host.ts', import.meta.url));
export const POLICY = join(ROOT, 'seccomp', 'jail.policy');
const COMPILER = join(ROOT, 'seccomp', 'compile-policy.c');
const LIMITER = fileURLToPath(new URL('./cpu-limiter.c', import.meta.url));

/** paths inside the jail */
export const IN_JAIL = { node: '/ola/node', ivm: '/ola/ivm.node', host: '/ola/host.mjs' } as const;

export interface JailFiles {
  dir: string;
  node: string;
  ivm: string;
  host: string;
  bpf: string;
  /** the resident helper that sets a jailed process's cpu limit (cpu-limiter.c) */
  limiter: string;
  /** [host path, jail path] of every shared library node and the addon load */
  libs: [string, string][];
}

let staged: Promise<JailFiles> | undefined;

/** stages the files once per process (and once per content on disk) */
export function jailFiles(): Promise<JailFiles> {
  staged ??= stage().catch((err) => {
    staged = undefined;
    throw err;
  });
  return staged;
}

function sha(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** a folder only its owner can write, so no other user can swap what the jail runs */
function safeDir(): string {
  const dir = join(tmpdir(), `organic-os-jail-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = statSync(dir);
  if (st.uid !== (process.getuid?.() ?? st.uid)) throw new Error(`${dir} belongs to another user`);
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * the node binary by its content, so every checkout of one version shares one copy (by its path,
 * each clone left a 120 MB copy behind). hashing it costs about 0.3 s, so the id is remembered
 * per path, size and mtime
 */
export function nodeId(dir: string, nodeSrc: string): string {
  const st = statSync(nodeSrc);
  const memo = join(dir, `node-id-${sha(`${nodeSrc}:${st.size}:${st.mtimeMs}`)}`);
  try {
    const id = readFileSync(memo, 'utf8');
    if (/^[0-9a-f]{16}$/.test(id)) return id;
  } catch {
    // not hashed yet
  }
  const id = sha(readFileSync(nodeSrc));
  const tmp = `${memo}.${process.pid}.tmp`;
  writeFileSync(tmp, id, { mode: 0o644 });
  renameSync(tmp, memo);
  return id;
}

/** writes through a temporary name, so a reader never sees half a file */
function put(path: string, data: string | Buffer, mode: number): void {
  if (existsSync(path)) return;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

function place(src: string, path: string): void {
  if (existsSync(path)) return;
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    linkSync(src, tmp);
  } catch {
    copyFileSync(src, tmp);
  }
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
}

async function stage(): Promise<JailFiles> {
  const dir = safeDir();
  const nodeSrc = realpathSync(process.execPath);
  const ivmSrc = ivmAddon();
  const node = join(dir, `node-${nodeId(dir, nodeSrc)}`);
  const ivm = join(dir, `ivm-${sha(readFileSync(ivmSrc))}.node`);
  place(nodeSrc, node);
  place(ivmSrc, ivm);
  const bundle = await hostBundle();
  const host = join(dir, `host-${sha(bundle)}.mjs`);
  put(host, bundle, 0o644);
  const bpf = await compilePolicy(dir);
  const limiter = await compileLimiter(dir);
  const libs = await sharedLibs([nodeSrc, ivmSrc]);
  return { dir, node, ivm, host, bpf, limiter, libs };
}

/** the addon file node-gyp-build would load here, loaded in the jail by path */
function ivmAddon(): string {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('isolated-vm/package.json'));
  const gypBuild = require(require.resolve('node-gyp-build', { paths: [pkg] })) as { path(dir: string): string };
  return gypBuild.path(pkg);
}

/** the isolate host in one file; isolated-vm comes from the bound addon */
async function hostBundle(): Promise<string> {
  const out = await build({
    entryPoints: [HOST_ENTRY],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    logLevel: 'silent',
    plugins: [
      {
        name: 'ivm-by-path',
        setup(b) {
          b.onResolve({ filter: /^isolated-vm$/ }, () => ({ path: 'ivm', namespace: 'ivm' }));
          b.onLoad({ filter: /.*/, namespace: 'ivm' }, () => ({
            contents: `import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)(${JSON.stringify(IN_JAIL.ivm)}).ivm;`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  return out.outputFiles[0]!.text;
}

/** compiles the policy with libseccomp (the compiler itself is built once with gcc) */
async function compilePolicy(dir: string): Promise<string> {
  const csrc = readFileSync(COMPILER);
  const compiler = join(dir, `compile-policy-${sha(csrc)}`);
  if (!existsSync(compiler)) {
    const tmp = `${compiler}.${process.pid}.tmp`;
    try {
      await run('gcc', ['-O2', '-o', tmp, COMPILER, '-lseccomp']);
    } catch (err) {
      throw new Error(`cannot build the seccomp compiler (gcc and libseccomp-dev are needed): ${firstLine(err)}`);
    }
    renameSync(tmp, compiler);
  }
  const policy = readFileSync(POLICY);
  const bpf = join(dir, `jail-${sha(Buffer.concat([policy, csrc]))}.bpf`);
  if (!existsSync(bpf)) {
    const tmp = `${bpf}.${process.pid}.tmp`;
    try {
      await run(compiler, [POLICY, tmp]);
    } catch (err) {
      throw new Error(`seccomp/jail.policy does not compile: ${firstLine(err)}`);
    }
    chmodSync(tmp, 0o644);
    renameSync(tmp, bpf);
  }
  return bpf;
}

/** builds the cpu limiter once per content (gcc, already needed for the seccomp compiler) */
async function compileLimiter(dir: string): Promise<string> {
  const csrc = readFileSync(LIMITER);
  const limiter = join(dir, `cpu-limiter-${sha(csrc)}`);
  if (existsSync(limiter)) return limiter;
  const tmp = `${limiter}.${process.pid}.tmp`;
  try {
    await run('gcc', ['-O2', '-o', tmp, LIMITER]);
  } catch (err) {
    throw new Error(`cannot build the jail's cpu limiter (gcc is needed): ${firstLine(err)}`);
  }
  chmodSync(tmp, 0o755);
  renameSync(tmp, limiter);
  return limiter;
}

/** ldd's answer for each binary: every library at the path the loader asks for */
export async function sharedLibs(binaries: string[]): Promise<[string, string][]> {
  const out = new Map<string, string>();
  for (const bin of binaries) {
    const { stdout } = await run('ldd', [bin]);
    for (const m of stdout.matchAll(/(\/\S+)\s+\(0x/g)) {
      const path = m[1]!;
      out.set(path, realpathSync(path));
    }
  }
  return [...out].map(([path, real]) => [real, path]);
}

function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(err)).trim().split('\n')[0]!;
}

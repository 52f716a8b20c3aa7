// fuse.compress on a real fuse mount: the block pass runs as at every stage, then the
// scenario's file-system session is replayed through the kernel on /ola/mnt, where the helper
// stores every block as the artifact's compress() made it; an fsck walks the mount, reads
// every file back and checks the helper's block layout. the report has the driver's shape.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeviceHook, DeviceSession } from '../../device-hooks.ts';
import { MNT, serveCodec } from './fuse-helper.ts';

interface FsOp {
  op: string;
  path: string;
  to?: string;
  off?: number;
  len?: number;
  src?: number;
  size?: number;
}

interface FuseIn {
  data: Uint8Array;
  ops: FsOp[];
}

const at = (p: string): string => join(MNT, p);

async function mkdirs(p: string): Promise<void> {
  await fs.mkdir(dirname(at(p)), { recursive: true });
}

/** opens for writing, creating the file as the driver's fs does */
async function rw(p: string): Promise<fs.FileHandle> {
  await mkdirs(p);
  return fs.open(at(p), fs.constants.O_RDWR | fs.constants.O_CREAT);
}

async function readRange(p: string, off: number, len: number): Promise<Uint8Array | null> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(at(p), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const out = Buffer.alloc(len);
    let got = 0;
    for (;;) {
      const { bytesRead } = await fh.read(out, got, len - got, off + got);
      got += bytesRead;
      if (bytesRead === 0 || got === len) break;
    }
    return new Uint8Array(out.subarray(0, got));
  } finally {
    await fh.close();
  }
}

async function replay(s: DeviceSession, input: FuseIn): Promise<{ len: Int32Array; h1: Uint32Array; h2: Uint32Array }> {
  const reads = input.ops.filter((o) => o.op === 'read');
  const len = new Int32Array(reads.length), h1 = new Uint32Array(reads.length), h2 = new Uint32Array(reads.length);
  let r = 0;
  const src = (o: FsOp) => input.data.subarray(o.src!, o.src! + o.len!);
  for (const o of input.ops) {
    if (o.op === 'write') {
      await mkdirs(o.path);
      await fs.writeFile(at(o.path), src(o));
    } else if (o.op === 'pwrite' || o.op === 'append' || o.op === 'truncate') {
      const fh = await rw(o.path);
      try {
        if (o.op === 'truncate') await fh.truncate(o.size!);
        else {
          const off = o.op === 'append' ? (await fh.stat()).size : o.off!;
          await fh.write(src(o), 0, o.len!, off);
        }
      } finally {
        await fh.close();
      }
    } else if (o.op === 'read') {
      const bytes = await readRange(o.path, o.off!, o.len!);
      len[r] = bytes ? bytes.length : -1;
      if (bytes) [h1[r], h2[r]] = s.call('hash', [bytes]) as [number, number];
      r++;
    } else if (o.op === 'rename' && o.to !== o.path) {
      try {
        await fs.access(at(o.path));
      } catch {
        continue;
      }
      await mkdirs(o.to!);
      await fs.rename(at(o.path), at(o.to!));
    }
  }
  return { len, h1, h2 };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(at(dir), { withFileTypes: true })) {
    const p = dir === '/' ? `/${e.name}` : `${dir}/${e.name}`;
    if (p === '/.fsck') continue;
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** the helper's layout report: blocks per file, live blocks, the first problem it saw */
function layout(text: string): { files: Map<string, [number, number, number][]>; live: number; problem: string } {
  const files = new Map<string, [number, number, number][]>();
  let live = -1, problem = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('live ')) live = Number(line.slice(5));
    else if (line.startsWith('problem ')) problem = line.slice(8);
    else if (line) {
      const [path, , ...blocks] = line.split(' ');
      files.set(path!, blocks.map((b) => b.split(':').map(Number) as [number, number, number]));
    }
  }
  return { files, live, problem };
}

async function fsck(s: DeviceSession): Promise<{ files: unknown[]; liveBlocks: number; problem: string }> {
  const paths = (await walk('/')).sort();
  const files: unknown[] = [];
  const reads: { path: string; size: number; h: [number, number] }[] = [];
  for (const path of paths) {
    const size = (await fs.stat(at(path))).size;
    const bytes = await fs.readFile(at(path));
    reads.push({ path, size, h: s.call('hash', [new Uint8Array(bytes)]) as [number, number] });
  }
  const map = layout(await fs.readFile(at('/.fsck'), 'utf8'));
  for (const { path, size, h } of reads) {
    const blocks = map.files.get(path) ?? [];
    const col = (k: number) => Int32Array.from(blocks.map((b) => b[k]!));
    // every block was read back through the kernel above, and the helper checks each decoded length
    files.push({ path, size, ids: col(0), plain: col(1), stored: col(2), decoded: col(1), h1: h[0], h2: h[1] });
  }
  return { files, liveBlocks: map.live, problem: map.problem };
}

interface DriverOut {
  problem?: unknown;
  fs?: unknown;
  compressBytes?: number;
  decompressBytes?: number;
  calls?: number;
}

/** every run of a job starts on an empty file system (the guest is reverted per job, not per run) */
async function empty(): Promise<void> {
  for (const e of await fs.readdir(MNT)) if (e !== '.fsck') await fs.rm(join(MNT, e), { recursive: true, force: true });
  await fs.unlink(at('/.fsck'));
  const left = layout(await fs.readFile(at('/.fsck'), 'utf8')).live;
  if (left !== 0) throw new Error(`the fuse mount still holds ${left} blocks after it was emptied`);
}

export const fuseHook: DeviceHook = async (s, input) => {
  const fin = input as FuseIn;
  await empty();
  // the block pass as at every stage; the session goes through the mount instead
  const out = s.drive({ ...fin, ops: [] }) as DriverOut;
  if (typeof out !== 'object' || out === null || out.problem || out.fs === null) return out;
  let artifactError: unknown;
  serveCodec((r) => {
    if (artifactError) return null;
    try {
      return s.call(r.op, [r.bytes, `${r.where} (through the fuse mount)`]) as Uint8Array | null;
    } catch (err) {
      artifactError = err;
      return null;
    }
  });
  try {
    let reads: Awaited<ReturnType<typeof replay>> | undefined;
    let checked: Awaited<ReturnType<typeof fsck>> | undefined;
    let ioError = '';
    try {
      reads = await replay(s, fin);
      checked = await fsck(s);
    } catch (err) {
      ioError = (err as Error).message;
    }
    if (artifactError) throw artifactError;
    const stats = s.call('stats', []) as { problem: string; compressBytes: number; decompressBytes: number; calls: number };
    const helperProblem = checked?.problem ?? '';
    const problem = stats.problem || helperProblem || (ioError ? `the fuse mount failed: ${ioError}` : '');
    return {
      ...out,
      problem,
      compressBytes: (out.compressBytes ?? 0) + stats.compressBytes,
      decompressBytes: (out.decompressBytes ?? 0) + stats.decompressBytes,
      calls: (out.calls ?? 0) + stats.calls,
      fs: problem ? null : { reads, files: checked!.files, liveBlocks: checked!.liveBlocks },
    };
  } finally {
    serveCodec(undefined);
  }
};

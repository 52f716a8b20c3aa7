// fuse.compress in shadow: real files under the lab's storage (the registry, logs, senses
// feeds, checkpoints), each a scenario of the niche's own shape: its blocks, a shuffled read-back
// order and, for a file as large as a corpus slice, the scripted fs session. rounds walk on
// through the files (a file over the cap is read a window at a time, the next window next pass).
// one event a file: its ratio; a read-back that is not byte-exact is wrong.
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { runModel } from '../../../niches/fuse.compress/fs-model.ts';
import { fuseJudge } from '../../../niches/fuse.compress/judge.ts';
import { opsScript } from '../../../niches/fuse.compress/ops-script.ts';
import { shapeProblem } from '../../../niches/fuse.compress/output-shape.ts';
import { BLOCK_SIZE, blockCount, MIN_SLICE, PLAUSIBLE_FRACTION, PLAUSIBLE_SLACK, type FuseScenario } from '../../../niches/fuse.compress/scenarios.ts';
import { rng } from '../../../niches/shared/rng.ts';
import type { LiveFeed, SideEvents } from '../live.ts';

/** files a round */
const PER_ROUND = 12;
/** bytes of a file a scenario holds (a window of a larger one) */
export const MAX_FILE_BYTES = 64 * 1024;
/** smaller files say nothing of a codec */
const MIN_FILE_BYTES = 256;
/** the walk's bounds */
const MAX_FILES = 5000;
const MAX_DEPTH = 6;
/** the lab's keys never reach an artifact; shadow mode's own state changes every round */
const SKIP_DIRS = new Set(['keys', 'shadow', 'node_modules']);
/** temp files are half written; key files are secrets wherever they lie */
const skipFile = (name: string) => /\.tmp|~$|-journal$|\.(pem|key)$/i.test(name);

interface Found {
  path: string;
  size: number;
}

/** regular files (no links, no secrets) of at least MIN_FILE_BYTES under dir, sorted by path */
export function storageFiles(dir: string): Found[] {
  const out: Found[] = [];
  const walk = (at: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(at).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= MAX_FILES) return;
      const path = join(at, name);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue; // gone since the listing
      }
      if (st.isDirectory() && depth < MAX_DEPTH && !SKIP_DIRS.has(name)) walk(path, depth + 1);
      else if (st.isFile() && st.size >= MIN_FILE_BYTES && !skipFile(name)) out.push({ path, size: st.size });
    }
  };
  walk(dir, 0);
  return out;
}

/** up to MAX_FILE_BYTES at `offset`, as the file is now */
function snapshot(path: string, offset: number): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = new Uint8Array(MAX_FILE_BYTES);
    const n = readSync(fd, buf, 0, buf.length, offset);
    return n >= MIN_FILE_BYTES ? buf.slice(0, n) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** the niche's scenario shape over live bytes; the fs session only where the corpus slices have one */
export function fileScenario(id: string, seed: number, origin: string, offset: number, data: Uint8Array): FuseScenario {
  const r = rng(seed);
  const n = blockCount(data.length);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const floors = Int32Array.from({ length: n }, (_, k) => {
    const deflated = deflateRawSync(data.subarray(k * BLOCK_SIZE, (k + 1) * BLOCK_SIZE), { level: 9 }).length;
    return Math.max(0, Math.floor(deflated * PLAUSIBLE_FRACTION) - PLAUSIBLE_SLACK);
  });
  const ops = data.length >= MIN_SLICE ? opsScript(r, '/vol/live', data.length, BLOCK_SIZE) : [];
  return { id, seed, kind: 'live', heldOut: false, input: { data, blockSize: BLOCK_SIZE, order, ops }, truth: { origin, offset, floors, fs: runModel(data, ops) } };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export const fuseCompressLive: LiveFeed = {
  niche: 'fuse.compress',
  async source(ctx) {
    const n = storageFiles(ctx.storageDir).length;
    if (n === 0) return { available: false, reason: `no file of ${MIN_FILE_BYTES} bytes or more under ${ctx.storageDir} yet` };
    return { available: true, what: `${n} real files under the lab's storage (registry, logs, senses feeds, checkpoints), up to ${MAX_FILE_BYTES / 1024} KiB of each, ${PER_ROUND} a round` };
  },
  async capture(ctx) {
    const files = storageFiles(ctx.storageDir);
    const scenarios: FuseScenario[] = [];
    for (let i = 0; i < Math.min(PER_ROUND, files.length); i++) {
      const at = ctx.round * PER_ROUND + i;
      const f = files[at % files.length]!;
      // every pass over the list reads the next window of a large file
      const pass = Math.floor(at / files.length);
      const windows = Math.ceil(f.size / MAX_FILE_BYTES);
      const offset = (pass % windows) * MAX_FILE_BYTES;
      const data = snapshot(f.path, offset);
      const origin = relative(ctx.storageDir, f.path);
      if (data) scenarios.push(fileScenario(`fuse.compress:live:${ctx.round}:${i}`, ctx.round * 1000 + i, origin, offset, data));
    }
    const names = scenarios.map((s) => s.truth.origin);
    return { scenarios, source: `${scenarios.length} of ${files.length} files under storage: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ', ...' : ''}` };
  },
  events(scenario, output): SideEvents {
    const s = scenario as FuseScenario;
    const shape = shapeProblem(output);
    if (shape) return { ok: false, reason: `output is not the driver shape: ${shape}` };
    // the driver caught the codec misbehaving (a mutated input, a wrong type): a crash, not a wrong byte
    const problem = (output as { problem: string }).problem;
    if (problem) return { ok: false, reason: problem };
    const truth = [{ file: s.truth.origin, offset: s.truth.offset, bytes: s.input.data.length }];
    const score = fuseJudge.judge(s, output, { cpuMs: NaN, wallMs: NaN });
    if (!score.ok) return { ok: true, values: [NaN], seen: [{ exact: false, why: score.reason }], truth, wrong: 1 };
    return { ok: true, values: [score.metrics.ratio!], seen: [{ exact: true, sha256: sha256(s.input.data) }], truth, wrong: 0 };
  },
  // what a reader of the file system sees: the plain bytes, exactly, on both sides
  same(a, b) {
    const x = a as { exact?: unknown; sha256?: unknown } | null;
    const y = b as { exact?: unknown; sha256?: unknown } | null;
    return x?.exact === true && y?.exact === true && typeof x.sha256 === 'string' && x.sha256 === y.sha256;
  },
};

// the lab's block codec for its checkpoint archives: the active fuse.compress artifact, run in
// the sandbox through the lab's archive driver, else the built-in fallback (gzip). a batch the
// artifact compressed is read back in a separate sandbox job, a fresh context per block, and
// compared byte for byte before it is used; a batch that does not come back exact goes to gzip
// (and the watch hears of the failed use), so an archive never holds what cannot be read.
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { RunLimits, Scenario } from '../../core/contracts.ts';
import type { ActiveUse } from './use.ts';

// zlib's own threads: the lab's event loop stays free while an archive is written or read
const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

const DRIVER = readFileSync(new URL('./archive-driver.js', import.meta.url), 'utf8');
/** blocks a sandbox job: a job's output stays near 1 MiB */
export const BLOCKS_PER_JOB = 48;
const LIMITS: RunLimits = { memoryMb: 256, cpuMs: 20_000, wallMs: 30_000, maxOutputBytes: 4 << 20 };

export type CodecRef = { kind: 'gzip' } | { kind: 'artifact'; artifactId: string; method: string };

export interface Compressed {
  codec: CodecRef;
  blocks: Buffer[];
}

interface DriverOutput {
  problem: string;
  method: string;
  data: Uint8Array;
  sizes: Int32Array;
}

function job(mode: 'compress' | 'decompress', blocks: Uint8Array[]): Scenario {
  const data = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) (data.set(b, at), (at += b.length));
  return { id: `archive:${mode}`, seed: 0, kind: 'live', heldOut: false, input: { mode, data, sizes: Int32Array.from(blocks, (b) => b.length) }, truth: null };
}

/** the driver's blocks, checked: as many as asked for, within the bytes it returned */
function split(out: unknown, count: number): { ok: true; method: string; blocks: Buffer[] } | { ok: false; reason: string } {
  const o = out as DriverOutput;
  if (typeof o !== 'object' || o === null || typeof o.problem !== 'string') return { ok: false, reason: 'the archive driver returned no report' };
  if (o.problem) return { ok: false, reason: o.problem };
  if (!(o.data instanceof Uint8Array) || !(o.sizes instanceof Int32Array) || o.sizes.length !== count) return { ok: false, reason: 'the archive driver returned blocks of the wrong shape' };
  const blocks: Buffer[] = [];
  let at = 0;
  for (const n of o.sizes) {
    if (n < 0 || at + n > o.data.length) return { ok: false, reason: 'the archive driver returned block sizes past its bytes' };
    blocks.push(Buffer.from(o.data.subarray(at, at + n)));
    at += n;
  }
  return { ok: true, method: typeof o.method === 'string' ? o.method : '', blocks };
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

export class ArchiveCodec {
  constructor(private readonly use: ActiveUse) {}

  /** compresses blocks with the active codec (verified by a read-back), else gzip */
  async compress(plain: Uint8Array[], signal: AbortSignal): Promise<Compressed> {
    const t0 = performance.now();
    const plainBytes = plain.reduce((n, b) => n + b.length, 0);
    let artifactId: string | undefined;
    let method = '';
    const stored: Buffer[] = [];
    for (let i = 0; i < plain.length && (i === 0 || artifactId); i += BLOCKS_PER_JOB) {
      const part = plain.slice(i, i + BLOCKS_PER_JOB);
      const partBytes = part.reduce((n, b) => n + b.length, 0);
      const run = await this.use.run(
        'fuse.compress',
        job('compress', part),
        (out) => {
          const r = split(out, part.length);
          if (!r.ok) return r;
          const storedBytes = r.blocks.reduce((n, b) => n + b.length, 0);
          // the metric is the niche's: plain over compressed bytes of this batch
          return { ok: true, value: r, metric: partBytes / Math.max(1, storedBytes) };
        },
        signal,
        { driver: DRIVER, limits: LIMITS, ...(artifactId ? { artifactId } : {}) },
      );
      if (!run || (artifactId && run.artifactId !== artifactId)) {
        artifactId = undefined;
        break;
      }
      // read back in a job of its own before anything relies on it
      const back = await this.decode(run.artifactId, run.value.blocks, signal);
      if (!back || back.some((b, k) => !same(b, part[k]!))) {
        await this.use.fail('fuse.compress', run.artifactId, back ? 'a block did not read back exactly as it was written' : 'the read-back of a batch failed');
        artifactId = undefined;
        break;
      }
      artifactId = run.artifactId;
      method = run.value.method;
      stored.push(...run.value.blocks);
    }
    if (artifactId && stored.length === plain.length) return { codec: { kind: 'artifact', artifactId, method }, blocks: stored };
    const blocks = await Promise.all(plain.map((b) => gzip(b, { level: 6 })));
    this.use.fallback('fuse.compress', (performance.now() - t0) / 1000, plainBytes / Math.max(1, blocks.reduce((n, b) => n + b.length, 0)));
    return { codec: { kind: 'gzip' }, blocks };
  }

  /** the plain bytes of stored blocks under their codec; undefined when they cannot be decoded */
  async decompress(codec: CodecRef, stored: Uint8Array[], signal: AbortSignal): Promise<Buffer[] | undefined> {
    if (codec.kind === 'gzip') {
      try {
        return await Promise.all(stored.map((b) => gunzip(b)));
      } catch {
        return undefined;
      }
    }
    const out: Buffer[] = [];
    for (let i = 0; i < stored.length; i += BLOCKS_PER_JOB) {
      const part = await this.decode(codec.artifactId, stored.slice(i, i + BLOCKS_PER_JOB), signal);
      if (!part) return undefined;
      out.push(...part);
    }
    return out;
  }

  private async decode(artifactId: string, stored: Uint8Array[], signal: AbortSignal): Promise<Buffer[] | undefined> {
    const run = await this.use.run(
      'fuse.compress',
      job('decompress', stored),
      (out) => {
        const r = split(out, stored.length);
        return r.ok ? { ok: true, value: r.blocks } : r;
      },
      signal,
      { driver: DRIVER, limits: LIMITS, artifactId },
    );
    return run?.value;
  }
}

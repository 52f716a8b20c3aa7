// the lab's checkpoint archives: the registry's signed export up to a head, and every artifact
// source it names, as one plain stream cut into 16 KiB blocks, each compressed by the lab's
// codec (the active fuse.compress, else gzip) and kept under storage/checkpoints/. a pack is read
// back from disk (its block reads planned by the active io.coalesce, else one read a block),
// decoded in fresh sandbox jobs and checked against the sha256 of every file before it is
// renamed into place; only then are older checkpoints dropped. the newest pack that needs no
// artifact to read (gzip only) is always kept. a missing artifact source is restored from them.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import type { RegistryStore } from '../../core/contracts.ts';
import { exportLines } from '../../registry/export-lines.ts';
import type { KeyChainView } from '../../registry/key-chain.ts';
import { BLOCKS_PER_JOB, type ArchiveCodec, type CodecRef } from './codec.ts';
import type { ReadCoalescer } from './coalescer.ts';

export const BLOCK = 16 * 1024;
/** checkpoints kept (besides the newest gzip-only one) */
export const KEEP = 3;
const MAGIC = 'OLAPACK1\n';
/** blocks read back at a time (4 MiB): a registry of hundreds of MB is never held whole */
const READ_BACK_BLOCKS = 256;
const NAME = /^registry-\d{8}$/;

export interface PackIndex {
  version: 1;
  name: string;
  /** the registry head the export ends at */
  seq: number;
  createdAt: string;
  codecs: CodecRef[];
  /** per block: where it lies in the pack, its stored and plain lengths, its codec */
  blocks: { at: number; stored: number; plain: number; codec: number }[];
  /** files in the plain stream */
  files: { name: string; offset: number; length: number; sha256: string }[];
  plainBytes: number;
  storedBytes: number;
  plainSha256: string;
  /** the read-back that preceded the rename */
  verified: { at: string; requests: number; reads: number; planner: 'active' | 'fallback'; plannerArtifactId: string | null };
}

export interface CheckpointView {
  name: string;
  seq: number;
  createdAt: string;
  files: number;
  plainBytes: number;
  storedBytes: number;
  ratio: number;
  codecs: CodecRef[];
  /** true when every block is gzip: readable with no artifact */
  builtIn: boolean;
  verified: PackIndex['verified'];
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export function viewOf(i: PackIndex): CheckpointView {
  return {
    name: i.name,
    seq: i.seq,
    createdAt: i.createdAt,
    files: i.files.length,
    plainBytes: i.plainBytes,
    storedBytes: i.storedBytes,
    ratio: i.plainBytes / Math.max(1, i.storedBytes),
    codecs: i.codecs,
    builtIn: i.codecs.every((c) => c.kind === 'gzip'),
    verified: i.verified,
  };
}

/** a turn of the event loop once BREATHE_MS have passed since the last (a turn for every part is slow) */
const BREATHE_MS = 20;
let lastTurn = performance.now();
async function breathe(): Promise<void> {
  if (performance.now() - lastTurn < BREATHE_MS) return;
  await turn();
  lastTurn = performance.now();
}

/** collects a stream into blocks, hashing as it goes (each byte copied once, into its block) */
class Blocker {
  readonly blocks: Buffer[] = [];
  private cur?: Buffer;
  private curLength = 0;
  offset = 0;
  private readonly whole = createHash('sha256');

  push(b: Buffer): void {
    this.whole.update(b);
    this.offset += b.length;
    for (let at = 0; at < b.length; ) {
      this.cur ??= Buffer.allocUnsafe(BLOCK);
      const n = b.copy(this.cur, this.curLength, at, Math.min(b.length, at + BLOCK - this.curLength));
      this.curLength += n;
      at += n;
      if (this.curLength === BLOCK) (this.blocks.push(this.cur), (this.cur = undefined), (this.curLength = 0));
    }
  }

  flush(): void {
    if (this.cur && this.curLength > 0) this.blocks.push(this.cur.subarray(0, this.curLength));
    this.cur = undefined;
    this.curLength = 0;
  }

  take(n: number): Buffer[] {
    return this.blocks.splice(0, n);
  }

  digest(): string {
    return this.whole.digest('hex');
  }
}

export interface CheckpointDeps {
  store: RegistryStore;
  codec: ArchiveCodec;
  reads: ReadCoalescer;
  /** the lab's key chain, for the export's header */
  keys: KeyChainView;
  dir: string;
}

export class CheckpointArchives {
  private running?: Promise<CheckpointView>;

  constructor(private readonly d: CheckpointDeps) {
    mkdirSync(d.dir, { recursive: true });
  }

  /** the verified checkpoints, newest first */
  list(): PackIndex[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.d.dir);
    } catch {
      return [];
    }
    const out: PackIndex[] = [];
    for (const f of names) {
      const m = /^(registry-\d{8})\.index\.json$/.exec(f);
      if (!m || !existsSync(join(this.d.dir, `${m[1]}.pack`))) continue;
      try {
        out.push(JSON.parse(readFileSync(join(this.d.dir, f), 'utf8')) as PackIndex);
      } catch {
        // an unreadable index is no checkpoint
      }
    }
    return out.sort((a, b) => b.name.localeCompare(a.name));
  }

  index(name: string): PackIndex | undefined {
    return NAME.test(name) ? this.list().find((i) => i.name === name) : undefined;
  }

  /** one checkpoint at a time: a second caller gets the one under way */
  make(why: string, signal: AbortSignal): Promise<CheckpointView> {
    this.running ??= this.write(why, signal).finally(() => (this.running = undefined));
    return this.running;
  }

  private async write(why: string, signal: AbortSignal): Promise<CheckpointView> {
    const { store } = this.d;
    const seq = await store.headSeq();
    const name = `registry-${String(seq).padStart(8, '0')}`;
    const tmp = join(this.d.dir, `${name}.pack.tmp`);
    const blocker = new Blocker();
    const files: PackIndex['files'] = [];
    const codecs: CodecRef[] = [];
    const blocks: PackIndex['blocks'] = [];
    const fd = openSync(tmp, 'w');
    let at = 0;
    const writeAll = (b: Uint8Array) => {
      let off = 0;
      while (off < b.length) off += writeSync(fd, b, off, b.length - off, at + off);
      at += b.length;
    };
    // batches of blocks go to the codec as they fill
    const drain = async (all: boolean) => {
      while (blocker.blocks.length >= BLOCKS_PER_JOB || (all && blocker.blocks.length > 0)) {
        signal.throwIfAborted();
        const plain = blocker.take(BLOCKS_PER_JOB);
        const c = await this.d.codec.compress(plain, signal);
        const key = JSON.stringify(c.codec);
        let k = codecs.findIndex((x) => JSON.stringify(x) === key);
        if (k < 0) k = codecs.push(c.codec) - 1;
        for (let i = 0; i < plain.length; i++) {
          blocks.push({ at, stored: c.blocks[i]!.length, plain: plain[i]!.length, codec: k });
          writeAll(c.blocks[i]!);
        }
      }
    };
    const addFile = async (fileName: string, parts: AsyncIterable<string | Buffer> | Iterable<string | Buffer>) => {
      const offset = blocker.offset;
      const h = createHash('sha256');
      for await (const p of parts) {
        const b = typeof p === 'string' ? Buffer.from(p) : p;
        h.update(b);
        blocker.push(b);
        await drain(false);
        // the store's reads and the codec may be synchronous: the lab answers between parts
        await breathe();
      }
      files.push({ name: fileName, offset, length: blocker.offset - offset, sha256: h.digest('hex') });
    };
    try {
      writeAll(Buffer.from(MAGIC));
      const shas = new Set<string>();
      await addFile(
        'registry.jsonl',
        (async function* (s: RegistryStore, key: KeyChainView) {
          for await (const chunk of exportLines(s, key, 0, seq)) {
            // a copy: a matched substring would keep its whole page of the export alive
            for (const m of chunk.matchAll(/\\?"sourceSha256\\?":\\?"([0-9a-f]{64})/g)) shas.add(Buffer.from(m[1]!, 'hex').toString('hex'));
            yield chunk;
          }
        })(store, this.d.keys),
      );
      for (const sha of [...shas].sort()) {
        const src = await store.getSource(sha);
        // a source the registry lacks is left out here; the registry's verify names it
        if (src !== undefined) await addFile(`artifacts/${sha}.src`, [src]);
      }
      blocker.flush();
      await drain(true);
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw err;
    }
    closeSync(fd);
    const index: PackIndex = {
      version: 1,
      name,
      seq,
      createdAt: new Date().toISOString(),
      codecs,
      blocks,
      files,
      plainBytes: blocker.offset,
      storedBytes: at - MAGIC.length,
      plainSha256: blocker.digest(),
      verified: { at: '', requests: 0, reads: 0, planner: 'fallback', plannerArtifactId: null },
    };
    // read back from disk, decode every block and check every file, before anything is renamed or
    // dropped: a batch of blocks at a time, hashed as they come
    try {
      const r = await this.readBack(tmp, index, files, signal);
      index.verified = { at: new Date().toISOString(), ...r };
    } catch (err) {
      rmSync(tmp, { force: true });
      throw new Error(`checkpoint ${name} was not kept: ${(err as Error).message}`);
    }
    renameSync(tmp, join(this.d.dir, `${name}.pack`));
    const indexText = `${JSON.stringify(index)}\n`;
    writeFileSync(join(this.d.dir, `${name}.index.json.tmp`), indexText);
    renameSync(join(this.d.dir, `${name}.index.json.tmp`), join(this.d.dir, `${name}.index.json`));
    const view = viewOf(index);
    const dropped = this.retain();
    await store.append({
      type: 'checkpoint_archived',
      subject: 'lab',
      payload: {
        name,
        seq,
        files: files.length,
        plainBytes: index.plainBytes,
        storedBytes: index.storedBytes,
        ratio: Number(view.ratio.toFixed(4)),
        codecs,
        plainSha256: index.plainSha256,
        indexSha256: sha256(indexText),
        verified: index.verified,
        dropped,
        why: `${why}; read back from disk (${index.verified.reads} reads for ${index.verified.requests} blocks, planned by ${index.verified.planner === 'active' ? `the active io.coalesce ${index.verified.plannerArtifactId}` : 'one read a block'}) and every file checked before older checkpoints were dropped`,
      },
    });
    return view;
  }

  /** keeps the newest KEEP and the newest readable with no artifact; returns what it dropped */
  private retain(): string[] {
    const all = this.list();
    const builtIn = all.find((i) => i.codecs.every((c) => c.kind === 'gzip'))?.name;
    const dropped: string[] = [];
    all.forEach((i, k) => {
      if (k < KEEP || i.name === builtIn) return;
      rmSync(join(this.d.dir, `${i.name}.index.json`), { force: true });
      rmSync(join(this.d.dir, `${i.name}.pack`), { force: true });
      dropped.push(i.name);
    });
    return dropped;
  }

  /** the plain bytes of blocks (in the order asked), read through the coalescer and decoded */
  /** every block decoded in batches; the whole stream's hash and each file's, as they pass */
  private async readBack(file: string, index: PackIndex, files: PackIndex['files'], signal: AbortSignal): Promise<Omit<PackIndex['verified'], 'at'>> {
    const whole = createHash('sha256');
    // files lie one after another in the stream: the cursor is the first not yet wholly passed
    let k = 0;
    let h = files.length ? createHash('sha256') : undefined;
    let pos = 0;
    const seen = { requests: 0, reads: 0, planner: 'fallback' as 'active' | 'fallback', plannerArtifactId: null as string | null };
    for (let b0 = 0; b0 < index.blocks.length; b0 += READ_BACK_BLOCKS) {
      const which = Array.from({ length: Math.min(READ_BACK_BLOCKS, index.blocks.length - b0) }, (_, i) => b0 + i);
      const back = await this.readBlocks(file, index, which, signal);
      await breathe();
      const r = this.d.reads.lastReport();
      seen.requests += r?.requests ?? 0;
      seen.reads += r?.reads ?? 0;
      if (r) (seen.planner = r.source), (seen.plannerArtifactId = r.artifactId);
      for (const buf of back) {
        whole.update(buf);
        const end = pos + buf.length;
        while (h && k < files.length) {
          const f = files[k]!;
          const from = Math.max(f.offset, pos);
          const to = Math.min(f.offset + f.length, end);
          if (from < to) h.update(buf.subarray(from - pos, to - pos));
          if (f.offset + f.length > end) break;
          if (h.digest('hex') !== f.sha256) throw new Error(`${f.name} read back wrong`);
          k++;
          h = k < files.length ? createHash('sha256') : undefined;
        }
        pos = end;
      }
    }
    if (whole.digest('hex') !== index.plainSha256) throw new Error('the pack read back is not the stream that was written');
    if (k < files.length) throw new Error(`${files[k]!.name} read back short`);
    return seen;
  }

  private async readBlocks(file: string, index: PackIndex, which: number[], signal: AbortSignal): Promise<Buffer[]> {
    const stored = await this.d.reads.read(file, which.map((b) => ({ offset: index.blocks[b]!.at, length: index.blocks[b]!.stored })), signal);
    const out: Buffer[] = new Array(which.length);
    // decoded codec by codec, in runs of the sandbox's batch size
    for (let c = 0; c < index.codecs.length; c++) {
      const mine = which.map((b, i) => [b, i] as const).filter(([b]) => index.blocks[b]!.codec === c);
      if (mine.length === 0) continue;
      const plain = await this.d.codec.decompress(index.codecs[c]!, mine.map(([, i]) => stored[i]!), signal);
      if (!plain) throw new Error(`blocks of ${JSON.stringify(index.codecs[c])} could not be decoded`);
      mine.forEach(([b, i], k) => {
        if (plain[k]!.length !== index.blocks[b]!.plain) throw new Error(`block ${b} decoded to ${plain[k]!.length} bytes, not ${index.blocks[b]!.plain}`);
        out[i] = plain[k]!;
      });
    }
    return out;
  }

  /** one file of a checkpoint, read and checked against its sha256 */
  async readFile(name: string, fileName: string, signal: AbortSignal): Promise<Buffer | undefined> {
    const index = this.index(name);
    const f = index?.files.find((x) => x.name === fileName);
    if (!index || !f) return undefined;
    // the blocks the file spans: block k holds plain bytes [starts[k], starts[k] + plain)
    const which: number[] = [];
    const starts: number[] = [];
    let pos = 0;
    for (let k = 0; k < index.blocks.length; k++) {
      const b = index.blocks[k]!;
      if (pos + b.plain > f.offset && pos < f.offset + f.length) (which.push(k), starts.push(pos));
      pos += b.plain;
    }
    if (f.length === 0) return Buffer.alloc(0);
    const plain = Buffer.concat(await this.readBlocks(join(this.d.dir, `${name}.pack`), index, which, signal));
    const bytes = plain.subarray(f.offset - starts[0]!, f.offset - starts[0]! + f.length);
    if (sha256(bytes) !== f.sha256) throw new Error(`${fileName} in checkpoint ${name} does not hash to its index entry`);
    return Buffer.from(bytes);
  }

  /** an artifact source from the newest checkpoint that holds it */
  async source(sha: string, signal: AbortSignal): Promise<{ source: string; from: string } | undefined> {
    if (!/^[0-9a-f]{64}$/.test(sha)) return undefined;
    for (const i of this.list()) {
      if (!i.files.some((f) => f.name === `artifacts/${sha}.src`)) continue;
      try {
        const b = await this.readFile(i.name, `artifacts/${sha}.src`, signal);
        if (b && sha256(b) === sha) return { source: b.toString('utf8'), from: i.name };
      } catch {
        // an older checkpoint may still hold it
      }
    }
    return undefined;
  }

  /** bytes on disk, for the listing */
  sizeOnDisk(): number {
    return this.list().reduce((n, i) => {
      try {
        return n + statSync(join(this.d.dir, `${i.name}.pack`)).size;
      } catch {
        return n;
      }
    }, 0);
  }
}

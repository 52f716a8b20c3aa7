// fuse.compress scenarios, corpus and fs model: deterministic, covering every kind, and
// the host's model matching posix semantics on a hand-checked script.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenariosHash } from '../../score/scenario-hash.ts';
import { buildCorpusFile, KINDS, MIN_FILE_BYTES, projectRoot } from './corpus.ts';
import { hashBytes, runModel } from './fs-model.ts';
import { fuseCompressNiche as niche, referenceRatios } from './index.ts';
import { BLOCK_SIZE, MAX_SLICE, MIN_SLICE } from './scenarios.ts';

const ctx = (fill: number) => ({ heldOutKey: Buffer.alloc(32, fill), storageDir: '/nonexistent' });

describe('fuse.compress scenarios', () => {
  const all = niche.scenarios(ctx(9));

  it('are the same for the same key and cover every kind in public', () => {
    expect(scenariosHash(niche.scenarios(ctx(9)))).toBe(scenariosHash(all));
    const pub = all.filter((s) => !s.heldOut);
    expect(pub.map((s) => s.kind).sort()).toEqual([...KINDS].sort());
    const held = all.filter((s) => s.heldOut);
    expect(held).toHaveLength(4);
    expect(scenariosHash(niche.scenarios(ctx(10)).filter((s) => s.heldOut))).not.toBe(scenariosHash(held));
    for (const s of held) expect(s.id).toMatch(/^fuse\.compress:heldout:\d$/);
  });

  it('hand the sandbox a standalone slice and an in-range fs script', () => {
    for (const s of all) {
      const { data, ops, order, blockSize } = s.input;
      expect(blockSize).toBe(BLOCK_SIZE);
      expect(data.byteOffset).toBe(0);
      expect(data.buffer.byteLength).toBe(data.length);
      expect(data.length).toBeGreaterThanOrEqual(MIN_SLICE);
      expect(data.length).toBeLessThanOrEqual(MAX_SLICE);
      expect([...order].sort((a, b) => a - b)).toEqual([...Array(Math.ceil(data.length / blockSize)).keys()]);
      for (const o of ops) if ('src' in o) expect(o.src + o.len).toBeLessThanOrEqual(data.length);
      const kinds = new Set(ops.map((o) => o.op));
      for (const k of ['write', 'pwrite', 'append', 'read', 'truncate', 'rename']) expect(kinds.has(k as never)).toBe(true);
      // the truth expects the old name of the renamed file to be gone
      expect(s.truth.fs.gone.length).toBeGreaterThan(0);
      expect(s.truth.fs.reads.some((r) => r.len === -1)).toBe(true);
    }
  });
});

describe('fuse.compress corpus', () => {
  it('builds every kind from the installed project, the same bytes twice', () => {
    const root = projectRoot();
    for (const kind of KINDS) {
      const a = buildCorpusFile(kind, root);
      expect(a.bytes.length, kind).toBeGreaterThanOrEqual(MIN_FILE_BYTES);
      if (kind === 'logs' || kind === 'compressed') expect(hashBytes(buildCorpusFile(kind, root).bytes)).toEqual(hashBytes(a.bytes));
    }
    expect(buildCorpusFile('compressed', root).bytes.subarray(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]));
  });

  it('throws a clear error rather than dropping a kind, and still generates logs', () => {
    const root = mkdtempSync(join(tmpdir(), 'fuse-corpus-'));
    try {
      mkdirSync(join(root, 'node_modules'));
      writeFileSync(join(root, 'package.json'), '{}');
      for (const kind of ['text', 'source', 'json', 'binary', 'compressed'] as const) {
        expect(() => buildCorpusFile(kind, root)).toThrow(new RegExp(`cannot build kind '${kind}'`));
      }
      expect(buildCorpusFile('logs', root).bytes.length).toBeGreaterThanOrEqual(MIN_FILE_BYTES);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('fuse.compress fs model', () => {
  it('follows posix semantics: holes, appends, truncation both ways, rename', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const t = runModel(data, [
      { op: 'write', path: 'a', src: 0, len: 4 },
      { op: 'append', path: 'a', src: 4, len: 2 },
      { op: 'pwrite', path: 'a', off: 8, src: 6, len: 2 },
      { op: 'read', path: 'a', off: 4, len: 100 },
      { op: 'truncate', path: 'a', size: 3 },
      { op: 'truncate', path: 'a', size: 5 },
      { op: 'rename', path: 'a', to: 'b' },
      { op: 'read', path: 'a', off: 0, len: 1 },
      { op: 'read', path: 'b', off: 0, len: 5 },
    ]);
    const [h1, h2] = hashBytes(new Uint8Array([5, 6, 0, 0, 7, 8]));
    expect(t.reads[0]).toEqual({ len: 6, h1, h2 });
    expect(t.reads[1]!.len).toBe(-1);
    expect(t.reads[2]).toEqual({ len: 5, ...Object.fromEntries(['h1', 'h2'].map((k, i) => [k, hashBytes(new Uint8Array([1, 2, 3, 0, 0]))[i]])) });
    expect(t.files.map((f) => [f.path, f.size])).toEqual([['b', 5]]);
    expect(t.gone).toEqual(['a']);
  });
});

describe('fuse.compress reference codecs', () => {
  it('measure gzip and brotli on the same blocks: text shrinks, gzip data does not', () => {
    const pick = niche.scenarios(ctx(9)).filter((s) => !s.heldOut && (s.kind === 'logs' || s.kind === 'compressed'));
    const ref = referenceRatios(pick);
    for (const c of [ref.gzip, ref.brotli]) {
      expect(c.ratio_by_kind.logs).toBeGreaterThan(2);
      expect(c.ratio_by_kind.compressed).toBeGreaterThan(0.95);
      expect(c.ratio_by_kind.compressed).toBeLessThan(1.01);
      expect(c.compress_mb_s).toBeGreaterThan(0);
      expect(c.decompress_mb_s).toBeGreaterThan(0);
    }
    expect(ref.brotli.ratio).toBeGreaterThan(ref.gzip.ratio);
  });
});

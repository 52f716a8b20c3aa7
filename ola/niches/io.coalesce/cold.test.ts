// cold-cache throughput: the page cache really is dropped before a pass (fincore counts none left), the direct reader
// reads whole blocks with O_DIRECT, and a merging plan makes fewer device reads than one read per request.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bestGapPlan, naivePlan } from '../../bench/references/io-plans.ts';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { ALL_NICHES } from '../catalog.ts';
import { ensureBackingFile } from './backing-file.ts';
import { coldThroughput, directReader, dropCache, encodePlan } from './cold.ts';
import type { IoScenario } from './scenarios.ts';

describe('io.coalesce cold-cache throughput', () => {
  it('drops the file from the page cache, and measures a merging plan against naive', () => {
    const st = tmpStorage();
    try {
      const niche = ALL_NICHES.find((n) => n.id === 'io.coalesce')!;
      const scenarios = (niche.scenarios({ heldOutKey: Buffer.alloc(32, 1), storageDir: st.dir }) as IoScenario[]).filter((s) => !s.heldOut).slice(0, 2);
      const s = scenarios[0]!;
      ensureBackingFile(s.truth);
      // the file's pages in memory, as util-linux's fincore counts them
      const resident = () => Number(execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', s.truth.path], { encoding: 'utf8' }).trim());
      const fd = openSync(s.truth.path, 'r');
      const b = Buffer.allocUnsafe(1 << 16);
      for (let o = 0; o < s.truth.fileSize; o += b.length) readSync(fd, b, 0, b.length, o);
      closeSync(fd);
      expect(resident()).toBeGreaterThan(s.truth.fileSize / 2);
      expect(dropCache(s.truth.path)).toBe(true);
      expect(resident()).toBe(0);
      const f = coldThroughput(scenarios, (x) => bestGapPlan(x.input, niche.judge.utility).plan, (x) => naivePlan(x.input), 1);
      expect(f.scenarios).toBe(2);
      expect(f.planMBs).toBeGreaterThan(0);
      expect(f.naiveMBs).toBeGreaterThan(0);
      // the merging plan makes fewer device reads than one per request
      expect(f.naiveReads).toBe(scenarios.reduce((a, x) => a + x.input.offsets.length, 0));
      expect(f.planReads).toBeLessThan(f.naiveReads);
      expect(Object.keys(f.ratioByKind).sort()).toEqual([...new Set(scenarios.map((x) => x.kind))].sort());
    } finally {
      st.cleanup();
    }
  }, 60_000);

  it('reads with O_DIRECT, widened to whole blocks, and names a read past the end of the file', () => {
    const st = tmpStorage();
    try {
      const path = join(st.dir, 'f.bin');
      writeFileSync(path, Buffer.alloc(10_000, 7));
      const reader = directReader(st.dir);
      // 100 bytes at 5000 touch one 4 KiB block; 9000..9999 the short last block
      const ok = execFileSync(reader, [path], { input: encodePlan({ batchOffsets: Float64Array.of(5000, 9000), batchLengths: Int32Array.of(100, 1000) }), encoding: 'utf8' });
      const [ns, device] = ok.trim().split(' ').map(Number);
      expect(ns).toBeGreaterThan(0);
      expect(device).toBe(4096 + (10_000 - 8192));
      // the same source is built once
      expect(directReader(st.dir)).toBe(reader);
      const past = spawnSync(reader, [path], { input: encodePlan({ batchOffsets: Float64Array.of(9990), batchLengths: Int32Array.of(100) }), encoding: 'utf8' });
      expect(past.status).toBe(3);
      expect(past.stderr).toMatch(/short read at 9990/);
    } finally {
      st.cleanup();
    }
  });
});

// cold-cache throughput: the page cache really is dropped before a pass (fincore counts none left), and a plan that reads
// each window in one batch beats one read per request on the same cold file.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { bestGapPlan, naivePlan } from '../../bench/references/io-plans.ts';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { ALL_NICHES } from '../catalog.ts';
import { ensureBackingFile } from './backing-file.ts';
import { coldThroughput, dropCache } from './cold.ts';
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
    } finally {
      st.cleanup();
    }
  }, 60_000);
});

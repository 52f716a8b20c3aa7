// the io.coalesce judge on hand-made outputs against a real (small) backing file.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpStorage } from '../../core/tmp-storage.ts';
import { benchmarkCoalesce } from './bench.ts';
import { ioJudge } from './judge.ts';
import type { Plan } from './plan-check.ts';
import { compareServed } from './replay.ts';
import { filesDir, type IoScenario } from './scenarios.ts';

const storage = tmpStorage();
afterAll(() => storage.cleanup());
const cost = { cpuMs: 1, wallMs: 1 };
const KIB = 1024;

// window 0: two adjacent reads, one duplicate, one far read; window 1: one read ending at the end of the file
const scenario: IoScenario = {
  id: 'io.coalesce:hand:1',
  seed: 77,
  kind: 'hand',
  heldOut: false,
  input: {
    offsets: Float64Array.from([0, 4 * KIB, 0, 300 * KIB, 1024 * KIB - 1000]),
    lengths: Int32Array.from([4 * KIB, 4 * KIB, 4 * KIB, 512, 1000]),
    windowEnds: Int32Array.from([4, 5]),
    fileSize: 1024 * KIB,
    maxReadBytes: 64 * KIB,
    queueDepth: 4,
  },
  truth: { path: `${filesDir(storage.dir)}/hand.bin`, fileSize: 1024 * KIB, contentSeed: 77 },
};

function output(batches: [number, number][], serve: number[], windowBatchEnds: number[], extra: Partial<Plan> = {}): Plan {
  return {
    batchOffsets: Float64Array.from(batches.map((b) => b[0])),
    batchLengths: Int32Array.from(batches.map((b) => b[1])),
    serve: Int32Array.from(serve),
    windowBatchEnds: Int32Array.from(windowBatchEnds),
    problem: '',
    method: 'hand',
    ...extra,
  };
}

const naive = output(
  [[0, 4096], [4096, 4096], [0, 4096], [300 * KIB, 512], [1024 * KIB - 1000, 1000]],
  [0, 1, 2, 3, 4],
  [4, 5],
);
const merged = output([[0, 8192], [300 * KIB, 512], [1024 * KIB - 1000, 1000]], [0, 0, 0, 1, 2], [2, 3]);

describe('io.coalesce judge', () => {
  it('scores a correct naive plan: every byte checked, nothing saved', () => {
    const s = ioJudge.judge(scenario, naive, cost);
    expect(s.reason).toBeUndefined();
    expect(s.ok).toBe(true);
    expect(s.metrics).toMatchObject({ requests: 5, backing_reads: 5, reads_saved: 0, read_amplification: 1 });
    for (const v of Object.values(s.metrics)) expect(Number.isFinite(v)).toBe(true);
    expect(existsSync(scenario.truth.path)).toBe(true);
  });

  it('scores a merged plan better: fewer reads, the duplicate read once', () => {
    const s = ioJudge.judge(scenario, merged, cost);
    expect(s.ok).toBe(true);
    expect(s.metrics.backing_reads).toBe(3);
    expect(s.metrics.reads_saved).toBeCloseTo(0.4);
    expect(s.metrics.read_amplification).toBeCloseTo((8192 + 512 + 1000) / (3 * 4096 + 512 + 1000));
    expect(s.labels?.method).toBe('hand');
    const agg = ioJudge.aggregate([s, ioJudge.judge(scenario, naive, cost)]);
    expect(agg.backing_reads).toBe(8);
    expect(agg.reads_saved).toBeCloseTo(0.2);
    expect(ioJudge.utility(ioJudge.aggregate([s]))).toBeGreaterThan(ioJudge.utility(agg));
  });

  it('fails wrong plans with the reason', () => {
    const cases: [Plan, RegExp][] = [
      [output([[0, 8191], [300 * KIB, 512], [1024 * KIB - 1000, 1000]], [0, 0, 0, 1, 2], [2, 3]), /request 1 of window 0 \(4096\+4096\) is not covered by its batch 0 \(0\+8191\)/],
      [output([[0, 8192], [300 * KIB, 512], [1024 * KIB - 1000, 1001]], [0, 0, 0, 1, 2], [2, 3]), /batch 0 of window 1 ends past the end of the file \(1048577 > 1048576\)/],
      [output([[0, 65 * KIB], [300 * KIB, 512], [1024 * KIB - 1000, 1000]], [0, 0, 0, 1, 2], [2, 3]), /batch 0 of window 0 is larger than maxReadBytes/],
      [output([[0, 8192], [300 * KIB, 512], [1024 * KIB - 1000, 1000]], [0, 0, 0, 2, 2], [2, 3]), /request 3 of window 0 names a batch that does not exist/],
      [output([[0, 8192], [0, 8192], [0, 8192], [300 * KIB, 512], [1024 * KIB - 1000, 1000], [0, 1]], [0, 0, 0, 3, 4], [5, 6]), /window 0 has more batches than requests/],
      [output([[NaN, 8192], [300 * KIB, 512], [1024 * KIB - 1000, 1000]], [0, 0, 0, 1, 2], [2, 3]), /batch 0 of window 0 has a bad offset \(NaN\)/],
      [output([[0, 8192], [300 * KIB, 512], [1024 * KIB - 1000, 1000]], [0, 0, 0, 1], [2, 3]), /serve has 4 entries for 5 requests/],
      [{ ...merged, problem: 'plan mutated its input offsets at window 0' }, /^plan mutated its input offsets at window 0$/],
    ];
    for (const [out, reason] of cases) {
      const s = ioJudge.judge(scenario, out, cost);
      expect(s.ok).toBe(false);
      expect(s.reason).toMatch(reason);
    }
  });

  it('rejects malformed outputs with a reason and never throws', () => {
    const bad: unknown[] = [
      null,
      42,
      'x',
      {},
      { ...merged, batchOffsets: [0, 300 * KIB, 1024 * KIB - 1000] },
      { ...merged, serve: new Float64Array(5) },
      { ...merged, problem: undefined },
      { ...merged, windowBatchEnds: Int32Array.from([3]) },
      { ...merged, windowBatchEnds: Int32Array.from([0, 3]) },
      { ...merged, batchLengths: Int32Array.from([8192]) },
    ];
    for (const out of bad) {
      const s = ioJudge.judge(scenario, out, cost);
      expect(s.ok).toBe(false);
      expect(s.reason).toMatch(/\w/);
      expect(s.metrics).toEqual({});
    }
  });

  it('names the first byte that differs from a direct read', () => {
    const a = Buffer.from([1, 2, 3, 4, 5, 6]);
    const b = Buffer.from([1, 2, 3, 4, 9, 6]);
    const dst = Int32Array.from([0, 3]);
    const input = { ...scenario.input, offsets: Float64Array.from([1000, 5000]), lengths: Int32Array.from([3, 3]) };
    expect(compareServed(input, 0, 2, 7, dst, a, a)).toBe('');
    expect(compareServed(input, 0, 2, 7, dst, a, b)).toBe('request 1 of window 7: byte at file offset 5001 differs from a direct read');
  });

  it('utility rises with reads saved and falls with amplification', () => {
    const u = (reads_saved: number, read_amplification: number) => ioJudge.utility({ reads_saved, read_amplification });
    expect(u(0.5, 1)).toBeGreaterThan(u(0.3, 1));
    expect(u(0.5, 1)).toBeGreaterThan(u(0.5, 1.5));
    expect(u(0.5, 0.8)).toBe(0.5);
    expect(u(0, 1)).toBe(0);
    expect(ioJudge.utility({})).toBe(0);
  });

  it('benchmarks a plan against naive, repeat by repeat', () => {
    const b = benchmarkCoalesce(scenario, merged, 3);
    if (!b.ok) throw new Error(b.reason);
    expect(b.counts.backing_reads).toBe(3);
    for (const side of [b.plan, b.naive]) {
      expect(side.throughputMbS).toHaveLength(3);
      expect(side.latencyMs).toHaveLength(3);
      expect(side.latencyMs.every((l) => l.length === 5 && l.every((x) => x > 0))).toBe(true);
    }
    expect(benchmarkCoalesce(scenario, { ...merged, serve: Int32Array.from([1, 0, 0, 1, 2]) })).toMatchObject({ ok: false, reason: expect.stringMatching(/not covered/) });
  });
});

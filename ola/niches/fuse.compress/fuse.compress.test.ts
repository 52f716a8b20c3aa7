// fuse.compress end to end: the baseline through the real validator, isolate runner,
// scorer and gate; broken artifacts failing for their own reason; the judge on outputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFailure, nicheHarness, type Evaluation } from '../../../tests/helpers/niche-harness.ts';
import { fuseCompressNiche as niche } from './index.ts';
import type { FuseOutput } from './output-shape.ts';
import type { FuseScenario } from './scenarios.ts';

const h = nicheHarness(niche);
let base: Evaluation;
const scenarios = (): FuseScenario[] => {
  const set = h.catalog.scenarios(niche.id);
  return [...set.public, ...set.heldOut] as FuseScenario[];
};

beforeAll(async () => {
  base = await h.evaluate(niche.baseline);
});
afterAll(() => h.close());

/** an artifact from two function bodies over `d` (the block handed in) */
const artifact = (compress: string, decompress: string, extra = ''): string =>
  `${extra}\nexport function compress(d) { ${compress} }\nexport function decompress(d) { ${decompress} }`;

describe('fuse.compress baseline', () => {
  it('passes the isolate gate on public and held-out scenarios with a real ratio', () => {
    expect(base.decision.reasons).toEqual([]);
    expect(base.decision.pass).toBe(true);
    expect(base.score.crashes + base.heldOut.crashes).toBe(0);
    for (const s of [base.score, base.heldOut]) {
      expect(s.metrics.ratio).toBeGreaterThan(1.3);
      expect(s.metrics.fs_ratio).toBeGreaterThan(1.3);
      expect(s.metrics.compress_mb_s).toBeGreaterThan(0);
      expect(s.metrics.decompress_mb_s).toBeGreaterThan(0);
    }
    // text-like kinds shrink; already-compressed data costs only its block headers
    for (const k of ['text', 'source', 'json', 'logs']) expect(base.score.metrics[`ratio_${k}`]).toBeGreaterThan(1.5);
    expect(base.score.metrics.ratio_compressed).toBeGreaterThan(0.99);
    expect(base.score.metrics.ratio_compressed).toBeLessThan(1.01);
    expect(base.score.labels.method).toBe('lz77-greedy-stored-fallback');
  });

  it('reports telemetry with the artifact id, ratio, speeds and method', () => {
    const t = niche.telemetry(base.score, 'a_TEST');
    expect(t).toEqual({
      artifact_id: 'a_TEST',
      ratio: base.score.metrics.ratio,
      compress_mb_s: base.score.metrics.compress_mb_s,
      decompress_mb_s: base.score.metrics.decompress_mb_s,
      method: 'lz77-greedy-stored-fallback',
    });
  });
});

describe('fuse.compress broken artifacts', () => {
  const failsWith = async (source: string, reason: RegExp) => {
    const e = await h.evaluate(source);
    expect(e.decision.pass).toBe(false);
    expect(e.score.crashes).toBeGreaterThan(0);
    expect(firstFailure(e)).toMatch(reason);
    return e;
  };

  it('identity decompress that drops the last byte: wrong length', async () => {
    await failsWith(artifact('return d.slice();', 'return d.slice(0, d.length - 1);'), /read-back of block \d+ has length \d+, expected \d+/);
  });

  it('compress returning a plain array: type reason', async () => {
    await failsWith(artifact('return Array.from(d);', 'return d.slice();'), /compress returned array at block 0 \(expected Uint8Array\)/);
  });

  it('a look-alike (an object on the Uint8Array prototype) is not bytes', async () => {
    const fake = 'return Object.setPrototypeOf({ length: d.length }, Uint8Array.prototype);';
    await failsWith(artifact('return d.slice();', fake), /decompress returned object at block \d+ \(expected Uint8Array\)/);
  });

  it('compress that mutates its input: mutation reason', async () => {
    await failsWith(artifact('d[0] ^= 1; return d.slice();', 'return d.slice();'), /compress mutated its input \(byte 0\) at block 0/);
  });

  it('the same fixed bytes for everything: read-back fails', async () => {
    await failsWith(artifact('return new Uint8Array([1, 2, 3]);', 'return new Uint8Array(16384);'), /read-back differs at byte \d+ of block \d+/);
  });

  it('a decoder that goes wrong after the block pass: an fs read differs', async () => {
    const decoder = 'calls++; const o = d.slice(); if (calls > 4) o[0] ^= 1; return o;';
    await failsWith(artifact('return d.slice();', decoder, 'let calls = 0;'), /fs read \d+ \(.+\) differs from what was written/);
  });

  it('a lookup table kept by compress (not a codec): decompress, in a context of its own, cannot see it', async () => {
    // keyed by content, so the same block gets the same id and looks deterministic
    const extra = 'const kept = []; const same = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);';
    const compress = 'let i = kept.findIndex((k) => same(k, d)); if (i < 0) i = kept.push(d.slice()) - 1; return new Uint8Array([i]);';
    const decompress = 'return kept[d[0]] ? kept[d[0]].slice() : new Uint8Array(0);';
    await failsWith(artifact(compress, decompress, extra), /read-back of block \d+ has length 0, expected \d+/);
  });

  it('a compressor whose output depends on earlier calls: not a function of its input', async () => {
    const extra = 'let n = 0;';
    await failsWith(
      artifact('const o = new Uint8Array(d.length + 1); o.set(d, 1); o[0] = n++ & 255; return o;', 'return d.slice(1);', extra),
      /compress gave different bytes for block 0 later in the run/,
    );
  });
});

describe('fuse.compress judge', () => {
  const pick = (): { s: FuseScenario; out: FuseOutput; cost: { cpuMs: number; wallMs: number } } => {
    const s = scenarios().find((x) => x.kind === 'text')!;
    const run = base.runs.find((r) => r.scenarioId === s.id)!;
    return { s, out: structuredClone(run.output as FuseOutput), cost: { cpuMs: run.cpuMs, wallMs: run.wallMs } };
  };

  it('accepts the real output with finite metrics and per-kind byte counts', () => {
    const { s, out, cost } = pick();
    const r = niche.judge.judge(s, out, cost);
    expect(r.ok).toBe(true);
    expect(Object.values(r.metrics).every(Number.isFinite)).toBe(true);
    expect(r.metrics.orig_bytes_text).toBe(s.input.data.length);
    expect(r.metrics.ratio).toBeCloseTo(s.input.data.length / out.blockSizes.reduce((a, b) => a + b, 0), 9);
  });

  it('scores smaller blocks higher, and utility rises with the ratio', () => {
    const { s, out, cost } = pick();
    const worse = structuredClone(out);
    for (let k = 0; k < worse.blockSizes.length; k++) worse.blockSizes[k]! += 500;
    const a = niche.judge.judge(s, out, cost);
    const b = niche.judge.judge(s, worse, cost);
    expect(b.ok).toBe(true);
    expect(b.metrics.ratio!).toBeLessThan(a.metrics.ratio!);
    expect(niche.judge.utility({ ratio: 1 })).toBe(0);
    expect(niche.judge.utility({ ratio: 0.9 })).toBe(0);
    expect(niche.judge.utility({ ratio: 2 })).toBeCloseTo(0.5);
    expect(niche.judge.utility({ ratio: 4 })).toBeGreaterThan(niche.judge.utility({ ratio: 3 }));
  });

  it('fails a wrong byte, a wrong read, a shared block, a leak, a stale name and a short block', () => {
    const cases: [(o: FuseOutput) => void, RegExp][] = [
      [(o) => void (o.firstBad[1] = 17), /read-back differs at byte 17 of block 1/],
      [(o) => void (o.fs!.reads.h1[0]! ^= 1), /fs read 0 \(.+\) differs/],
      [(o) => void (o.fs!.reads.len[2] = 3), /fs read 2 .* returned 3 bytes/],
      [(o) => void (o.fs!.files[1]!.ids[0] = o.fs!.files[0]!.ids[0]!), /referenced twice/],
      [(o) => void (o.fs!.liveBlocks += 1), /leak/],
      [(o) => void (o.fs!.files[0]!.path = '/vol/text/part-0'), /renamed file still exists under its old name/],
      [(o) => void (o.fs!.files[0]!.decoded[0]! -= 1), /decompresses to \d+ bytes/],
      [(o) => void (o.fs!.files[0]!.size += 1), /has size/],
      [(o) => void (o.blockSizes[0] = 2), /below the plausible floor/],
      [(o) => void (o.problem = 'decompress returned string at block 2 (expected Uint8Array)'), /decompress returned string/],
    ];
    for (const [tamper, reason] of cases) {
      const { s, out, cost } = pick();
      tamper(out);
      const r = niche.judge.judge(s, out, cost);
      expect(r.ok, String(reason)).toBe(false);
      expect(r.reason).toMatch(reason);
    }
  });

  it('rejects malformed outputs with a reason and never throws', () => {
    const { s, out, cost } = pick();
    const bad: unknown[] = [
      null,
      undefined,
      'nonsense',
      42,
      [],
      {},
      { ...out, blockSizes: [1, 2] },
      { ...out, firstBad: new Int32Array(0) },
      { ...out, fs: { reads: {}, files: [], liveBlocks: 0 } },
      { ...out, fs: { ...out.fs, files: [{ path: 3 }] } },
      { ...out, plainBytes: Number.NaN },
    ];
    for (const o of bad) {
      const r = niche.judge.judge(s, o, cost);
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(/output is not the driver shape/);
    }
    // getters that throw are caught too
    const hostile = Object.defineProperty({ ...out }, 'fs', { get: () => { throw new Error('boom'); }, enumerable: true });
    expect(niche.judge.judge(s, hostile, cost).ok).toBe(false);
  });

  it('aggregates total bytes, per-kind ratios and run-level speed', () => {
    const m = base.score.metrics;
    expect(m.ratio).toBeCloseTo(m.orig_bytes! / m.comp_bytes!, 9);
    const kinds = new Set(scenarios().filter((s) => !s.heldOut).map((s) => s.kind));
    for (const k of kinds) expect(m[`ratio_${k}`]).toBeTypeOf('number');
    expect(m.roundtrip_mb_s).toBeGreaterThan(0);
  });
});

// every block as part of an artifact: it passes the validator and runs in a v8 isolate
// through the real runner, with the same answers as on the host.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../../promotion/tokens.ts';
import { IsolateRunner } from '../../../sandbox/isolate-runner.ts';
import { TokenGuard } from '../../../sandbox/runner.ts';
import { AstValidator } from '../../../validate/validator.ts';
import { sandboxJob } from '../../../../tests/helpers/sandbox-job.ts';
import { clockNiche } from '../../../niches/clock/index.ts';
import { BLOCKS, block, withBlocks, withNeeds } from './catalog.ts';

/** a run(input) per block that uses it; results are plain arrays so they compare across realms */
const EXERCISES: Record<string, { run: string; input: unknown }> = {
  'least-squares': {
    run: `export function run(i) { const f = lsqFit(i.xs, i.ys, null, 0, i.xs.length, 0, 0); return [f.b, lsqAt(f, 10), lsqResidual(f, i.xs, i.ys, 0)]; }`,
    input: { xs: [0, 1, 2, 3, 4], ys: [1, 3.1, 4.9, 7.2, 9] },
  },
  'exp-smoothing': {
    run: `export function run(i) { let s = holtInit(i[0]); for (let k = 1; k < i.length; k++) s = holtStep(s, i[k], 0.5, 0.3); return [holtForecast(s, 3), emaNext(0, 1, emaAlpha(5, 10))]; }`,
    input: [1, 2, 4, 5, 7, 8, 10],
  },
  'count-min': {
    run: `export function run(i) { const s = cmsCreate(64, 3); for (const k of i) cmsAdd(s, k); const a = cmsEstimate(s, 7); cmsHalve(s); return [a, cmsEstimate(s, 7), s.total]; }`,
    input: [7, 7, 7, 1, 2, 7, 3, 7],
  },
  bits: {
    run: `export function run(i) { const w = bitWriter(2); for (const [v, n] of i) bitsPut(w, v, n); const b = bitsFinish(w); const r = bitReader(b); return [Array.from(b), i.map(([, n]) => bitsGet(r, n))]; }`,
    input: [[5, 3], [1023, 10], [1, 1], [77777, 17]],
  },
  huffman: {
    run: `export function run(i) {
      const f = new Array(8).fill(0); for (const s of i) f[s]++;
      const lens = huffLengths(f, 7), codes = huffCodes(lens), w = bitWriter(4);
      huffPutLengths(w, lens); for (const s of i) huffPut(w, codes, lens, s);
      const bytes = bitsFinish(w), r = bitReader(bytes), d = huffDecoder(huffGetLengths(r, 8)), out = [];
      for (let k = 0; k < i.length; k++) out.push(huffGet(r, d));
      return [bytes.length, out];
    }`,
    input: [0, 0, 0, 0, 1, 1, 2, 3, 0, 0, 7, 0, 1],
  },
  hash: {
    run: `export function run(i) { const b = Uint8Array.from(i); return [fnv1a(b, 0, b.length), mix32(12345), hash4(b, 0, 10)]; }`,
    input: [102, 111, 111, 98, 97, 114],
  },
  'ring-buffer': {
    run: `export function run(i) { const r = ringCreate(4); for (const x of i) ringPush(r, x); return [Array.from(ringValues(r)), ringBack(r, 1), ringMean(r)]; }`,
    input: [1, 2, 3, 4, 5, 6],
  },
  'small-sort': {
    run: `export function run(i) { const a = i.slice(); insertionSort(a, 0, a.length); return [a, Array.from(argsort(i, i.length)), medianOf(i, 0, i.length)]; }`,
    input: [5, 2, 8, 2, 9, 1],
  },
  'binary-search': {
    run: `export function run(i) { const a = new Float64Array(i.length + 1); let n = 0; for (const x of i) n = sortedInsert(a, n, x); return [Array.from(a.subarray(0, n)), lowerBound(a, n, 4), upperBound(a, n, 4)]; }`,
    input: [4, 1, 4, 9, 2],
  },
};

const tokens = new TokenService(generateKeyPairSync('ed25519'));
const runner = new IsolateRunner(new TokenGuard(tokens), { workers: 1, graceMs: 500 });
const validator = new AstValidator();
afterAll(() => runner.close());

function onHost(name: string, run: string, input: unknown): unknown {
  const src = `'use strict';\n${withNeeds([name]).map((b) => b.source).join('\n')}\n${run.replace(/^export /, '')}\nreturn run;`;
  return new Function(src)()(input);
}

describe('the block catalog', () => {
  it('lists every block with what it provides, and no function name twice', () => {
    expect(BLOCKS.map((b) => b.name).sort()).toEqual(Object.keys(EXERCISES).sort());
    const names = BLOCKS.flatMap((b) => b.provides);
    expect(new Set(names).size).toBe(names.length);
    for (const b of BLOCKS) {
      expect(b.provides.length).toBeGreaterThan(0);
      expect(b.about.length).toBeGreaterThan(10);
      for (const n of b.needs) expect(() => block(n)).not.toThrow();
    }
    expect(block('huffman').provides).toContain('huffGet');
    expect(block('ring-buffer').signatures).toContain('ringPush(r, x)');
    expect(withNeeds(['huffman']).map((b) => b.name)).toEqual(['bits', 'huffman']);
  });

  it('adds a block to a module once, and refuses a partial name clash', () => {
    const once = withBlocks(clockNiche.baseline, ['ring-buffer']);
    expect(withBlocks(once, ['ring-buffer'])).toBe(once);
    expect(() => withBlocks('function ringPush() {}\nexport function run() {}', ['ring-buffer'])).toThrow(/ringPush/);
  });

  it('a niche baseline with a block still validates', async () => {
    const v = await validator.validate({ source: withBlocks(clockNiche.baseline, ['least-squares', 'huffman']), language: 'js', requiredExports: clockNiche.requiredExports });
    expect(v.ok).toBe(true);
  });

  it.each(BLOCKS.map((b) => b.name))('%s passes the validator inside an artifact and runs in the isolate', async (name) => {
    const ex = EXERCISES[name]!;
    const source = withBlocks(ex.run, [name]);
    const v = await validator.validate({ source, language: 'js', requiredExports: ['run'] });
    expect(v.ok ? [] : v.rejections).toEqual([]);
    const [r] = await runner.run(await sandboxJob(tokens, source, [ex.input]), new AbortController().signal);
    expect(r?.error).toBeUndefined();
    expect(r?.ok).toBe(true);
    expect(r?.output).toEqual(onHost(name, ex.run, ex.input));
  });
});

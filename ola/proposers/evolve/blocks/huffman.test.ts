import { describe, expect, it } from 'vitest';
import { rng } from '../../../niches/shared/rng.ts';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const b = hostBlock('huffman');

const kraft = (lens: Uint8Array) => [...lens].reduce((t, l) => t + (l > 0 ? 2 ** -l : 0), 0);

describe('block huffman', () => {
  it('gives optimal lengths on a textbook case', () => {
    const lens = b.huffLengths([45, 13, 12, 16, 9, 5], 15);
    const cost = [45, 13, 12, 16, 9, 5].reduce((t, f, i) => t + f * lens[i], 0);
    expect(cost).toBe(224);
    expect(kraft(lens)).toBe(1);
  });

  it('keeps to the length limit with a valid prefix code', () => {
    // fibonacci counts make the deepest unlimited tree
    const freqs = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765];
    const lens = b.huffLengths(freqs, 7);
    expect(Math.max(...lens)).toBeLessThanOrEqual(7);
    expect(kraft(lens)).toBeLessThanOrEqual(1);
    expect(b.huffLengths([0, 7, 0], 15)).toEqual(Uint8Array.from([0, 1, 0]));
  });

  it('round-trips symbols through canonical codes, with the lengths stored in the stream', () => {
    const r = rng(5);
    const n = 64;
    const data: number[] = [];
    for (let i = 0; i < 20_000; i++) data.push(Math.min(n - 1, Math.floor(-8 * Math.log(Math.max(r.next(), 1e-9)))));
    const freqs = new Array(n).fill(0);
    for (const s of data) freqs[s]++;
    const lens = b.huffLengths(freqs, 12);
    const codes = b.huffCodes(lens);
    const w = b.bitWriter(16);
    b.huffPutLengths(w, lens);
    for (const s of data) b.huffPut(w, codes, lens, s);
    const bytes = b.bitsFinish(w);
    // an entropy coder beats 6 bits a symbol on this skewed source
    expect(bytes.length).toBeLessThan((data.length * 6) / 8 * 0.75);
    const rd = b.bitReader(bytes);
    const dec = b.huffDecoder(b.huffGetLengths(rd, n));
    for (let i = 0; i < data.length; i++) expect(b.huffGet(rd, dec)).toBe(data[i]);
  });
});

import { describe, expect, it } from 'vitest';
import { rng } from '../../../niches/shared/rng.ts';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { bitWriter, bitsPut, bitsFinish, bitReader, bitsGet } = hostBlock('bits');

describe('block bits', () => {
  it('packs least significant bit first', () => {
    const w = bitWriter(1);
    bitsPut(w, 1, 1);
    bitsPut(w, 0b10, 2);
    bitsPut(w, 0x1f, 5);
    bitsPut(w, 0xabc, 12);
    expect([...bitsFinish(w)]).toEqual([0b11111101, 0xbc, 0x0a]);
  });

  it('reads back what it wrote, growing past its first buffer, and zeros past the end', () => {
    const r = rng(11);
    const items: [number, number][] = [];
    const w = bitWriter(4);
    for (let i = 0; i < 5000; i++) {
      const n = r.int(1, 25);
      const v = r.int(0, 2 ** n);
      items.push([v, n]);
      bitsPut(w, v, n);
    }
    const bytes = bitsFinish(w);
    const total = items.reduce((t, [, n]) => t + n, 0);
    expect(bytes.length).toBe(Math.ceil(total / 8));
    const rd = bitReader(bytes);
    for (const [v, n] of items) expect(bitsGet(rd, n)).toBe(v);
    expect(bitsGet(rd, 24)).toBe(0);
  });
});

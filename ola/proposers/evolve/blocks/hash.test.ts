import { describe, expect, it } from 'vitest';
import { hostBlock } from '../../../../tests/helpers/block-host.ts';

const { fnv1a, mix32, hash4 } = hostBlock('hash');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('block hash', () => {
  it('fnv-1a matches its published test vectors', () => {
    expect(fnv1a(bytes(''), 0, 0)).toBe(0x811c9dc5);
    expect(fnv1a(bytes('a'), 0, 1)).toBe(0xe40c292c);
    expect(fnv1a(bytes('foobar'), 0, 6)).toBe(0xbf9cf968);
    expect(fnv1a(bytes('xxfoobar'), 2, 8)).toBe(0xbf9cf968);
  });

  it('mix32 spreads neighbouring integers over the buckets', () => {
    const buckets = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) buckets[mix32(i) & 15]++;
    for (const c of buckets) expect(Math.abs(c - 1000)).toBeLessThan(120);
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).not.toBe(mix32(2));
  });

  it('hash4 depends on exactly the 4 bytes at the position and stays in range', () => {
    const a = Uint8Array.from([9, 1, 2, 3, 4, 7]);
    const c = Uint8Array.from([5, 1, 2, 3, 4, 8]);
    expect(hash4(a, 1, 12)).toBe(hash4(c, 1, 12));
    expect(hash4(a, 1, 12)).not.toBe(hash4(a, 2, 12));
    expect(hash4(a, 0, 12)).toBeLessThan(4096);
  });
});

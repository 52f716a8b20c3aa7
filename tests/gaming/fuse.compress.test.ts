// fuse.compress cheats: state carried from compress to decompress, or across blocks. every
// decompress runs in a context of its own (the block pass, one per call) or at least apart from
// compress (the fs session), so a codec must decode each block from its bytes alone.
import { afterAll, describe, expect, it } from 'vitest';
import fuse from '../../ola/niches/fuse.compress/index.ts';
import { firstFailure, nicheHarness } from '../helpers/niche-harness.ts';
import { gateRefuses } from './cheat.ts';

const h = nicheHarness(fuse);
afterAll(() => h.close());

const codec = (compress: string, decompress: string, extra = ''): string =>
  `${extra}\nexport function compress(d) { ${compress} }\nexport function decompress(d) { ${decompress} }`;

describe('fuse.compress cheats fail the gate', () => {
  it('compress stashes the plain block in a module variable and decompress hands it back', async () => {
    // deterministic per block (keyed by content), and a ratio no real codec reaches
    const e = await h.evaluate(
      codec(
        'const k = d.length + ":" + d[0] + ":" + d[d.length - 1] + ":" + d[d.length >> 1]; stash.set(k, d.slice()); const o = new Uint8Array(k.length); for (let i = 0; i < k.length; i++) o[i] = k.charCodeAt(i); return o;',
        'const got = stash.get(String.fromCharCode(...d)); return got ? got.slice() : new Uint8Array(0);',
        'const stash = new Map();',
      ),
    );
    gateRefuses(e, /public: \d+ of \d+ runs failed/);
    expect(firstFailure(e)).toMatch(/read-back of block \d+ has length 0/);
  });

  it('a dictionary grown across blocks (each block coded against the ones before it) does not decode alone', async () => {
    // an lz-like coder whose window is every block compressed so far, and a decoder that reads
    // that same history: it works only when decompress shares the compressor's context
    const extra = `
      const seen = [];
      function hist() { let n = 0; for (const b of seen) n += b.length; const w = new Uint8Array(n); let at = 0; for (const b of seen) { w.set(b, at); at += b.length; } return w; }
      function find(w, d) { for (let i = 0; i + d.length <= w.length; i++) { let j = 0; while (j < d.length && w[i + j] === d[j]) j++; if (j === d.length) return i; } return -1; }`;
    // compress: 0 + raw bytes, or 1 + a 4-byte offset into the history when the block is in it
    const compress = `const at = find(hist(), d); seen.push(d.slice());
      if (at < 0) { const o = new Uint8Array(d.length + 1); o.set(d, 1); return o; }
      return new Uint8Array([1, at & 255, (at >> 8) & 255, (at >> 16) & 255, d.length & 255, d.length >> 8]);`;
    const decompress = `let out;
      if (d[0] === 0) out = d.slice(1);
      else { const at = d[1] | (d[2] << 8) | (d[3] << 16), n = d[4] | (d[5] << 8); out = hist().slice(at, at + n); }
      return out;`;
    const e = await h.evaluate(codec(compress, decompress, extra));
    expect(e.decision.pass).toBe(false);
    // the fs session rewrites blocks that are already in the history: those refer back, and fail
    expect(firstFailure(e)).toMatch(/fs block \d+ .* decompressed to \d+ bytes, expected \d+|fs read \d+ .* differs/);
  });

  it('a decoder that counts its calls starts from zero in every block-pass call', async () => {
    // honest except that its 2nd call onwards in one context would corrupt byte 0: fresh
    // contexts in the block pass mean the block pass never sees it (the fs session shares one)
    const e = await h.evaluate(codec('return d.slice();', 'n++; const o = d.slice(); if (n > 1 && o.length) o[0] ^= 1; return o;', 'let n = 0;'));
    const reasons = e.score.scenarios.map((s) => s.reason ?? '');
    expect(reasons.every((r) => !/read-back differs/.test(r))).toBe(true);
    expect(firstFailure(e)).toMatch(/fs read \d+ .* differs/);
  });
});

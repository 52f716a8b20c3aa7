// seeded request patterns: each kind is a little state machine emitting (offset, length) reads.
import type { Rng } from '../shared/rng.ts';

export const KINDS = ['sequential', 'strided', 'random', 'database', 'overlap', 'mixed'] as const;
export type IoKind = (typeof KINDS)[number];

export type Next = () => [offset: number, length: number];

const KIB = 1024;

/** clamps a read to the file and the read size limit; every request is at least one byte */
function fit(off: number, len: number, fileSize: number, maxRead: number): [number, number] {
  const o = Math.min(Math.max(0, Math.floor(off)), fileSize - 1);
  const l = Math.max(1, Math.min(Math.floor(len), maxRead, fileSize - o));
  return [o, l];
}

function alignedStart(r: Rng, fileSize: number, align: number): number {
  return Math.floor(r.int(0, fileSize) / align) * align;
}

/** a few interleaved streams of fixed-size chunks; a stream that hits the end of the file restarts elsewhere */
function sequential(r: Rng, fileSize: number, maxRead: number): Next {
  const streams = Array.from({ length: r.int(1, 4) }, () => ({ pos: alignedStart(r, fileSize, 4 * KIB), chunk: r.pick([4, 8, 16, 32, 64]) * KIB }));
  let cur = 0;
  return () => {
    // streams take turns in short runs, as concurrent readers would
    if (r.chance(0.3)) cur = r.int(0, streams.length);
    const s = streams[cur]!;
    const out = fit(s.pos, s.chunk, fileSize, maxRead);
    s.pos += s.chunk;
    if (s.pos >= fileSize) s.pos = alignedStart(r, fileSize, 4 * KIB);
    return out;
  };
}

/** fixed-size records at a fixed stride: a column scan or a strided array walk */
function strided(r: Rng, fileSize: number, maxRead: number): Next {
  const size = r.pick([512, 1 * KIB, 4 * KIB, 8 * KIB]);
  const stride = size + r.pick([512, 1 * KIB, 2 * KIB, 4 * KIB, 8 * KIB, 16 * KIB]);
  let pos = alignedStart(r, fileSize, 512);
  return () => {
    if (pos + size > fileSize) pos = alignedStart(r, fileSize / 4, 512);
    const out = fit(pos, size, fileSize, maxRead);
    pos += stride;
    return out;
  };
}

/** small reads anywhere in the file: coalescing can hardly help, and must not hurt */
function random(r: Rng, fileSize: number, maxRead: number): Next {
  return () => {
    const len = r.pick([512, 1 * KIB, 2 * KIB, 4 * KIB, 8 * KIB]);
    const off = r.chance(0.7) ? alignedStart(r, fileSize - len, 512) : r.int(0, fileSize - len);
    return fit(off, len, fileSize, maxRead);
  };
}

/** pages of a database: a skewed hot set (index roots, repeated lookups) and sequential scans */
function database(r: Rng, fileSize: number, maxRead: number): Next {
  const page = r.pick([4, 8, 16]) * KIB;
  const pages = Math.floor(fileSize / page);
  const hot = Array.from({ length: r.int(16, 96) }, () => r.int(0, pages));
  let scan = -1;
  let scanLeft = 0;
  return () => {
    if (scanLeft === 0 && r.chance(0.04)) {
      scan = r.int(0, pages);
      scanLeft = r.int(8, 64);
    }
    let p: number;
    if (scanLeft > 0 && r.chance(0.6)) {
      p = scan++;
      scanLeft--;
      if (scan >= pages) scanLeft = 0;
    } else if (r.chance(0.8)) {
      // squaring a uniform skews toward the first hot pages
      p = hot[Math.floor(hot.length * r.next() ** 2)]!;
    } else p = r.int(0, pages);
    return fit(p * page, page, fileSize, maxRead);
  };
}

/** reads that overlap or repeat recent ones: several readers wanting the same records */
function overlap(r: Rng, fileSize: number, maxRead: number): Next {
  const recent: [number, number][] = [];
  return () => {
    let out: [number, number];
    const prev = recent.length > 0 ? recent[r.int(0, recent.length)]! : undefined;
    if (prev && r.chance(0.3)) out = [prev[0], prev[1]];
    else if (prev && r.chance(0.5)) {
      const len = r.int(256, 16 * KIB);
      out = fit(prev[0] + r.int(-len, prev[1]), len, fileSize, maxRead);
    } else out = fit(r.int(0, fileSize), r.int(256, 16 * KIB), fileSize, maxRead);
    recent.push(out);
    if (recent.length > 24) recent.shift();
    return out;
  };
}

/** sizes from 64 bytes to the read limit, unaligned, half continuing the previous read */
function mixed(r: Rng, fileSize: number, maxRead: number): Next {
  let last = 0;
  return () => {
    const len = Math.round(Math.exp(r.range(Math.log(64), Math.log(Math.min(256 * KIB, maxRead)))));
    const off = r.chance(0.5) && last + len <= fileSize ? last + r.int(0, 2 * KIB) : r.int(0, fileSize - len);
    const out = fit(off, len, fileSize, maxRead);
    last = out[0] + out[1];
    return out;
  };
}

const MAKERS: Record<IoKind, (r: Rng, fileSize: number, maxRead: number) => Next> = { sequential, strided, random, database, overlap, mixed };

export function pattern(kind: IoKind, r: Rng, fileSize: number, maxRead: number): Next {
  return MAKERS[kind](r, fileSize, maxRead);
}

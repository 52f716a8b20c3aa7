// fuse.compress baseline: greedy lz77 (one hash slot per 4-byte window, lz4-like
// sequences of literal run + back-reference) with a stored fallback, no entropy coding.
// format: byte 0 = 0 stored / 1 lz, then the plain length as a varint, then the body.
const HASH_BITS = 13;
const MIN_MATCH = 4;
const MAX_OFFSET = 65535;

export const method = 'lz77-greedy-stored-fallback';

function putVarint(out, pos, v) {
  while (v >= 0x80) {
    out[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[pos++] = v;
  return pos;
}

// a run length past 15 continues in bytes of 255 (lz4 style)
function putRun(out, pos, v) {
  while (v >= 255) {
    out[pos++] = 255;
    v -= 255;
  }
  out[pos++] = v;
  return pos;
}

function stored(data) {
  const out = new Uint8Array(data.length + 6);
  const pos = putVarint(out, 1, data.length);
  out.set(data, pos);
  return out.subarray(0, pos + data.length);
}

export function compress(data) {
  const n = data.length;
  const table = new Int32Array(1 << HASH_BITS);
  const out = new Uint8Array(n + (n >> 6) + 32);
  out[0] = 1;
  let op = putVarint(out, 1, n);
  let anchor = 0;
  let i = 0;
  const limit = n - MIN_MATCH;
  while (i <= limit) {
    const w = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    const h = Math.imul(w, 0x9e3779b1) >>> (32 - HASH_BITS);
    const cand = table[h] - 1;
    table[h] = i + 1;
    if (cand < 0 || i - cand > MAX_OFFSET || data[cand] !== data[i] || data[cand + 1] !== data[i + 1] ||
        data[cand + 2] !== data[i + 2] || data[cand + 3] !== data[i + 3]) {
      i++;
      continue;
    }
    let len = MIN_MATCH;
    while (i + len < n && data[cand + len] === data[i + len]) len++;
    const lit = i - anchor;
    const ml = len - MIN_MATCH;
    out[op++] = ((lit < 15 ? lit : 15) << 4) | (ml < 15 ? ml : 15);
    if (lit >= 15) op = putRun(out, op, lit - 15);
    out.set(data.subarray(anchor, i), op);
    op += lit;
    const off = i - cand;
    out[op++] = off & 0xff;
    out[op++] = off >> 8;
    if (ml >= 15) op = putRun(out, op, ml - 15);
    // remember the windows inside the match too, so later repeats find them
    const end = i + len;
    for (let j = i + 1; j < end && j <= limit; j++) {
      const v = data[j] | (data[j + 1] << 8) | (data[j + 2] << 16) | (data[j + 3] << 24);
      table[Math.imul(v, 0x9e3779b1) >>> (32 - HASH_BITS)] = j + 1;
    }
    i = end;
    anchor = end;
    if (op > n) return stored(data);
  }
  const lit = n - anchor;
  if (op + lit + 8 >= n + 1) return stored(data);
  out[op++] = (lit < 15 ? lit : 15) << 4;
  if (lit >= 15) op = putRun(out, op, lit - 15);
  out.set(data.subarray(anchor, n), op);
  op += lit;
  return out.slice(0, op);
}

function readRun(data, state) {
  let v = 0;
  let b;
  do {
    b = data[state.p++];
    v += b;
  } while (b === 255);
  return v;
}

export function decompress(data) {
  const state = { p: 1 };
  let n = 0;
  let shift = 0;
  let b;
  do {
    b = data[state.p++];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  if (data[0] === 0) return data.slice(state.p, state.p + n);
  const out = new Uint8Array(n);
  let op = 0;
  while (op < n && state.p < data.length) {
    const token = data[state.p++];
    let lit = token >> 4;
    if (lit === 15) lit += readRun(data, state);
    out.set(data.subarray(state.p, state.p + lit), op);
    state.p += lit;
    op += lit;
    if (op >= n) break;
    const off = data[state.p] | (data[state.p + 1] << 8);
    state.p += 2;
    let len = token & 15;
    if (len === 15) len += readRun(data, state);
    len += MIN_MATCH;
    if (off >= len) {
      out.copyWithin(op, op - off, op - off + len);
      op += len;
    } else {
      // byte by byte: this back-reference overlaps what it writes
      for (let s = op - off, e = op + len; op < e; ) out[op++] = out[s++];
    }
  }
  return out;
}

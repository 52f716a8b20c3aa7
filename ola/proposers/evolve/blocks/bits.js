// block: bit-level writing and reading, least significant bit first (as deflate packs bits).
// up to 24 bits per call; the writer grows its buffer as needed.
function bitWriter(capacity) {
  return { buf: new Uint8Array(Math.max(16, capacity | 0)), pos: 0, acc: 0, n: 0 };
}

function bitsPut(w, value, count) {
  w.acc |= (value & ((1 << count) - 1)) << w.n;
  w.n += count;
  while (w.n >= 8) {
    if (w.pos >= w.buf.length) {
      const next = new Uint8Array(w.buf.length * 2);
      next.set(w.buf);
      w.buf = next;
    }
    w.buf[w.pos++] = w.acc & 255;
    w.acc >>>= 8;
    w.n -= 8;
  }
}

// flushes the last partial byte (zero padded) and returns the bytes written
function bitsFinish(w) {
  if (w.n > 0) bitsPut(w, 0, 8 - w.n);
  return w.buf.slice(0, w.pos);
}

function bitReader(buf, start) {
  return { buf: buf, pos: start === undefined ? 0 : start, acc: 0, n: 0 };
}

// reads count bits; past the end it reads zeros
function bitsGet(r, count) {
  while (r.n < count) {
    const byte = r.pos < r.buf.length ? r.buf[r.pos] : 0;
    r.pos++;
    r.acc |= byte << r.n;
    r.n += 8;
  }
  const v = r.acc & ((1 << count) - 1);
  r.acc >>>= count;
  r.n -= count;
  return v;
}

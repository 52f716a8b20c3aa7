// block: a ring buffer of numbers that keeps the newest `capacity` values.
function ringCreate(capacity) {
  return { buf: new Float64Array(Math.max(1, capacity | 0)), head: 0, size: 0 };
}

function ringPush(r, x) {
  r.buf[(r.head + r.size) % r.buf.length] = x;
  if (r.size < r.buf.length) r.size++;
  else r.head = (r.head + 1) % r.buf.length;
}

// i-th oldest value (0 is the oldest kept)
function ringAt(r, i) {
  return r.buf[(r.head + i) % r.buf.length];
}

// k-th newest value (0 is the newest)
function ringBack(r, k) {
  return r.buf[(r.head + r.size - 1 - k) % r.buf.length];
}

function ringMean(r) {
  let s = 0;
  for (let i = 0; i < r.size; i++) s += ringAt(r, i);
  return r.size > 0 ? s / r.size : NaN;
}

// the kept values, oldest first
function ringValues(r) {
  const out = new Float64Array(r.size);
  for (let i = 0; i < r.size; i++) out[i] = ringAt(r, i);
  return out;
}

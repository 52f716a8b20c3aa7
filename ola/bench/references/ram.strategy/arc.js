// reference (kept out of every archive): arc, the adaptive replacement cache (megiddo and
// modha, 2003), counted in units since objects have sizes. t1 holds keys seen once lately,
// t2 keys seen at least twice; b1 and b2 remember keys evicted from each (ghosts, no data).
// a miss that hits a ghost moves the target size p of t1 towards the list that lost it.
let cap = 0, p = 0;
let t1 = new Map(), t2 = new Map(), b1 = new Map(), b2 = new Map();
let u1 = 0, u2 = 0, g1 = 0, g2 = 0;
// the key being loaded, and which ghost list it came back from (0 none, 1, 2)
let incoming = -1, from = 0;

export const method = 'arc';

export function init(capacity) {
  cap = capacity;
  p = 0;
  t1 = new Map();
  t2 = new Map();
  b1 = new Map();
  b2 = new Map();
  u1 = u2 = g1 = g2 = 0;
}

function oldest(m) {
  return m.keys().next().value;
}

export function admit(key, size) {
  incoming = key;
  from = 0;
  if (b1.has(key)) {
    from = 1;
    p = Math.min(cap, p + size * Math.max(1, g2 / Math.max(1, g1)));
    g1 -= b1.get(key);
    b1.delete(key);
  } else if (b2.has(key)) {
    from = 2;
    p = Math.max(0, p - size * Math.max(1, g1 / Math.max(1, g2)));
    g2 -= b2.get(key);
    b2.delete(key);
  }
  return true;
}

export function evict() {
  // replace from t1 while it is over its target (or at it, for a key back from b2)
  if (u1 > 0 && (u1 > p || (from === 2 && u1 >= p) || u2 === 0)) {
    const k = oldest(t1);
    const s = t1.get(k);
    t1.delete(k);
    u1 -= s;
    b1.set(k, s);
    g1 += s;
    return k;
  }
  const k = oldest(t2);
  const s = t2.get(k);
  t2.delete(k);
  u2 -= s;
  b2.set(k, s);
  g2 += s;
  return k;
}

export function onInsert(key, size) {
  if (key === incoming && from !== 0) {
    t2.set(key, size);
    u2 += size;
  } else {
    t1.set(key, size);
    u1 += size;
  }
  incoming = -1;
  // the directory: t1 and b1 within the cache size, everything within twice it
  while (u1 + g1 > cap && g1 > 0) {
    const k = oldest(b1);
    g1 -= b1.get(k);
    b1.delete(k);
  }
  while (u1 + u2 + g1 + g2 > 2 * cap && g2 > 0) {
    const k = oldest(b2);
    g2 -= b2.get(k);
    b2.delete(k);
  }
}

export function onHit(key) {
  let s = t1.get(key);
  if (s !== undefined) {
    t1.delete(key);
    u1 -= s;
  } else {
    s = t2.get(key);
    t2.delete(key);
    u2 -= s;
  }
  t2.set(key, s);
  u2 += s;
}

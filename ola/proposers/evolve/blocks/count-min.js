// block: frequency counting with a count-min sketch over integer keys (depth rows of width
// counters, each row its own hash), with halving so old counts fade.
function cmsCreate(width, depth) {
  const w = Math.max(1, width | 0), d = Math.max(1, depth | 0);
  return { w: w, d: d, table: new Uint32Array(w * d), total: 0 };
}

function cmsSlot(s, key, row) {
  let h = (key ^ Math.imul(row + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return row * s.w + (h % s.w);
}

function cmsAdd(s, key, by) {
  const inc = by === undefined ? 1 : by;
  for (let r = 0; r < s.d; r++) s.table[cmsSlot(s, key, r)] += inc;
  s.total += inc;
}

function cmsEstimate(s, key) {
  let m = Infinity;
  for (let r = 0; r < s.d; r++) {
    const v = s.table[cmsSlot(s, key, r)];
    if (v < m) m = v;
  }
  return m;
}

// halve every counter: a sliding notion of frequency
function cmsHalve(s) {
  for (let i = 0; i < s.table.length; i++) s.table[i] = s.table[i] >>> 1;
  s.total = Math.floor(s.total / 2);
}

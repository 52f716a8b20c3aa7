// block: hashing. fnv-1a over bytes, a 32-bit integer mixer (murmur3's finaliser), and a
// multiplicative hash of the 4 bytes at a position (for match finders and hash tables).
function fnv1a(bytes, from, to) {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

function mix32(x) {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// the top `bits` bits of the product: the well-mixed ones
function hash4(bytes, i, bits) {
  const v = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
  return Math.imul(v, 0x9e3779b1) >>> (32 - bits);
}

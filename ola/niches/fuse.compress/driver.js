// runs inside the isolate: (1) compresses the slice block by block and decompresses every
// block (in a shuffled order), comparing bytes; (2) replays a scripted session of a small
// block file system stored through the artifact (runFs in driver-fs.js, joined after this).
// input: { data: Uint8Array, blockSize: number, order: Int32Array, ops: [{ op, path, ... }] }
// the intrinsic getter tells a real Uint8Array from a look-alike (read before the artifact runs)
var TA_TAG = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
/** thrown to leave the fs session once a problem is recorded; anything else propagates */
var STOP = {};

function kindOf(x) {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  var tag = TA_TAG.call(x);
  if (tag !== undefined) return tag;
  return Array.isArray(x) ? 'array' : 'object';
}

/** index of the first difference, or -1 when equal (a length difference counts at the shorter end) */
function firstDiff(x, y) {
  var n = x.length < y.length ? x.length : y.length, i = 0;
  // four bytes at a time when both views are aligned (fresh arrays and block-aligned slices are)
  if (n >= 64 && x.byteOffset % 4 === 0 && y.byteOffset % 4 === 0) {
    var w = n >> 2, xw = new Int32Array(x.buffer, x.byteOffset, w), yw = new Int32Array(y.buffer, y.byteOffset, w);
    while (i < w && xw[i] === yw[i]) i++;
    i <<= 2;
  }
  for (; i < n; i++) if (x[i] !== y[i]) return i;
  return x.length === y.length ? -1 : n;
}

// the host has the same code (fs-model.ts hashBytes)
function hashInto(bytes, h1s, h2s, at) {
  var h1 = 0x811c9dc5, h2 = 0x9747b28c ^ bytes.length;
  for (var i = 0; i < bytes.length; i++) {
    var b = bytes[i];
    h1 = Math.imul(h1 ^ b, 0x01000193);
    h2 = Math.imul(h2 ^ b, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1s[at] = h1 >>> 0;
  h2s[at] = h2 >>> 0;
}

var KEY_H1 = new Uint32Array(1), KEY_H2 = new Uint32Array(1);
function memoKey(bytes) {
  hashInto(bytes, KEY_H1, KEY_H2, 0);
  return bytes.length + ':' + KEY_H1[0] + ':' + KEY_H2[0];
}

/** calls the artifact on a copy, checks what it did to the copy and what it returned */
function makeCodec(a) {
  var st = { problem: '', compressBytes: 0, decompressBytes: 0, calls: 0 };
  // the functions as exported at the start, called without a `this` the artifact could rewire
  var fc = a.compress, fd = a.decompress;
  // decompress never runs where compress ran (the host's runFresh, lockdown.ts): in the block pass each
  // call has a context of its own; the fs session (st.fs) shares one per run, for cost. the run's first
  // call opens that shared one while it is still untouched. only coverage reruns lack runFresh
  var fresh = typeof runFresh === 'function';
  var keptOpen = false;
  var dec = fresh
    ? function (x) {
      var keep = st.fs || !keptOpen;
      keptOpen = true;
      return runFresh('decompress', x, keep);
    }
    : fd;
  // decoded once per distinct stored bytes: a context of their own would give the same answer again
  var memo = fresh ? Object.create(null) : null;
  st.fs = false;
  st.call = function (name, bytes, where) {
    var key = '';
    if (memo && name === 'decompress') {
      key = memoKey(bytes);
      var hit = memo[key];
      if (hit && firstDiff(hit.stored, bytes) === -1) return hit.plain;
    }
    var handed = new Uint8Array(bytes);
    st.calls++;
    var out = name === 'compress' ? fc(handed) : dec(handed);
    var d = firstDiff(handed, bytes);
    if (d !== -1) {
      if (!st.problem) st.problem = name + ' mutated its input (byte ' + d + ') ' + where;
      return null;
    }
    var kind = kindOf(out);
    if (kind !== 'Uint8Array') {
      if (!st.problem) st.problem = name + ' returned ' + kind + ' ' + where + ' (expected Uint8Array)';
      return null;
    }
    // a copy, as if written to disk: the artifact may reuse its own buffers
    var copy = new Uint8Array(out);
    if (name === 'compress') st.compressBytes += bytes.length;
    else st.decompressBytes += copy.length;
    // the callers only read what decompress gave, so one copy serves every hit
    if (key) memo[key] = { stored: new Uint8Array(bytes), plain: copy };
    return copy;
  };
  return st;
}

function drive(a, input) {
  var data = input.data, B = input.blockSize, n = Math.ceil(data.length / B);
  var codec = makeCodec(a);
  var result = {
    method: typeof a.method === 'string' ? a.method.slice(0, 64) : '',
    problem: '',
    plainBytes: data.length,
    blockSizes: new Int32Array(n),
    decodedLen: new Int32Array(n),
    firstBad: new Int32Array(n),
    compressBytes: 0,
    decompressBytes: 0,
    calls: 0,
    fs: null,
  };
  function done() {
    result.problem = codec.problem;
    result.compressBytes = codec.compressBytes;
    result.decompressBytes = codec.decompressBytes;
    result.calls = codec.calls;
    return result;
  }
  if (typeof a.compress !== 'function' || typeof a.decompress !== 'function') {
    codec.problem = 'compress and decompress must be functions (got ' + typeof a.compress + ', ' + typeof a.decompress + ')';
    return done();
  }
  // (1) every block on its own, decompressed in an order unlike the writing order
  var comp = [];
  for (var k = 0; k < n; k++) {
    var c = codec.call('compress', data.subarray(k * B, Math.min(data.length, (k + 1) * B)), 'at block ' + k);
    if (c === null) return done();
    comp.push(c);
    result.blockSizes[k] = c.length;
  }
  var clean = true;
  for (var j = 0; j < n; j++) {
    var b = input.order[j];
    var d = codec.call('decompress', comp[b], 'at block ' + b);
    if (d === null) return done();
    result.decodedLen[b] = d.length;
    result.firstBad[b] = firstDiff(d, data.subarray(b * B, Math.min(data.length, (b + 1) * B)));
    if (result.firstBad[b] !== -1) clean = false;
  }
  if (!clean) return done();
  // (2) the file system session
  codec.fs = true;
  try {
    result.fs = runFs(codec, input);
  } catch (e) {
    if (e !== STOP) throw e;
    return done();
  }
  // a block codec must be a function of its block: the same block again, the same bytes
  var again = codec.call('compress', data.subarray(0, Math.min(data.length, B)), 'at block 0 (again, after the fs session)');
  if (again !== null && firstDiff(again, comp[0]) !== -1 && !codec.problem) {
    codec.problem = 'compress gave different bytes for block 0 later in the run: its output must depend on its input alone';
  }
  return done();
}

// at the vm stage the file-system session runs on a real fuse mount: the guest's helper calls
// the codec through these (ola/sandbox/vm/guest/fuse.ts), and reads are hashed here as above
function deviceCalls(a) {
  var codec = makeCodec(a);
  codec.fs = true;
  var fc = a.compress, fd = a.decompress;
  var ok = typeof fc === 'function' && typeof fd === 'function';
  return {
    compress: function (bytes, where) { return ok ? codec.call('compress', bytes, where) : null; },
    decompress: function (bytes, where) { return ok ? codec.call('decompress', bytes, where) : null; },
    hash: function (bytes) {
      var h1 = new Uint32Array(1), h2 = new Uint32Array(1);
      hashInto(bytes, h1, h2, 0);
      return [h1[0], h2[0]];
    },
    stats: function () {
      return { problem: codec.problem, compressBytes: codec.compressBytes, decompressBytes: codec.decompressBytes, calls: codec.calls };
    },
  };
}

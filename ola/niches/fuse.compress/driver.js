// runs inside the isolate: (1) compresses the slice block by block and decompresses every
// block (in a shuffled order), comparing bytes; (2) replays a scripted session of a small
// block file system stored through the artifact, returning read hashes and an fsck report.
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
  var n = x.length < y.length ? x.length : y.length;
  for (var i = 0; i < n; i++) if (x[i] !== y[i]) return i;
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

/** calls the artifact on a copy, checks what it did to the copy and what it returned */
function makeCodec(a) {
  var st = { problem: '', compressBytes: 0, decompressBytes: 0, calls: 0 };
  st.call = function (name, bytes, where) {
    var handed = new Uint8Array(bytes);
    st.calls++;
    var out = name === 'compress' ? a.compress(handed) : a.decompress(handed);
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
    return copy;
  };
  return st;
}

function runFs(codec, input) {
  var data = input.data, B = input.blockSize, ops = input.ops;
  var store = [], plain = [], live = 0;
  var files = new Map();
  var nReads = 0;
  for (var q = 0; q < ops.length; q++) if (ops[q].op === 'read') nReads++;
  var readLen = new Int32Array(nReads), readH1 = new Uint32Array(nReads), readH2 = new Uint32Array(nReads);

  function put(bytes, where) {
    var c = codec.call('compress', bytes, where);
    if (c === null) throw STOP;
    store.push(c);
    plain.push(bytes.length);
    live++;
    return store.length - 1;
  }
  function get(id, where) {
    var d = codec.call('decompress', store[id], where);
    if (d === null) throw STOP;
    if (d.length !== plain[id]) {
      codec.problem = 'fs block ' + id + ' ' + where + ' decompressed to ' + d.length + ' bytes, expected ' + plain[id];
      throw STOP;
    }
    return d;
  }
  function free(id) {
    store[id] = null;
    live--;
  }
  function open(path) {
    var f = files.get(path);
    if (!f) files.set(path, (f = { ids: [], size: 0 }));
    return f;
  }
  // rewrites every block the range touches; a write past the end first fills the hole with zeros
  function writeAt(path, f, off, bytes) {
    if (off > f.size) {
      var z = new Uint8Array(off - f.size + bytes.length);
      z.set(bytes, off - f.size);
      bytes = z;
      off = f.size;
    }
    if (bytes.length === 0) return;
    var end = off + bytes.length, size = end > f.size ? end : f.size;
    for (var bi = Math.floor(off / B); bi <= Math.floor((end - 1) / B); bi++) {
      var start = bi * B, blen = Math.min(B, size - start);
      var from = Math.max(off, start), to = Math.min(end, start + blen);
      var buf = new Uint8Array(blen);
      var where = 'of ' + path + ' (file block ' + bi + ')';
      if (bi < f.ids.length && !(from === start && to === start + blen)) buf.set(get(f.ids[bi], where));
      buf.set(bytes.subarray(from - off, to - off), from - start);
      var id = put(buf, where);
      if (bi < f.ids.length) free(f.ids[bi]);
      f.ids[bi] = id;
    }
    f.size = size;
  }
  function truncate(path, f, size) {
    if (size >= f.size) return writeAt(path, f, f.size, new Uint8Array(size - f.size));
    var keep = Math.ceil(size / B);
    for (var i = keep; i < f.ids.length; i++) free(f.ids[i]);
    f.ids.length = keep;
    var tail = size - (keep - 1) * B;
    if (keep > 0 && tail < plain[f.ids[keep - 1]]) {
      var where = 'of ' + path + ' (file block ' + (keep - 1) + ')';
      var old = f.ids[keep - 1];
      f.ids[keep - 1] = put(get(old, where).slice(0, tail), where);
      free(old);
    }
    f.size = size;
  }
  function read(path, off, len, at) {
    var f = files.get(path);
    if (!f) {
      readLen[at] = -1;
      return;
    }
    var start = Math.min(off, f.size), end = Math.min(f.size, start + len);
    var out = new Uint8Array(end - start);
    for (var bi = Math.floor(start / B); start < end && bi * B < end; bi++) {
      var d = get(f.ids[bi], 'of ' + path + ' (file block ' + bi + ')');
      var s = Math.max(start, bi * B), e = Math.min(end, bi * B + d.length);
      out.set(d.subarray(s - bi * B, e - bi * B), s - start);
    }
    readLen[at] = out.length;
    hashInto(out, readH1, readH2, at);
  }

  var r = 0;
  for (var k = 0; k < ops.length; k++) {
    var o = ops[k];
    if (o.op === 'write') {
      var old = files.get(o.path);
      if (old) for (var j = 0; j < old.ids.length; j++) free(old.ids[j]);
      files.delete(o.path);
      writeAt(o.path, open(o.path), 0, data.subarray(o.src, o.src + o.len));
    } else if (o.op === 'pwrite') writeAt(o.path, open(o.path), o.off, data.subarray(o.src, o.src + o.len));
    else if (o.op === 'append') writeAt(o.path, open(o.path), open(o.path).size, data.subarray(o.src, o.src + o.len));
    else if (o.op === 'truncate') truncate(o.path, open(o.path), o.size);
    else if (o.op === 'read') read(o.path, o.off, o.len, r++);
    else if (o.op === 'rename' && files.has(o.path)) {
      var target = files.get(o.to);
      if (target) for (var t = 0; t < target.ids.length; t++) free(target.ids[t]);
      files.set(o.to, files.get(o.path));
      files.delete(o.path);
    }
  }
  return { reads: { len: readLen, h1: readH1, h2: readH2 }, files: fsck(codec, files, store, plain), liveBlocks: live };
}

/** per file: block ids, recorded and decoded plain lengths, stored sizes, content hash */
function fsck(codec, files, store, plain) {
  var paths = Array.from(files.keys()).sort();
  var out = [];
  for (var i = 0; i < paths.length; i++) {
    var f = files.get(paths[i]), n = f.ids.length;
    var rep = { path: paths[i], size: f.size, ids: new Int32Array(n), plain: new Int32Array(n), stored: new Int32Array(n), decoded: new Int32Array(n), h1: 0, h2: 0 };
    var parts = [], total = 0;
    for (var b = 0; b < n; b++) {
      var id = f.ids[b];
      rep.ids[b] = id;
      rep.plain[b] = plain[id];
      rep.stored[b] = store[id] ? store[id].length : -1;
      if (!store[id]) {
        codec.problem = 'fsck: block ' + id + ' of ' + paths[i] + ' was freed';
        throw STOP;
      }
      var d = codec.call('decompress', store[id], 'of ' + paths[i] + ' (fsck, file block ' + b + ')');
      if (d === null) throw STOP;
      rep.decoded[b] = d.length;
      parts.push(d);
      total += d.length;
    }
    var all = new Uint8Array(total);
    for (var p = 0, at = 0; p < parts.length; at += parts[p].length, p++) all.set(parts[p], at);
    var h1 = new Uint32Array(1), h2 = new Uint32Array(1);
    hashInto(all, h1, h2, 0);
    rep.h1 = h1[0];
    rep.h2 = h2[0];
    out.push(rep);
  }
  return out;
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

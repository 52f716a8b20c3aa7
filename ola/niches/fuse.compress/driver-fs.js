// runs inside the isolate, joined after driver.js (one scope): a small block file system stored
// through the artifact's codec (see makeCodec in driver.js), replaying the scripted session
// and ending with an fsck report. ops: [{ op: 'write' | 'pwrite' | 'append' | 'read' |
// 'truncate' | 'rename', path, ... }] as in fs-model.ts.
function runFs(codec, input) {
  var data = input.data, B = input.blockSize, ops = input.ops;
  var store = [], plain = [], live = 0;
  // a null-prototype record, not a map: map iterators are not frozen, so the artifact could hook them
  var files = Object.create(null);
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
    var f = files[path];
    if (!f) f = files[path] = { ids: [], size: 0 };
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
    var f = files[path];
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
      var old = files[o.path];
      if (old) for (var j = 0; j < old.ids.length; j++) free(old.ids[j]);
      delete files[o.path];
      writeAt(o.path, open(o.path), 0, data.subarray(o.src, o.src + o.len));
    } else if (o.op === 'pwrite') writeAt(o.path, open(o.path), o.off, data.subarray(o.src, o.src + o.len));
    else if (o.op === 'append') writeAt(o.path, open(o.path), open(o.path).size, data.subarray(o.src, o.src + o.len));
    else if (o.op === 'truncate') truncate(o.path, open(o.path), o.size);
    else if (o.op === 'read') read(o.path, o.off, o.len, r++);
    else if (o.op === 'rename' && files[o.path] && o.to !== o.path) {
      var target = files[o.to];
      if (target) for (var t = 0; t < target.ids.length; t++) free(target.ids[t]);
      files[o.to] = files[o.path];
      delete files[o.path];
    }
  }
  return { reads: { len: readLen, h1: readH1, h2: readH2 }, files: fsck(codec, files, store, plain), liveBlocks: live };
}

/** per file: block ids, recorded and decoded plain lengths, stored sizes, content hash */
function fsck(codec, files, store, plain) {
  var paths = Object.keys(files).sort();
  var out = [];
  for (var i = 0; i < paths.length; i++) {
    var f = files[paths[i]], n = f.ids.length;
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

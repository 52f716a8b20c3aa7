// runs inside the isolate: hands the artifact one window of requests at a time (copies, never
// the file or later windows), checks every batch it plans, and returns them concatenated.
// input: { offsets: Float64Array, lengths: Int32Array, windowEnds: Int32Array, fileSize, maxReadBytes, queueDepth }
function drive(a, input) {
  var offsets = input.offsets, lengths = input.lengths, ends = input.windowEnds;
  var n = offsets.length, fileSize = input.fileSize, maxRead = input.maxReadBytes;
  // never more batches than requests: the driver refuses plans that would overflow these
  var bOff = new Float64Array(n), bLen = new Int32Array(n), serve = new Int32Array(n), winEnd = new Int32Array(ends.length);
  var b = 0, start = 0, problem = '';

  // accepts plain arrays and typed arrays; copies element by element so each is read once
  function numbers(x, what, max, w) {
    var ok = Array.isArray(x) || x instanceof Float64Array || x instanceof Int32Array || x instanceof Uint32Array || x instanceof Float32Array;
    if (!ok) return (problem = 'plan returned ' + what + ' that is ' + (x === null ? 'null' : typeof x) + ', not an array, at window ' + w), null;
    var len = x.length;
    if (typeof len !== 'number' || len > max) return (problem = 'plan returned ' + len + ' ' + what + ' for ' + max + ' requests at window ' + w), null;
    var out = new Float64Array(len);
    for (var i = 0; i < len; i++) {
      var v = x[i];
      if (typeof v !== 'number' || v !== Math.floor(v)) return (problem = what + '[' + i + '] is not an integer (' + (typeof v) + ') at window ' + w), null;
      out[i] = v;
    }
    return out;
  }

  function batchProblem(o, l) {
    if (o < 0) return 'has a bad offset (' + o + ')';
    if (l < 1) return 'has a bad length (' + l + ')';
    if (l > maxRead) return 'is larger than maxReadBytes (' + l + ' > ' + maxRead + ')';
    if (o + l > fileSize) return 'ends past the end of the file (' + (o + l) + ' > ' + fileSize + ')';
    return '';
  }

  for (var w = 0; w < ends.length && problem === ''; w++) {
    var end = ends[w], count = end - start;
    var o = offsets.slice(start, end), l = lengths.slice(start, end);
    var r = a.plan(o, l, { fileSize: fileSize, maxReadBytes: maxRead, queueDepth: input.queueDepth });
    for (var i = 0; i < count; i++) {
      if (o[i] !== offsets[start + i]) { problem = 'plan mutated its input offsets at window ' + w; break; }
      if (l[i] !== lengths[start + i]) { problem = 'plan mutated its input lengths at window ' + w; break; }
    }
    if (problem !== '') break;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      problem = 'plan returned ' + (r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r) + ' instead of an object at window ' + w;
      break;
    }
    var po = numbers(r.offsets, 'batch offsets', count, w); if (!po) break;
    var pl = numbers(r.lengths, 'batch lengths', count, w); if (!pl) break;
    var ps = numbers(r.serve, 'serve', count, w); if (!ps) break;
    if (po.length === 0 || po.length !== pl.length) { problem = 'plan returned ' + po.length + ' batch offsets and ' + pl.length + ' lengths at window ' + w; break; }
    if (ps.length !== count) { problem = 'serve has ' + ps.length + ' entries for ' + count + ' requests at window ' + w; break; }
    for (var k = 0; k < po.length && problem === ''; k++) {
      var why = batchProblem(po[k], pl[k]);
      if (why !== '') problem = 'batch ' + k + ' of window ' + w + ' ' + why;
      bOff[b + k] = po[k];
      bLen[b + k] = pl[k];
    }
    for (var j = 0; j < count && problem === ''; j++) {
      var s = ps[j];
      if (s < 0 || s >= po.length) { problem = 'request ' + j + ' of window ' + w + ' names a batch that does not exist (' + s + ')'; break; }
      if (o[j] < po[s] || o[j] + l[j] > po[s] + pl[s]) {
        problem = 'request ' + j + ' of window ' + w + ' (' + o[j] + '+' + l[j] + ') is not covered by its batch ' + s + ' (' + po[s] + '+' + pl[s] + ')';
        break;
      }
      serve[start + j] = b + s;
    }
    b += po.length;
    winEnd[w] = b;
    start = end;
  }
  return {
    batchOffsets: bOff.slice(0, b),
    batchLengths: bLen.slice(0, b),
    serve: serve,
    windowBatchEnds: winEnd,
    problem: problem,
    method: typeof a.method === 'string' ? a.method.slice(0, 64) : '',
  };
}

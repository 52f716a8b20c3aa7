// runs inside the isolate: the lab's archive work done by a fuse.compress artifact. two modes:
// compress: each block of input.data (input.sizes plain lengths) compressed on its own;
// decompress: each stored block decoded in a context of its own (runFresh), so a block decodes
// from its own bytes and nothing another call left. the host checks every byte it gets back.
// input: { mode: 'compress' | 'decompress', data: Uint8Array, sizes: Int32Array }
// output: { problem, method, data: Uint8Array (the blocks back to back), sizes: Int32Array }
var TA_TAG = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

function drive(a, input) {
  var out = { problem: '', method: typeof a.method === 'string' ? a.method.slice(0, 64) : '', data: new Uint8Array(0), sizes: new Int32Array(0) };
  var name = input.mode === 'compress' ? 'compress' : 'decompress';
  if (typeof a[name] !== 'function') return ((out.problem = name + ' is not a function'), out);
  var f = a[name];
  var fresh = name === 'decompress' && typeof runFresh === 'function';
  var sizes = input.sizes, data = input.data, n = sizes.length;
  var parts = [], total = 0, at = 0;
  for (var k = 0; k < n; k++) {
    var block = data.subarray(at, at + sizes[k]);
    at += sizes[k];
    // a copy: the artifact never holds the job's own buffer
    var handed = new Uint8Array(block);
    var r = fresh ? runFresh('decompress', handed, false) : f(handed);
    if (r === null || typeof r !== 'object' || TA_TAG.call(r) !== 'Uint8Array') {
      out.problem = name + ' returned ' + (r === null ? 'null' : typeof r) + ' at block ' + k + ' (expected Uint8Array)';
      return out;
    }
    for (var i = 0; i < block.length; i++) {
      if (handed[i] !== block[i]) return ((out.problem = name + ' mutated its input at block ' + k), out);
    }
    var copy = new Uint8Array(r);
    parts.push(copy);
    total += copy.length;
  }
  var all = new Uint8Array(total), lens = new Int32Array(n);
  for (var p = 0, o = 0; p < n; p++) {
    all.set(parts[p], o);
    o += parts[p].length;
    lens[p] = parts[p].length;
  }
  out.data = all;
  out.sizes = lens;
  return out;
}

// runs inside the isolate: replays one scenario against the artifact, in time order.
// input: { kind: Uint8Array (0 sync, 1 query), mono: Float64Array, wall: Float64Array (NaN for queries), queries: number }
function drive(a, input) {
  var kind = input.kind, mono = input.mono, wall = input.wall;
  var estimates = new Float64Array(input.queries);
  var q = 0, badType = '';
  for (var i = 0; i < kind.length; i++) {
    if (kind[i] === 0) {
      a.sync(mono[i], wall[i]);
    } else {
      var v = a.estimate(mono[i]);
      if (typeof v !== 'number' && badType === '') badType = 'estimate returned ' + typeof v + ' at query ' + q;
      estimates[q++] = typeof v === 'number' ? v : NaN;
    }
  }
  var d = typeof a.drift === 'function' ? a.drift() : NaN;
  var c = typeof a.confidence === 'function' ? a.confidence() : NaN;
  return {
    estimates: estimates,
    drift: typeof d === 'number' ? d : NaN,
    confidence: typeof c === 'number' ? c : NaN,
    method: typeof a.method === 'string' ? a.method.slice(0, 64) : '',
    badType: badType,
  };
}

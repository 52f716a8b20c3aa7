// runs inside the isolate: replays one pointer trace in time order, asking for a
// prediction after every `every`-th event. the artifact is handed only numbers (copies
// by nature), never a later event, and every field it returns is type-checked.
// input: { t, x, y: Float64Array, buttons: Uint8Array, horizonMs: number, every: number }
function drive(a, input) {
  var t = input.t, x = input.x, y = input.y, b = input.buttons, h = input.horizonMs, every = input.every;
  var m = Math.floor(t.length / every);
  var px = new Float64Array(m), py = new Float64Array(m), pvx = new Float64Array(m), pvy = new Float64Array(m), pc = new Float64Array(m);
  var fields = ['x', 'y', 'vx', 'vy', 'click'];
  var outs = [px, py, pvx, pvy, pc];
  var badType = '', q = 0;
  for (var i = 0; i < t.length && q < m; i++) {
    a.observe(x[i], y[i], t[i], b[i]);
    if ((i + 1) % every !== 0) continue;
    var r = a.predict(h);
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      if (badType === '') badType = 'predict returned ' + (r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r) + ' at query ' + q;
      for (var j = 0; j < 5; j++) outs[j][q] = NaN;
    } else {
      // each field is read once: a getter cannot answer differently to a second look
      for (var k = 0; k < 5; k++) {
        var v = r[fields[k]];
        if (typeof v !== 'number' && badType === '') badType = 'predict returned ' + fields[k] + ' of type ' + typeof v + ' at query ' + q;
        outs[k][q] = typeof v === 'number' ? v : NaN;
      }
    }
    q++;
  }
  return {
    x: px, y: py, vx: pvx, vy: pvy, click: pc,
    method: typeof a.method === 'string' ? a.method.slice(0, 64) : '',
    badType: badType,
  };
}

// runs inside the isolate after font.js, fb-api.js and probe.js: replays the pointer path
// one frame at a time. the artifact sees only the drawing api and this frame's pointer;
// the buffer, the path ahead and the sample seed stay here.
// input: { width, height, x: Int16Array, y: Int16Array, buttons: Uint8Array, dt: Float64Array, sampleSeed, lean? }

function kindOf(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function drive(a, input) {
  var W = input.width, H = input.height, n = input.x.length;
  var canvas = makeCanvas(W, H);
  var words = new Uint32Array(canvas.rgba.buffer);
  var probe = makeProbe(W, H, n, input.sampleSeed);
  // first, middle and last frame as thumbnails: what persists across the three is ui
  var thumbFrames = [0, n >> 1];
  var thumbs = [];
  var badType = '';
  if (typeof a.frame !== 'function') badType = 'frame is not a function';
  else if (typeof a.init === 'function') a.init(W, H);
  for (var f = 0; f < n && badType === ''; f++) {
    var x = input.x[f], y = input.y[f], buttons = input.buttons[f], dt = input.dt[f];
    var st = { frame: f, x: x, y: y, buttons: buttons, dt: dt };
    var ret = a.frame(canvas.api, st);
    if (ret !== undefined) badType = 'frame returned ' + kindOf(ret) + ' at frame ' + f + ' (it must return nothing)';
    else if (st.frame !== f || st.x !== x || st.y !== y || st.buttons !== buttons || st.dt !== dt) {
      badType = 'mutated its input state at frame ' + f;
    }
    probe.measure(canvas.rgba, words, f, input.x, input.y);
    for (var t = 0; t < thumbFrames.length; t++) if (thumbFrames[t] === f) thumbs[t] = probe.thumb(words);
  }
  var r = probe.result();
  return {
    width: W,
    height: H,
    frames: n,
    bg: r.bg,
    bgCount: r.bgCount,
    samples: r.samples,
    patches: r.patches,
    hashes: r.hashes,
    thumbFrames: thumbFrames,
    thumbs: thumbs,
    // made here, so the judge never downsamples `last` (the vm stage's, from the screen, aside)
    lastThumb: badType === '' ? probe.thumb(words) : new Uint8Array(0),
    // the whole last frame, for the png read-back and the vm's display (the buffer is the
    // driver's, never the artifact's); an evaluation's judge reads only lastThumb
    last: input.lean ? new Uint8Array(0) : new Uint8Array(canvas.rgba.buffer),
    calls: canvas.stats.calls,
    ignored: canvas.stats.ignored,
    badType: badType,
  };
}

// reads each drawn frame back; part of the driver (runs in the isolate).
// per frame: the background colour (mode of random samples), luminance patches (the judge's
// 7x7 window) around the pointer's current position and, on frames that can tell lag apart,
// its previous ones, and a cheap strided hash. on request a 4x box-averaged thumbnail.

var BG_SAMPLES = 1024;
/** a patch is the judge's window around the hotspot, at (PATCH_HALF, PATCH_HALF) */
var PATCH = 7;
var PATCH_HALF = 3;
/** patches at the current position and the LAGS - 1 before it, to find a lagging cursor */
var LAGS = 4;
/** lag is looked for only where the pointer is this far (chebyshev) from its last LAGS - 1 positions */
var LAG_DISTANCE = 24;
var THUMB_FACTOR = 4;
/** a prime stride: a 640-wide frame sampled this way hits every column */
var HASH_STRIDE = 31;

/** rec. 709 luminance in 8-bit fixed point */
function lumAt(rgba, i) {
  return (54 * rgba[i] + 183 * rgba[i + 1] + 19 * rgba[i + 2]) >> 8;
}

function makeProbe(W, H, n, seed) {
  var bg = new Uint8Array(n * 3);
  var bgCount = new Uint16Array(n);
  var patches = new Uint8Array(n * LAGS * PATCH * PATCH);
  var hashes = new Uint32Array(n);
  var sample = new Int32Array(BG_SAMPLES);
  // sample positions come from the scenario (xorshift32), so an artifact cannot aim at them.
  // the state is kept as int32 so the loop stays in small integers: the index is the
  // unsigned state mod the pixel count, as before (2^32 mod it added back when negative)
  var s = (seed >>> 0) || 1;
  s |= 0;
  var area = W * H, wrap = 4294967296 % area;
  function randIndex() {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    var m = s % area;
    if (s < 0) { m += wrap; if (m < 0) m += area; }
    return m;
  }

  // one pixel word and its bytes, to read a sampled colour in memory order on any endianness
  var one32 = new Int32Array(1), one8 = new Uint8Array(one32.buffer);
  var prevBg = -1;

  function background(words, f) {
    var same = 0;
    for (var k = 0; k < BG_SAMPLES; k++) {
      var w = words[randIndex()];
      sample[k] = w;
      if (w === prevBg) same++;
    }
    // a strict majority is the mode: most frames keep last frame's background, no sort needed
    var best = prevBg, bestRun = same;
    if (same * 2 <= BG_SAMPLES) {
      sample.sort();
      var run = 0;
      bestRun = 0;
      for (var j = 0; j < BG_SAMPLES; j++) {
        run = j > 0 && sample[j] === sample[j - 1] ? run + 1 : 1;
        if (run > bestRun) { bestRun = run; best = sample[j]; }
      }
    }
    prevBg = best;
    one32[0] = best;
    bg[f * 3] = one8[0]; bg[f * 3 + 1] = one8[1]; bg[f * 3 + 2] = one8[2];
    bgCount[f] = bestRun;
    return lumAt(bg, f * 3);
  }

  function patch(rgba, f, k, cx, cy, bgLum) {
    var o = (f * LAGS + k) * PATCH * PATCH;
    for (var py = 0; py < PATCH; py++) {
      var y = cy - PATCH_HALF + py;
      for (var px = 0; px < PATCH; px++, o++) {
        var x = cx - PATCH_HALF + px;
        // off-screen reads as background: it can never count as cursor
        patches[o] = x >= 0 && x < W && y >= 0 && y < H ? lumAt(rgba, (y * W + x) * 4) : bgLum;
      }
    }
  }

  function hash(words, f) {
    // fnv-1a over 32-bit words at the same positions every frame, so equal hashes mean an unchanged sample
    var h = -2128831035;
    for (var i = 0; i < words.length; i += HASH_STRIDE) h = Math.imul(h ^ words[i], 16777619);
    hashes[f] = h >>> 0;
  }

  /** as cursor-contract.ts informativeFrames: far from each of the last LAGS - 1 positions */
  function telling(xs, ys, f) {
    if (f < LAGS - 1) return false;
    for (var k = 1; k < LAGS; k++) {
      if (Math.max(Math.abs(xs[f] - xs[f - k]), Math.abs(ys[f] - ys[f - k])) < LAG_DISTANCE) return false;
    }
    return true;
  }

  // int32 view of the frame for the sampler and the hash: an unsigned word over 2^31 would be a double
  var ints = null;

  function measure(rgba, u32, f, xs, ys) {
    if (ints === null || ints.buffer !== rgba.buffer) ints = new Int32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2);
    var bgLum = background(ints, f);
    patch(rgba, f, 0, xs[f], ys[f], bgLum);
    // the judge reads earlier positions only on telling frames; elsewhere they read as background
    var lags = telling(xs, ys, f);
    for (var k = 1; k < LAGS; k++) {
      if (lags) patch(rgba, f, k, xs[f - k], ys[f - k], bgLum);
      else patches.fill(bgLum, (f * LAGS + k) * PATCH * PATCH, (f * LAGS + k + 1) * PATCH * PATCH);
    }
    hash(ints, f);
  }

  var little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

  function thumb(words) {
    var tw = Math.floor(W / THUMB_FACTOR), th = Math.floor(H / THUMB_FACTOR);
    var out = new Uint8Array(tw * th * 4);
    var n2 = THUMB_FACTOR * THUMB_FACTOR, half = n2 >> 1, o = 0;
    for (var ty = 0; ty < th; ty++) {
      for (var tx = 0; tx < tw; tx++) {
        // two bytes per 16-bit lane: sums of 16 bytes (at most 4080) cannot carry over
        var lo = 0, hi = 0;
        for (var dy = 0; dy < THUMB_FACTOR; dy++) {
          var i = (ty * THUMB_FACTOR + dy) * W + tx * THUMB_FACTOR;
          for (var dx = 0; dx < THUMB_FACTOR; dx++, i++) {
            var w = words[i];
            lo += w & 0x00ff00ff;
            hi += (w >>> 8) & 0x00ff00ff;
          }
        }
        // sums by significance: byte 0 is memory byte 0 on little-endian, memory byte 3 on big
        var s0 = lo & 0xffff, s1 = hi & 0xffff, s2 = lo >>> 16, s3 = hi >>> 16;
        out[o++] = Math.floor(((little ? s0 : s3) + half) / n2);
        out[o++] = Math.floor(((little ? s1 : s2) + half) / n2);
        out[o++] = Math.floor(((little ? s2 : s1) + half) / n2);
        out[o++] = Math.floor(((little ? s3 : s0) + half) / n2);
      }
    }
    return out;
  }

  return {
    measure: measure,
    thumb: thumb,
    result: function () {
      return { bg: bg, bgCount: bgCount, samples: BG_SAMPLES, patches: patches, hashes: hashes };
    },
  };
}

// reads each drawn frame back; part of the driver (runs in the isolate).
// per frame: the background colour (mode of random samples), luminance patches around
// the pointer's current and previous positions, and a cheap strided hash. on request a
// 4x box-averaged thumbnail.

var BG_SAMPLES = 1024;
var PATCH = 16;
/** the hotspot sits at (PATCH_HALF, PATCH_HALF) of its patch */
var PATCH_HALF = 8;
/** patches at the current position and the LAGS - 1 before it, to find a lagging cursor */
var LAGS = 4;
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
  var sample = new Uint32Array(BG_SAMPLES);
  // sample positions come from the scenario (xorshift32), so an artifact cannot aim at them
  var s = (seed >>> 0) || 1;
  function rand() {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  }

  function background(rgba, f) {
    var px = W * H;
    for (var k = 0; k < BG_SAMPLES; k++) {
      var i = (rand() % px) * 4;
      sample[k] = (rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2];
    }
    sample.sort();
    var best = sample[0], bestRun = 0, run = 0;
    for (var j = 0; j < BG_SAMPLES; j++) {
      run = j > 0 && sample[j] === sample[j - 1] ? run + 1 : 1;
      if (run > bestRun) { bestRun = run; best = sample[j]; }
    }
    bg[f * 3] = best >> 16; bg[f * 3 + 1] = (best >> 8) & 255; bg[f * 3 + 2] = best & 255;
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

  function hash(u32, f) {
    // fnv-1a over 32-bit words, offset by the frame so no pixel is always skipped
    var h = 2166136261;
    for (var i = f % HASH_STRIDE; i < u32.length; i += HASH_STRIDE) h = Math.imul(h ^ u32[i], 16777619);
    hashes[f] = h >>> 0;
  }

  function measure(rgba, u32, f, xs, ys) {
    var bgLum = background(rgba, f);
    for (var k = 0; k < LAGS; k++) {
      var j = f - k < 0 ? 0 : f - k;
      patch(rgba, f, k, xs[j], ys[j], bgLum);
    }
    hash(u32, f);
  }

  function thumb(rgba) {
    var tw = Math.floor(W / THUMB_FACTOR), th = Math.floor(H / THUMB_FACTOR);
    var out = new Uint8Array(tw * th * 4);
    var n2 = THUMB_FACTOR * THUMB_FACTOR, half = n2 >> 1, o = 0;
    for (var ty = 0; ty < th; ty++) {
      for (var tx = 0; tx < tw; tx++) {
        var r = 0, g = 0, b = 0, a = 0;
        for (var dy = 0; dy < THUMB_FACTOR; dy++) {
          var i = ((ty * THUMB_FACTOR + dy) * W + tx * THUMB_FACTOR) * 4;
          for (var dx = 0; dx < THUMB_FACTOR; dx++, i += 4) {
            r += rgba[i]; g += rgba[i + 1]; b += rgba[i + 2]; a += rgba[i + 3];
          }
        }
        out[o++] = Math.floor((r + half) / n2); out[o++] = Math.floor((g + half) / n2);
        out[o++] = Math.floor((b + half) / n2); out[o++] = Math.floor((a + half) / n2);
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

// the drawing api handed to the artifact; part of the driver (runs in the isolate).
// the buffer lives only in this closure: the artifact reaches it through these checked
// calls, so every write is clipped here and the driver's read-back can be trusted.

/** coordinates beyond this are absurd; a line with one is ignored instead of walked */
var COORD_LIMIT = 1e6;
var TEXT_MAX_SCALE = 16;

function isNum(v) {
  return typeof v === 'number' && v === v && v !== Infinity && v !== -Infinity;
}

/** a colour channel: rounded, clamped to 0..255, NaN as 0 */
function chan(v) {
  return v >= 255 ? 255 : v > 0 ? Math.round(v) : 0;
}

function makeCanvas(W, H) {
  var rgba = new Uint8ClampedArray(W * H * 4);
  var u32 = new Uint32Array(rgba.buffer);
  var little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  var stats = { calls: 0, ignored: 0 };

  // an opaque pixel value for the u32 view, in the machine's byte order
  function pack(r, g, b) {
    if (typeof r !== 'number' || typeof g !== 'number' || typeof b !== 'number') return -1;
    r = chan(r); g = chan(g); b = chan(b);
    return little ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
  }

  function rect(x, y, w, h, v) {
    var x0 = Math.max(0, Math.floor(x)), x1 = Math.min(W, Math.floor(x + w));
    var y0 = Math.max(0, Math.floor(y)), y1 = Math.min(H, Math.floor(y + h));
    for (var row = y0; row < y1; row++) if (x1 > x0) u32.fill(v, row * W + x0, row * W + x1);
  }

  function plot(x, y, v) {
    if (x >= 0 && x < W && y >= 0 && y < H) u32[y * W + x] = v;
  }

  function clear(r, g, b) {
    stats.calls++;
    var v = pack(r, g, b);
    if (v < 0) { stats.ignored++; return; }
    u32.fill(v);
  }

  function fillRect(x, y, w, h, r, g, b) {
    stats.calls++;
    var v = pack(r, g, b);
    if (v < 0 || !isNum(x) || !isNum(y) || !isNum(w) || !isNum(h)) { stats.ignored++; return; }
    rect(x, y, w, h, v);
  }

  function setPixel(x, y, r, g, b) {
    stats.calls++;
    var v = pack(r, g, b);
    if (v < 0 || !isNum(x) || !isNum(y)) { stats.ignored++; return; }
    plot(Math.floor(x), Math.floor(y), v);
  }

  function line(x0, y0, x1, y1, r, g, b) {
    stats.calls++;
    var v = pack(r, g, b);
    if (v < 0 || !isNum(x0) || !isNum(y0) || !isNum(x1) || !isNum(y1) ||
        Math.max(Math.abs(x0), Math.abs(y0), Math.abs(x1), Math.abs(y1)) > COORD_LIMIT) { stats.ignored++; return; }
    x0 = Math.round(x0); y0 = Math.round(y0); x1 = Math.round(x1); y1 = Math.round(y1);
    // liang-barsky: clip to the screen first, so a long line costs no more than a short one
    var dx = x1 - x0, dy = y1 - y0, t0 = 0, t1 = 1;
    var p = [-dx, dx, -dy, dy], q = [x0, W - 1 - x0, y0, H - 1 - y0];
    for (var i = 0; i < 4; i++) {
      if (p[i] === 0) { if (q[i] < 0) return; continue; }
      var t = q[i] / p[i];
      if (p[i] < 0) { if (t > t1) return; if (t > t0) t0 = t; }
      else { if (t < t0) return; if (t < t1) t1 = t; }
    }
    var ax = Math.round(x0 + t0 * dx), ay = Math.round(y0 + t0 * dy);
    var bx = Math.round(x0 + t1 * dx), by = Math.round(y0 + t1 * dy);
    // bresenham; plot() bounds-checks the rounding at the clip edges
    var sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
    var ex = Math.abs(bx - ax), ey = -Math.abs(by - ay), err = ex + ey;
    for (var n = 0; n <= W + H; n++) {
      plot(ax, ay, v);
      if (ax === bx && ay === by) break;
      var e2 = 2 * err;
      if (e2 >= ey) { err += ey; ax += sx; }
      if (e2 <= ex) { err += ex; ay += sy; }
    }
  }

  function text(x, y, str, r, g, b, scale) {
    stats.calls++;
    var v = pack(r, g, b);
    if (v < 0 || !isNum(x) || !isNum(y) || typeof str !== 'string' || (scale !== undefined && !isNum(scale))) { stats.ignored++; return; }
    var s = scale === undefined ? 1 : Math.min(TEXT_MAX_SCALE, Math.max(1, Math.floor(scale)));
    var len = Math.min(str.length, TEXT_MAX_CHARS);
    x = Math.floor(x); y = Math.floor(y);
    for (var c = 0; c < len; c++) {
      var bits = glyphOf(str.charCodeAt(c));
      var gx = x + c * GLYPH_ADVANCE * s;
      if (gx >= W) break;
      for (var k = 0; k < bits.length; k++) {
        if (bits.charCodeAt(k) !== 49) continue;
        rect(gx + (k % GLYPH_W) * s, y + Math.floor(k / GLYPH_W) * s, s, s, v);
      }
    }
  }

  // an opaque black start, so an artifact that never clears still shows a real frame
  u32.fill(pack(0, 0, 0));
  var api = Object.freeze({
    width: W, height: H,
    clear: clear, fillRect: fillRect, setPixel: setPixel, line: line, text: text,
  });
  return { api: api, rgba: rgba, stats: stats };
}

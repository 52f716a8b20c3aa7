// the cursor contract in numbers, shared by the scenarios and the judge (and mirrored in
// interface.d.ts and the driver's probe.js constants).

export const WIDTH = 640;
export const HEIGHT = 480;
/** nominal frame period at 60 hz: latency in frames times this is latency_ms */
export const FRAME_MS = 1000 / 60;

/** the hotspot and cursor pixels must differ from the background's luminance by this much */
export const CONTRAST = 96;
/** cursor pixels are counted in a (2r+1)^2 window centred on the hotspot */
export const WINDOW_R = 3;
/** contrasting pixels the window must hold (the hotspot included), unless the window is clipped */
export const MIN_CURSOR_PIXELS = 6;
/** the background is the most common colour of the driver's random samples; it must be at least this share */
export const MIN_BG_SHARE = 1 / 3;

/** patch geometry, as in probe.js: a patch is the window, the hotspot at its centre */
export const PATCH = 2 * WINDOW_R + 1;
export const PATCH_HALF = WINDOW_R;
export const LAGS = 4;
export const THUMB_FACTOR = 4;

/** a frame tells lags apart only if its position is this far (chebyshev, px) from the last LAGS - 1 */
export const LAG_DISTANCE = 24;
/** every scenario carries at least this many such frames */
export const MIN_INFORMATIVE = 8;

export function luminance(r: number, g: number, b: number): number {
  return (54 * r + 183 * g + 19 * b) >> 8;
}

export function chebyshev(ax: number, ay: number, bx: number, by: number): number {
  return Math.max(Math.abs(ax - bx), Math.abs(ay - by));
}

/** near an edge part of the window is off-screen; there only the hotspot itself is required */
export function windowClipped(x: number, y: number): boolean {
  return x < WINDOW_R || y < WINDOW_R || x > WIDTH - 1 - WINDOW_R || y > HEIGHT - 1 - WINDOW_R;
}

/** frames whose pointer is far from each of its LAGS - 1 previous positions */
export function informativeFrames(xs: ArrayLike<number>, ys: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(xs.length);
  for (let f = LAGS - 1; f < xs.length; f++) {
    let far = true;
    for (let k = 1; k < LAGS && far; k++) far = chebyshev(xs[f]!, ys[f]!, xs[f - k]!, ys[f - k]!) >= LAG_DISTANCE;
    out[f] = far ? 1 : 0;
  }
  return out;
}

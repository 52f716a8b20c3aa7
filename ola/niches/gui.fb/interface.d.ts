// niche `gui.fb`: draw a gui into a 640x480 rgba framebuffer, with a cursor that follows
// a scripted pointer. the module is fresh for every scenario (60-120 frames at 60 hz).
// paths: straight sweeps (slow and up to 48 px/frame), circles, jumps across the screen,
// runs into edges and corners (the pointer is clamped to 0..639, 0..479), still periods,
// and drags (buttons held).
//
// the cursor contract, checked on every frame after frame() returns:
// - the background is the frame's most common colour, measured on 1024 random pixels
//   (secret positions); it must cover at least 1/3 of them, or the frame has no cursor.
// - the hotspot pixel (state.x, state.y) must differ in luminance from the background by
//   >= 96, luminance = (54 r + 183 g + 19 b) >> 8.
// - at least 6 pixels of the 7x7 window centred on the hotspot (hotspot included) must
//   contrast the same way; within 3 px of a screen edge only the hotspot is required.
// - latency: on frames whose pointer is >= 24 px (chebyshev) from its last 3 positions,
//   the cursor is looked for at this frame's pointer, then the 1, 2, 3 frames before;
//   the first position that passes is the lag (not found counts as 4).
//
// judged: cursor_hit_rate (frames whose hotspot passes; the headline, higher is better;
// the gate needs >= 0.95) and latency_frames (mean lag; the gate needs <= 0.25, so draw
// the cursor at THIS frame's position). also reported, not gated: widgets_detected
// (regions of one colour, >= 256 px, drawn at the same place in the first, middle and last
// frame, away from the cursor; seen on 4x box-downsampled frames, where "one colour" means
// channels within 24), layout_entropy (bits: how non-background pixels spread over an 8x6
// grid of the last frame), frame_time_ms (cpu per frame), distinct_hashes (frames that
// changed). utility = 0.7 hit rate + 0.1 / (1 + latency) + 0.1 min(1, widgets / 12)
// + 0.1 entropy / log2(48).
// identifiers the validator rejects include `frames`, `self`, `window`, `global`.

/** the drawing api; the only way to the pixels. all pixels are opaque. */
export interface Fb {
  readonly width: number; // 640
  readonly height: number; // 480
  /** colours are numbers 0..255 (rounded, clamped; NaN is 0). any argument of the wrong
   *  type, or a coordinate that is NaN or infinite, makes the call a no-op (counted). */
  clear(r: number, g: number, b: number): void;
  /** pixels floor(x)..floor(x + w) - 1 by floor(y)..floor(y + h) - 1, clipped to the screen */
  fillRect(x: number, y: number, w: number, h: number, r: number, g: number, b: number): void;
  /** the pixel (floor(x), floor(y)); off-screen is a no-op */
  setPixel(x: number, y: number, r: number, g: number, b: number): void;
  /** a 1-px line between rounded endpoints, both drawn, clipped; |coordinate| > 1e6 is a no-op */
  line(x0: number, y0: number, x1: number, y1: number, r: number, g: number, b: number): void;
  /** a 3x5 bitmap font (0-9, A-Z, a-z as A-Z, . : - / ! ? +; others blank), 4*scale px per
   *  character, top-left at (x, y); scale is an integer 1..16 (default 1); at most 256 characters */
  text(x: number, y: number, str: string, r: number, g: number, b: number, scale?: number): void;
}

/** the pointer for this frame; a fresh object each frame (do not change it) */
export interface PointerState {
  frame: number; // 0, 1, 2, ...
  x: number; // integer 0..639
  y: number; // integer 0..479
  buttons: number; // bit 0 primary, bit 1 secondary
  dt: number; // ms since the previous frame, about 16.67
}

/** draw one frame; the buffer keeps what you drew last frame (the first frame starts black).
 *  return nothing: any returned value fails the run. */
export function frame(fb: Fb, state: PointerState): void;

/** optional: called once before the first frame */
export function init(width: number, height: number): void;

// what the thumbnails say about the ui: persistent widgets and how the drawing spreads.
import { THUMB_FACTOR } from './cursor-contract.ts';

export interface Thumb {
  width: number;
  height: number;
  rgba: Uint8Array;
  /** the frame's background rgb */
  bg: readonly [number, number, number];
}

/** max channel difference that makes two colours different */
export const COLOUR_DIFF = 24;
/** a widget covers at least this many thumbnail pixels (256 full-size pixels) */
export const MIN_WIDGET_PX = 16;
/** the area around a pointer position that may hold the cursor, in full-size px (arrows hang down-right) */
const CURSOR_LO = -24;
const CURSOR_HI = 40;
export const GRID_COLS = 8;
export const GRID_ROWS = 6;

function differs(a: Uint8Array, i: number, b: ArrayLike<number>, j: number): boolean {
  return Math.abs(a[i]! - b[j]!) > COLOUR_DIFF || Math.abs(a[i + 1]! - b[j + 1]!) > COLOUR_DIFF || Math.abs(a[i + 2]! - b[j + 2]!) > COLOUR_DIFF;
}

/** thumbnail pixels that may show the cursor: near any of the given full-size positions */
export function cursorMask(width: number, height: number, positions: readonly (readonly [number, number])[]): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const [x, y] of positions) {
    const x0 = Math.max(0, Math.floor((x + CURSOR_LO) / THUMB_FACTOR)), x1 = Math.min(width - 1, Math.floor((x + CURSOR_HI) / THUMB_FACTOR));
    const y0 = Math.max(0, Math.floor((y + CURSOR_LO) / THUMB_FACTOR)), y1 = Math.min(height - 1, Math.floor((y + CURSOR_HI) / THUMB_FACTOR));
    for (let ty = y0; ty <= y1; ty++) mask.fill(1, ty * width + x0, ty * width + x1 + 1);
  }
  return mask;
}

/** non-background pixels of a thumbnail outside the mask */
function drawn(t: Thumb, mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(t.width * t.height);
  for (let p = 0; p < out.length; p++) out[p] = !mask[p] && differs(t.rgba, p * 4, t.bg, 0) ? 1 : 0;
  return out;
}

/**
 * persistent ui elements: connected regions of one colour (neighbours within COLOUR_DIFF)
 * drawn at the same place with the same colour in every thumbnail, away from the cursor.
 */
export function widgetsDetected(thumbs: readonly Thumb[], mask: Uint8Array): number {
  const last = thumbs.at(-1);
  if (!last) return 0;
  const w = last.width, h = last.height;
  const keep = drawn(last, mask);
  for (const t of thumbs.slice(0, -1)) {
    const d = drawn(t, mask);
    for (let p = 0; p < keep.length; p++) if (keep[p] && (!d[p] || differs(t.rgba, p * 4, last.rgba, p * 4))) keep[p] = 0;
  }
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  let widgets = 0;
  for (let start = 0; start < keep.length; start++) {
    if (!keep[start] || seen[start]) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    const visit = (p: number, q: number) => {
      if (seen[q] || !keep[q] || differs(last.rgba, p * 4, last.rgba, q * 4)) return;
      seen[q] = 1;
      stack.push(q);
    };
    while (stack.length > 0) {
      const p = stack.pop()!;
      size++;
      const x = p % w, y = (p - x) / w;
      if (x > 0) visit(p, p - 1);
      if (x < w - 1) visit(p, p + 1);
      if (y > 0) visit(p, p - w);
      if (y < h - 1) visit(p, p + w);
    }
    if (size >= MIN_WIDGET_PX) widgets++;
  }
  return widgets;
}

/** shannon entropy (bits) of where drawn pixels fall over a GRID_COLS x GRID_ROWS grid */
export function layoutEntropy(t: Thumb, mask: Uint8Array): number {
  const d = drawn(t, mask);
  const cells = new Array<number>(GRID_COLS * GRID_ROWS).fill(0);
  let total = 0;
  for (let p = 0; p < d.length; p++) {
    if (!d[p]) continue;
    const x = p % t.width, y = (p - x) / t.width;
    cells[Math.floor((y * GRID_ROWS) / t.height) * GRID_COLS + Math.floor((x * GRID_COLS) / t.width)]!++;
    total++;
  }
  let bits = 0;
  for (const c of cells) if (c > 0) bits -= (c / total) * Math.log2(c / total);
  return bits;
}

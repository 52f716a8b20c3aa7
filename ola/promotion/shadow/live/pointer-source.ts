// the pointer shadow mode replays where the host has none of its own: the path the dashboard
// draws, else the framebuffer loop's lissajous figure. positions are whole pixels on the
// 640x480 screen (clamped, as a real pointer is), looped to the length a round needs.
import { cursorPath, LOOP_FRAMES } from '../../../actuators/cursor-path.ts';
import type { LabTraces } from '../live.ts';

const WIDTH = 640;
const HEIGHT = 480;

export interface PointerFrames {
  x: number[];
  y: number[];
  buttons: number[];
  /** what the positions are, in words */
  what: string;
}

const clamp = (v: number, hi: number) => (Number.isFinite(v) ? Math.min(hi - 1, Math.max(0, Math.round(v))) : 0);

/** which path a round would replay, in words */
export function pointerWhat(traces: Pick<LabTraces, 'pointerPath'>): string {
  const n = traces.pointerPath().x.length;
  return n > 0 ? `the pointer path the dashboard draws (${n} frames)` : "the framebuffer loop's lissajous path (the dashboard draws no pointer path)";
}

/**
 * `frames` positions of the path, one a frame, from position `start` on, looping; the
 * lissajous stand-in takes `loop` frames a turn (the framebuffer's 40 by default)
 */
export function pointerFrames(traces: Pick<LabTraces, 'pointerPath'>, frames: number, start: number, loop = LOOP_FRAMES): PointerFrames {
  const drawn = traces.pointerPath();
  const n = Math.min(drawn.x.length, drawn.y.length);
  const path = n > 0 ? { x: drawn.x.slice(0, n), y: drawn.y.slice(0, n), buttons: drawn.buttons } : { ...cursorPath(loop), buttons: [] as number[] };
  const len = path.x.length;
  const out: PointerFrames = { x: [], y: [], buttons: [], what: pointerWhat(traces) };
  for (let i = 0; i < frames; i++) {
    const k = (start + i) % len;
    out.x.push(clamp(path.x[k]!, WIDTH));
    out.y.push(clamp(path.y[k]!, HEIGHT));
    out.buttons.push(clamp(path.buttons[k] ?? 0, 256));
  }
  return out;
}

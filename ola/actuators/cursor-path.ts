// the cursor's loop the live framebuffer draws, and shadow mode's stand-in pointer when the
// dashboard draws none: a lissajous figure over a 640x480 screen, closing on itself.

export const LOOP_FRAMES = 40;
const WIDTH = 640;
const HEIGHT = 480;

/** n positions, one a frame, the last leading back to the first */
export function cursorPath(n = LOOP_FRAMES): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    x.push(Math.round(WIDTH / 2 + 230 * Math.sin(t)));
    y.push(Math.round(HEIGHT / 2 + 170 * Math.sin(2 * t + Math.PI / 4)));
  }
  return { x, y };
}

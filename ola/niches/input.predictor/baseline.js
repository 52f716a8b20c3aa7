// input.predictor baseline: constant-velocity extrapolation from an ema-smoothed velocity.
// a click is called when the pointer slows well below the peak of a fast stroke, no button held.
const TAU_MS = 20;
/** after a gap this long the pointer was still: old velocity says nothing */
const STALE_MS = 60;
const FAST_PX_S = 300;
const SLOW_SHARE = 0.3;
const PEAK_DECAY_MS = 400;

let n = 0;
let lx = 0, ly = 0, lt = 0, held = 0;
let vx = 0, vy = 0, speed = 0, prevSpeed = 0, peak = 0;

export const method = 'ema-constant-velocity';

export function observe(x, y, t, buttons) {
  if (n > 0) {
    const dt = t - lt;
    if (dt > STALE_MS) {
      vx = 0;
      vy = 0;
    }
    if (dt > 0) {
      const a = 1 - Math.exp(-dt / TAU_MS);
      vx += a * (((x - lx) / dt) * 1000 - vx);
      vy += a * (((y - ly) / dt) * 1000 - vy);
      peak *= Math.exp(-dt / PEAK_DECAY_MS);
    }
  }
  prevSpeed = speed;
  speed = Math.hypot(vx, vy);
  // a press (or a drag) spends the stroke: wait for the next fast one
  peak = buttons ? 0 : Math.max(peak, speed);
  lx = x;
  ly = y;
  lt = t;
  held = buttons;
  n++;
}

export function predict(horizonMs) {
  const s = horizonMs / 1000;
  const slowing = held === 0 && peak > FAST_PX_S && speed < SLOW_SHARE * peak && speed <= prevSpeed;
  return { x: lx + vx * s, y: ly + vy * s, vx: vx, vy: vy, click: slowing ? 0.8 : 0.05 };
}

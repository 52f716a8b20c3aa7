// reference (kept out of every archive): a constant-velocity kalman filter per axis (state:
// position and velocity, white-noise acceleration), extrapolated over the horizon. a mouse
// is silent while still, so after a long gap the pointer is taken as having rested there.
// click: a press is called when a fast stroke has slowed to a fraction of its peak.
const Q_ACC = 2e7;
const R_PX2 = 0.5;
const STALE_MS = 100;
const FAST_PX_S = 300;
const SLOW_SHARE = 0.3;
const PEAK_DECAY_MS = 400;

let ax = null, ay = null;
let lt = 0, held = 0, dtTypical = 8;
let speed = 0, prevSpeed = 0, peak = 0;

export const method = 'kalman-constant-velocity';

function still(z) {
  return { p: z, v: 0, pp: R_PX2, pv: 0, vv: 1e4 };
}

// one axis: predict over dt seconds, then take the measurement z
function step(s, dt, z) {
  const p = s.p + dt * s.v;
  const v = s.v;
  const q = Q_ACC;
  let pp = s.pp + 2 * dt * s.pv + dt * dt * s.vv + (q * dt * dt * dt) / 3;
  let pv = s.pv + dt * s.vv + (q * dt * dt) / 2;
  let vv = s.vv + q * dt;
  const k0 = pp / (pp + R_PX2), k1 = pv / (pp + R_PX2);
  const r = z - p;
  const out = { p: p + k0 * r, v: v + k1 * r, pp: (1 - k0) * pp, pv: (1 - k0) * pv, vv: vv - k1 * pv };
  return out;
}

export function observe(x, y, t, buttons) {
  if (ax === null) {
    ax = still(x);
    ay = still(y);
  } else {
    let dt = t - lt;
    if (dt > STALE_MS) {
      // it rested where it was, and started moving about one report before this one
      ax = still(ax.p);
      ay = still(ay.p);
      dt = dtTypical;
    } else if (dt > 0) dtTypical += 0.1 * (dt - dtTypical);
    if (dt > 0) {
      ax = step(ax, dt / 1000, x);
      ay = step(ay, dt / 1000, y);
      peak *= Math.exp(-dt / PEAK_DECAY_MS);
    }
  }
  prevSpeed = speed;
  speed = Math.hypot(ax.v, ay.v);
  peak = buttons ? 0 : Math.max(peak, speed);
  lt = t;
  held = buttons;
}

export function predict(horizonMs) {
  const h = horizonMs / 1000;
  const slowing = held === 0 && peak > FAST_PX_S && speed < SLOW_SHARE * peak && speed <= prevSpeed;
  return { x: ax.p + ax.v * h, y: ay.p + ay.v * h, vx: ax.v, vy: ay.v, click: slowing ? 0.8 : 0.05 };
}

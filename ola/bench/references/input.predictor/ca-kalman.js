// reference (kept out of every archive): a constant-acceleration kalman filter per axis
// (state: position, velocity, acceleration; white-noise jerk), extrapolated over the horizon
// with its acceleration. a mouse is silent while still, so after a long gap the pointer is
// taken as having rested there. click: a press is called when a fast stroke has slowed to
// a fraction of its peak.
const Q_JERK = 3e8;
const R_PX2 = 0.5;
const STALE_MS = 100;
const FAST_PX_S = 300;
const SLOW_SHARE = 0.3;
const PEAK_DECAY_MS = 400;

let ax = null, ay = null;
let lt = 0, held = 0, dtTypical = 8;
let speed = 0, prevSpeed = 0, peak = 0;

export const method = 'kalman-constant-acceleration';

function still(z) {
  // state x = [p, v, a], covariance P as a 3x3 array in row order
  return { x: [z, 0, 0], P: [R_PX2, 0, 0, 0, 1e4, 0, 0, 0, 1e8] };
}

// one axis: predict over dt seconds, then take the measurement z of the position
function step(s, dt, z) {
  const F = [1, dt, (dt * dt) / 2, 0, 1, dt, 0, 0, 1];
  const d2 = dt * dt, d3 = d2 * dt, d4 = d3 * dt, d5 = d4 * dt;
  const Q = [d5 / 20, d4 / 8, d3 / 6, d4 / 8, d3 / 3, d2 / 2, d3 / 6, d2 / 2, dt].map((v) => v * Q_JERK);
  const x = [0, 0, 0];
  for (let i = 0; i < 3; i++) x[i] = F[3 * i] * s.x[0] + F[3 * i + 1] * s.x[1] + F[3 * i + 2] * s.x[2];
  // P = F P F' + Q
  const FP = new Array(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) FP[3 * i + j] += F[3 * i + k] * s.P[3 * k + j];
  const P = new Array(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    let v = Q[3 * i + j];
    for (let k = 0; k < 3; k++) v += FP[3 * i + k] * F[3 * j + k];
    P[3 * i + j] = v;
  }
  // measurement of the position alone: gain is P's first column over its corner plus noise
  const S = P[0] + R_PX2;
  const K = [P[0] / S, P[3] / S, P[6] / S];
  const r = z - x[0];
  const nx = [x[0] + K[0] * r, x[1] + K[1] * r, x[2] + K[2] * r];
  const nP = new Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) nP[3 * i + j] = P[3 * i + j] - K[i] * P[j];
  return { x: nx, P: nP };
}

export function observe(x, y, t, buttons) {
  if (ax === null) {
    ax = still(x);
    ay = still(y);
  } else {
    let dt = t - lt;
    if (dt > STALE_MS) {
      // it rested where it was, and started moving about one report before this one
      ax = still(ax.x[0]);
      ay = still(ay.x[0]);
      dt = dtTypical;
    } else if (dt > 0) dtTypical += 0.1 * (dt - dtTypical);
    if (dt > 0) {
      ax = step(ax, dt / 1000, x);
      ay = step(ay, dt / 1000, y);
      peak *= Math.exp(-dt / PEAK_DECAY_MS);
    }
  }
  prevSpeed = speed;
  speed = Math.hypot(ax.x[1], ay.x[1]);
  peak = buttons ? 0 : Math.max(peak, speed);
  lt = t;
  held = buttons;
}

export function predict(horizonMs) {
  const h = horizonMs / 1000;
  const slowing = held === 0 && peak > FAST_PX_S && speed < SLOW_SHARE * peak && speed <= prevSpeed;
  const at = (s) => s.x[0] + s.x[1] * h + (s.x[2] * h * h) / 2;
  const vel = (s) => s.x[1] + s.x[2] * h;
  return { x: at(ax), y: at(ay), vx: vel(ax), vy: vel(ay), click: slowing ? 0.8 : 0.05 };
}

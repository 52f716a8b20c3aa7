// the continuous pointer path: minimum-jerk strokes along cubic beziers, rests, and tremor.
// positions are px, times ms, velocities px/s; everything is analytic so truth is exact.

export interface Point {
  x: number;
  y: number;
}

/** a stroke from p0 to p3 shaped by c1, c2; a rest is a stroke whose points are all equal */
export interface Segment {
  t0: number;
  t1: number;
  move: boolean;
  p0: Point;
  c1: Point;
  c2: Point;
  p3: Point;
}

/** physiological tremor (8-12 hz) plus a slow wander, per axis */
export interface Tremor {
  amp: [number, number];
  freqHz: [number, number];
  phase: [number, number, number, number];
  wanderPx: number;
  wanderHz: number;
}

export const NO_TREMOR: Tremor = { amp: [0, 0], freqHz: [10, 10], phase: [0, 0, 0, 0], wanderPx: 0, wanderHz: 0.5 };

/** pointer state at one instant */
export interface State {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

export function lerp(a: Point, b: Point, f: number): Point {
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

export function straight(t0: number, t1: number, a: Point, b: Point): Segment {
  return { t0, t1, move: true, p0: a, c1: lerp(a, b, 1 / 3), c2: lerp(a, b, 2 / 3), p3: b };
}

export function rest(t0: number, t1: number, p: Point): Segment {
  return { t0, t1, move: false, p0: p, c1: p, c2: p, p3: p };
}

/** minimum-jerk progress and its derivative over tau in [0, 1] */
function minJerk(tau: number): [number, number] {
  const t2 = tau * tau;
  return [t2 * tau * (10 - 15 * tau + 6 * t2), 30 * t2 * (1 - tau) * (1 - tau)];
}

function bezier(s: Segment, u: number): [number, number, number, number] {
  const v = 1 - u;
  const b0 = v * v * v, b1 = 3 * v * v * u, b2 = 3 * v * u * u, b3 = u * u * u;
  const d0 = -3 * v * v, d1 = 3 * v * v - 6 * v * u, d2 = 6 * v * u - 3 * u * u, d3 = 3 * u * u;
  return [
    b0 * s.p0.x + b1 * s.c1.x + b2 * s.c2.x + b3 * s.p3.x,
    b0 * s.p0.y + b1 * s.c1.y + b2 * s.c2.y + b3 * s.p3.y,
    d0 * s.p0.x + d1 * s.c1.x + d2 * s.c2.x + d3 * s.p3.x,
    d0 * s.p0.y + d1 * s.c1.y + d2 * s.c2.y + d3 * s.p3.y,
  ];
}

/** a whole path: segments back to back from the first t0, tremor on top */
export class Trajectory {
  constructor(
    readonly segments: readonly Segment[],
    readonly tremor: Tremor = NO_TREMOR,
  ) {
    for (let i = 1; i < segments.length; i++) {
      if (segments[i]!.t0 !== segments[i - 1]!.t1) throw new Error(`segment ${i} does not start where ${i - 1} ends`);
    }
  }

  get end(): number {
    return this.segments.at(-1)?.t1 ?? 0;
  }

  /** index of the segment holding t (the last one past the end) */
  indexAt(t: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** the planned motion alone, without tremor */
  planned(t: number): State {
    const s = this.segments[this.indexAt(t)]!;
    const dur = s.t1 - s.t0;
    if (!s.move || dur <= 0) {
      const p = t >= s.t1 ? s.p3 : s.p0;
      return { x: p.x, y: p.y, vx: 0, vy: 0 };
    }
    const tau = Math.min(1, Math.max(0, (t - s.t0) / dur));
    const [u, du] = minJerk(tau);
    const [x, y, dx, dy] = bezier(s, u);
    // d/dt in px per second: d(bezier)/du * du/dtau / (duration in s)
    const k = du / (dur / 1000);
    return { x, y, vx: dx * k, vy: dy * k };
  }

  at(t: number): State {
    const p = this.planned(t);
    const m = this.tremor;
    const s = t / 1000;
    const w = [2 * Math.PI * m.freqHz[0], 2 * Math.PI * m.freqHz[1], 2 * Math.PI * m.wanderHz] as const;
    p.x += m.amp[0] * Math.sin(w[0] * s + m.phase[0]) + m.wanderPx * Math.sin(w[2] * s + m.phase[2]);
    p.y += m.amp[1] * Math.sin(w[1] * s + m.phase[1]) + m.wanderPx * Math.sin(w[2] * s * 0.77 + m.phase[3]);
    p.vx += m.amp[0] * w[0] * Math.cos(w[0] * s + m.phase[0]) + m.wanderPx * w[2] * Math.cos(w[2] * s + m.phase[2]);
    p.vy += m.amp[1] * w[1] * Math.cos(w[1] * s + m.phase[1]) + m.wanderPx * w[2] * 0.77 * Math.cos(w[2] * s * 0.77 + m.phase[3]);
    return p;
  }

  /** is the pointer in a planned stroke at t */
  moving(t: number): boolean {
    const s = this.segments[this.indexAt(t)]!;
    return s.move && t < s.t1;
  }

  /** the start of the first stroke that begins in (a, b], or undefined */
  strokeStartIn(a: number, b: number): number | undefined {
    for (let i = this.indexAt(a) + 1; i < this.segments.length; i++) {
      const s = this.segments[i]!;
      if (s.t0 > b) return undefined;
      if (s.move && s.t0 > a) return s.t0;
    }
    return undefined;
  }
}

// a seeded session of pointer use: fitts-timed strokes to targets (some curved, some
// with a corrective submovement), clicks at the end of deceleration, hovers, pauses, drags.
import type { Rng } from '../shared/rng.ts';
import { NO_TREMOR, rest, straight, Trajectory, type Point, type Segment, type Tremor } from './motion.ts';

export const KINDS = ['targets', 'curves', 'tremor', 'drags'] as const;
export type MotionKind = (typeof KINDS)[number];

export const SCREEN = { width: 1920, height: 1080, margin: 16 };
export const PRIMARY = 1;
export const SECONDARY = 2;

export interface ButtonChange {
  t: number;
  buttons: number;
}

export interface Plan {
  trajectory: Trajectory;
  /** button state changes in time order */
  buttons: ButtonChange[];
}

interface Mix {
  click: number;
  drag: number;
  curved: number;
}

const MIX: Record<MotionKind, Mix> = {
  targets: { click: 0.7, drag: 0.05, curved: 0.15 },
  curves: { click: 0.7, drag: 0.05, curved: 0.85 },
  tremor: { click: 0.65, drag: 0.05, curved: 0.3 },
  drags: { click: 0.35, drag: 0.5, curved: 0.3 },
};

function clampToScreen(p: Point): Point {
  const { width, height, margin } = SCREEN;
  return { x: Math.min(width - margin, Math.max(margin, p.x)), y: Math.min(height - margin, Math.max(margin, p.y)) };
}

function randomPoint(r: Rng): Point {
  const { width, height, margin } = SCREEN;
  return { x: r.range(margin, width - margin), y: r.range(margin, height - margin) };
}

function nextTarget(r: Rng, from: Point): Point {
  let p = randomPoint(r);
  for (let i = 0; i < 20; i++) {
    const d = Math.hypot(p.x - from.x, p.y - from.y);
    if (d >= 60 && d <= 1000) break;
    p = randomPoint(r);
  }
  return p;
}

/** a stroke, bent into an arc or an s-curve when curved */
function stroke(r: Rng, t0: number, t1: number, a: Point, b: Point, curved: boolean): Segment {
  const s = straight(t0, t1, a, b);
  if (!curved) return s;
  const dist = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const n = { x: -(b.y - a.y) / dist, y: (b.x - a.x) / dist };
  const bend = r.range(0.12, 0.4) * dist * r.pick([-1, 1]);
  const second = r.chance(0.2) ? -bend : bend;
  s.c1 = clampToScreen({ x: s.c1.x + n.x * bend, y: s.c1.y + n.y * bend });
  s.c2 = clampToScreen({ x: s.c2.x + n.x * second, y: s.c2.y + n.y * second });
  return s;
}

/** fitts' law: movement time grows with the log of distance over target width */
function fittsMs(r: Rng, dist: number): number {
  const width = r.range(12, 60);
  return (80 + 120 * Math.log2(1 + dist / width)) * r.range(0.85, 1.2);
}

/** strokes from `from` to `to` starting at t; returns the arrival time */
function approach(r: Rng, segs: Segment[], t: number, from: Point, to: Point, curved: boolean, slow = 1): number {
  const dist = Math.hypot(to.x - from.x, to.y - from.y);
  const dur = fittsMs(r, dist) * slow;
  if (dist > 150 && r.chance(0.35)) {
    // the primary stroke undershoots a little; a short corrective stroke lands it
    const f = r.range(0.86, 0.96);
    const side = r.gauss(0, 0.02 * dist) / dist;
    const mid = clampToScreen({ x: from.x + (to.x - from.x) * f - (to.y - from.y) * side, y: from.y + (to.y - from.y) * f + (to.x - from.x) * side });
    segs.push(stroke(r, t, t + dur * 0.9, from, mid, curved));
    t += dur * 0.9;
    const gap = r.range(20, 90);
    segs.push(rest(t, t + gap, mid));
    t += gap;
    const fix = r.range(130, 230);
    segs.push(straight(t, t + fix, mid, to));
    return t + fix;
  }
  segs.push(stroke(r, t, t + dur, from, to, curved));
  return t + dur;
}

/** press time relative to arrival: usually just after the pointer settles, sometimes just before */
function pressDelay(r: Rng): number {
  return Math.min(200, Math.max(-30, r.gauss(60, 45)));
}

function tremorFor(kind: MotionKind, r: Rng): Tremor {
  const phase: Tremor['phase'] = [r.range(0, 6.3), r.range(0, 6.3), r.range(0, 6.3), r.range(0, 6.3)];
  const freqHz: Tremor['freqHz'] = [r.range(8, 12), r.range(8, 12)];
  if (kind === 'tremor') return { amp: [r.range(0.4, 1.5), r.range(0.4, 1.5)], freqHz, phase, wanderPx: r.range(0.5, 2), wanderHz: r.range(0.3, 1) };
  return { ...NO_TREMOR, amp: [r.range(0.05, 0.25), r.range(0.05, 0.25)], freqHz, phase };
}

export function makePlan(kind: MotionKind, r: Rng, untilMs: number): Plan {
  const mix = MIX[kind];
  const segs: Segment[] = [];
  const buttons: ButtonChange[] = [];
  let pos = randomPoint(r);
  let t = r.range(150, 500);
  segs.push(rest(0, t, pos));
  const click = (at: number, bit: number): number => {
    const up = at + r.range(60, 140);
    buttons.push({ t: at, buttons: bit }, { t: up, buttons: 0 });
    return up;
  };
  while (t < untilMs) {
    const to = nextTarget(r, pos);
    const arrive = approach(r, segs, t, pos, to, r.chance(mix.curved));
    pos = to;
    const roll = r.next();
    if (roll < mix.drag) {
      // press on the object, hold, drag it with the button down, release on the drop site
      const down = arrive + Math.max(0, pressDelay(r));
      const go = down + r.range(100, 300);
      segs.push(rest(arrive, go, pos));
      buttons.push({ t: down, buttons: PRIMARY });
      const drop = nextTarget(r, pos);
      const land = approach(r, segs, go, pos, drop, r.chance(mix.curved), 1.25);
      pos = drop;
      const up = land + r.range(40, 200);
      buttons.push({ t: up, buttons: 0 });
      t = up + r.range(100, 600);
      segs.push(rest(land, t, pos));
    } else if (roll < mix.drag + mix.click) {
      let up = click(arrive + pressDelay(r), r.chance(0.05) ? SECONDARY : PRIMARY);
      if (r.chance(0.12)) up = click(up + r.range(50, 120), PRIMARY);
      t = up + (r.chance(0.15) ? r.range(800, 2500) : r.range(80, 600));
      segs.push(rest(arrive, t, pos));
    } else {
      // hover: look, then move on (a short stop or a long read)
      t = arrive + (r.chance(0.3) ? r.range(800, 2500) : r.range(40, 600));
      segs.push(rest(arrive, t, pos));
    }
  }
  buttons.sort((a, b) => a.t - b.t);
  return { trajectory: new Trajectory(segs, tremorFor(kind, r)), buttons };
}

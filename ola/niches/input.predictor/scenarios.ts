// input.predictor scenarios: seeded pointer sessions sampled the way devices report them,
// plus the truth a horizon after every query, which stays on the host.
import type { Scenario } from '../../core/contracts.ts';
import { rng, type Rng } from '../shared/rng.ts';
import type { State } from './motion.ts';
import { KINDS, makePlan, type MotionKind, type Plan } from './plan.ts';

export { KINDS, type MotionKind };
export const TIMINGS = ['mouse125', 'display60', 'gaming500', 'irregular'] as const;
export type Timing = (typeof TIMINGS)[number];

export const DURATION_MS = 30_000;
/** a recorded query counts as moving when the speed at either end passes this */
export const MOVING_PX_S = 20;

export interface PointerInput {
  /** event times (ms), non-decreasing */
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  /** button bitmask after each event (1 primary, 2 secondary) */
  buttons: Uint8Array;
  horizonMs: number;
  /** predict is called after every `every`-th event */
  every: number;
}

export interface PointerTruth {
  /** state at t + horizon for each query */
  x: Float64Array;
  y: Float64Array;
  vx: Float64Array;
  vy: Float64Array;
  /** 1 when a button press starts in (t, t + horizon] */
  press: Uint8Array;
  /** 0 when position and velocity are not judged: a stroke leaves rest inside the horizon, or the trace ends */
  judged: Uint8Array;
  /** 1 when the pointer is in a stroke at t or at t + horizon (for pos_error_moving_px) */
  moving: Uint8Array;
}

export type PointerScenario = Scenario<PointerInput, PointerTruth>;

/** what the truth of a trace is made from, synthetic or recorded */
export interface TruthSource {
  /** the pointer state at t, or undefined where the trace cannot say */
  at(t: number): State | undefined;
  /** a stroke starts from rest in (t, t + h]: its onset is unknowable from the past */
  blind(t: number, h: number): boolean;
  /** the pointer is in a stroke at t or at t + h; without it, speed decides */
  moving?(t: number, h: number): boolean;
  /** press start times, sorted */
  presses: number[];
}

export interface RawEvent {
  t: number;
  x: number;
  y: number;
  buttons: number;
}

/** device report times: a polling mouse, display-coalesced events, a fast mouse, a lossy link */
function deviceTimes(timing: Timing, r: Rng, until: number): number[] {
  const out: number[] = [];
  for (let t = r.range(0, 8); t < until; ) {
    out.push(t);
    if (timing === 'mouse125') t += 8 + r.gauss(0, 0.15);
    else if (timing === 'display60') t += 16.667 + r.gauss(0, 0.7);
    else if (timing === 'gaming500') t += 2 + r.gauss(0, 0.03);
    else t += Math.min(30, Math.max(3, Math.exp(r.gauss(Math.log(9), 0.3)))) + (r.chance(0.015) ? r.range(30, 90) : 0);
  }
  return out;
}

/** a device reports when its quantized position changes (a pen reports always) and on every button change */
export function sampleEvents(plan: Plan, times: number[], quantum: number, continuous: boolean): RawEvent[] {
  const q = (v: number) => Math.round(v / quantum) * quantum;
  const out: RawEvent[] = [];
  let buttons = 0;
  let b = 0;
  let lastX = NaN;
  let lastY = NaN;
  const emit = (t: number) => {
    const s = plan.trajectory.at(t);
    lastX = q(s.x);
    lastY = q(s.y);
    out.push({ t, x: lastX, y: lastY, buttons });
  };
  for (const t of times) {
    for (; b < plan.buttons.length && plan.buttons[b]!.t <= t; b++) {
      buttons = plan.buttons[b]!.buttons;
      emit(plan.buttons[b]!.t);
    }
    const s = plan.trajectory.at(t);
    if (continuous || q(s.x) !== lastX || q(s.y) !== lastY) emit(t);
  }
  return out;
}

export function pressTimes(times: ArrayLike<number>, buttons: ArrayLike<number>): number[] {
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < times.length; i++) {
    const b = buttons[i]!;
    if (b & ~prev) out.push(times[i]!);
    prev = b;
  }
  return out;
}

/** packs events into the artifact's input and computes the truth of every query */
export function build(id: string, seed: number, kind: string, heldOut: boolean, events: RawEvent[], horizonMs: number, every: number, src: TruthSource): PointerScenario {
  const n = events.length;
  const input: PointerInput = { t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), buttons: new Uint8Array(n), horizonMs, every };
  events.forEach((e, i) => {
    input.t[i] = e.t;
    input.x[i] = e.x;
    input.y[i] = e.y;
    input.buttons[i] = e.buttons;
  });
  const m = Math.floor(n / every);
  const truth: PointerTruth = {
    x: new Float64Array(m),
    y: new Float64Array(m),
    vx: new Float64Array(m),
    vy: new Float64Array(m),
    press: new Uint8Array(m),
    judged: new Uint8Array(m),
    moving: new Uint8Array(m),
  };
  let p = 0;
  for (let k = 0; k < m; k++) {
    const t = input.t[(k + 1) * every - 1]!;
    const end = t + horizonMs;
    for (; p < src.presses.length && src.presses[p]! <= t; p++);
    truth.press[k] = p < src.presses.length && src.presses[p]! <= end ? 1 : 0;
    const s = src.at(end);
    const now = src.at(t);
    if (!s || !now || src.blind(t, horizonMs)) continue;
    truth.x[k] = s.x;
    truth.y[k] = s.y;
    truth.vx[k] = s.vx;
    truth.vy[k] = s.vy;
    truth.judged[k] = 1;
    const moving = src.moving ? src.moving(t, horizonMs) : Math.hypot(s.vx, s.vy) > MOVING_PX_S || Math.hypot(now.vx, now.vy) > MOVING_PX_S;
    truth.moving[k] = moving ? 1 : 0;
  }
  return { id, seed, kind, heldOut, input, truth };
}

/** held-out ids must not carry their seed: the generator is public */
export function synthetic(seed: number, kind: MotionKind, timing: Timing, heldOut: boolean, id = `input.predictor:${kind}-${timing}:${seed}`): PointerScenario {
  const r = rng(seed);
  const horizonMs = r.int(50, 101);
  const plan = makePlan(kind, r, DURATION_MS + 2 * horizonMs + 1000);
  // a pen reports while still, with sub-pixel positions; mice report whole pixels on change
  const pen = kind === 'tremor';
  const events = sampleEvents(plan, deviceTimes(timing, r, DURATION_MS), pen ? 0.1 : 1, pen);
  const tr = plan.trajectory;
  const src: TruthSource = {
    at: (t) => tr.at(t),
    blind: (t, h) => !tr.moving(t) && tr.strokeStartIn(t, t + h) !== undefined,
    // tremor is not movement: the plan says when the hand means to move
    moving: (t, h) => tr.moving(t) || tr.moving(t + h),
    presses: plan.buttons.filter((c, i) => c.buttons & ~(plan.buttons[i - 1]?.buttons ?? 0)).map((c) => c.t),
  };
  return build(id, seed, `${kind}-${timing}`, heldOut, events, horizonMs, timing === 'gaming500' ? 4 : 1, src);
}

// clock scenarios: synthetic traces from seeds, and traces recorded from the host's clocks.
import type { Scenario } from '../../core/contracts.ts';
import { rng, type Rng } from '../shared/rng.ts';

export const KINDS = ['drift', 'jitter', 'step', 'wander'] as const;
export type ClockKind = (typeof KINDS)[number] | 'recorded';

export interface ClockInput {
  kind: Uint8Array;
  mono: Float64Array;
  wall: Float64Array;
  queries: number;
}

export interface ClockTruth {
  /** true wall time at each query */
  wall: Float64Array;
  /** queries no estimator can know: before the third sample, or a step not yet seen three times */
  unknowable: Uint8Array;
  driftPpm: number;
}

export type ClockScenario = Scenario<ClockInput, ClockTruth>;

export const DURATION_MS = 30_000;
/** sync samples needed before (and after a step) the offset counts as knowable */
export const IDENTIFIABLE_AFTER = 3;
export const QUERY_EVERY_MS = 50;

interface Profile {
  driftPpm: number;
  wanderPpm: number;
  jitterMs: number;
  outlierP: number;
  syncLo: number;
  syncHi: number;
  dropP: number;
  step: number;
}

function profile(kind: (typeof KINDS)[number], r: Rng): Profile {
  const base: Profile = {
    driftPpm: r.range(-150, 150),
    wanderPpm: 0,
    jitterMs: r.range(0.3, 1.0),
    outlierP: 0.01,
    syncLo: 500,
    syncHi: 3000,
    dropP: 0.1,
    step: 0,
  };
  if (kind === 'jitter') return { ...base, jitterMs: r.range(1.0, 2.0), outlierP: 0.05 };
  if (kind === 'step') return { ...base, step: r.pick([-1, 1]) * r.range(60, 600) };
  if (kind === 'wander') return { ...base, wanderPpm: r.pick([-1, 1]) * r.range(10, 30) };
  return base;
}

/** the first sync time from `from` on after which an estimate is knowable (see synthetic) */
function knowableFrom(times: number[], late: number[], from: number): number {
  let seen = 0, clean = 0;
  for (let i = 0; i < times.length; i++) {
    if (times[i]! < from) continue;
    seen++;
    if (late[i] === 0) clean++;
    if (seen >= IDENTIFIABLE_AFTER && clean - (seen - clean) >= 2) return times[i]!;
  }
  return Infinity;
}

/** held-out ids must not carry their seed: the generator is public */
export function synthetic(seed: number, kind: (typeof KINDS)[number], heldOut: boolean, id = `clock:${kind}:${seed}`): ClockScenario {
  const r = rng(seed);
  const p = profile(kind, r);
  const mono0 = r.range(1e6, 1e9);
  const wall0 = 1.7e12 + r.range(0, 1e11);
  const stepAt = p.step === 0 ? Infinity : r.range(8_000, 22_000);
  // wall(t) for monotonic elapsed t: drift (optionally wandering linearly) plus a step
  const wallAt = (t: number): number => {
    const d = (p.driftPpm + p.wanderPpm * (t / DURATION_MS)) * 1e-6;
    return wall0 + t * (1 + d) + (t >= stepAt ? p.step : 0);
  };
  const syncTimes: number[] = [];
  for (let t = r.range(0, 400); t < DURATION_MS; t += r.range(p.syncLo, p.syncHi)) {
    if (syncTimes.length > 0 && r.chance(p.dropP)) continue;
    syncTimes.push(t);
  }
  const late: number[] = [];
  const events: { t: number; sync: boolean; wall: number }[] = syncTimes.map((t) => {
    // a late reply reads an earlier wall time: outliers only ever pull the offset down
    const l = r.chance(p.outlierP) ? Math.min(30, -8 * Math.log(Math.max(r.next(), 1e-9))) : 0;
    late.push(l);
    return { t, sync: true, wall: wallAt(t) + r.gauss(0, p.jitterMs) - l };
  });
  for (let t = QUERY_EVERY_MS; t <= DURATION_MS; t += QUERY_EVERY_MS) events.push({ t, sync: false, wall: wallAt(t) });
  events.sort((a, b) => a.t - b.t || (a.sync ? -1 : 1));
  // unknowable: until the third sample, and from a step until the third sample after it; and
  // while late outliers are not outnumbered by two (a median then still follows them)
  const known = knowableFrom(syncTimes, late, 0);
  const seenStepAt = knowableFrom(syncTimes, late, stepAt);
  return build(id, seed, kind, heldOut, events, mono0, (t) => t < known || (t >= stepAt && t < seenStepAt), p.driftPpm);
}

/** a trace recorded on this host: pairs of (monotonic ms, wall ms) read together */
export interface Recording {
  id: string;
  mono: number[];
  wall: number[];
}

export function recorded(rec: Recording, syncEveryMs = 1000): ClockScenario {
  const t0 = rec.mono[0] ?? 0;
  const events: { t: number; sync: boolean; wall: number }[] = [];
  let nextSync = 0;
  for (let i = 0; i < rec.mono.length; i++) {
    const t = rec.mono[i]! - t0;
    const sync = t >= nextSync;
    if (sync) nextSync = t + syncEveryMs;
    events.push({ t, sync, wall: rec.wall[i]! });
  }
  const firstSync = events.filter((e) => e.sync)[IDENTIFIABLE_AFTER - 1]?.t ?? Infinity;
  const first = events[0]!;
  const last = events.at(-1)!;
  const span = last.t - first.t;
  const driftPpm = span > 0 ? ((last.wall - first.wall) / span - 1) * 1e6 : 0;
  return build(`clock:recorded:${rec.id}`, 0, 'recorded', false, events, t0, (t) => t <= firstSync, driftPpm);
}

function build(
  id: string,
  seed: number,
  kind: ClockKind,
  heldOut: boolean,
  events: { t: number; sync: boolean; wall: number }[],
  mono0: number,
  unknowableAt: (t: number) => boolean,
  driftPpm: number,
): ClockScenario {
  const n = events.length;
  const queries = events.filter((e) => !e.sync).length;
  const input: ClockInput = { kind: new Uint8Array(n), mono: new Float64Array(n), wall: new Float64Array(n), queries };
  const truth: ClockTruth = { wall: new Float64Array(queries), unknowable: new Uint8Array(queries), driftPpm };
  let q = 0;
  events.forEach((e, i) => {
    input.mono[i] = mono0 + e.t;
    if (e.sync) {
      input.kind[i] = 0;
      input.wall[i] = e.wall;
    } else {
      input.kind[i] = 1;
      input.wall[i] = NaN;
      truth.wall[q] = e.wall;
      truth.unknowable[q] = unknowableAt(e.t) ? 1 : 0;
      q++;
    }
  });
  return { id, seed, kind, heldOut, input, truth };
}

// recorded pointer traces as scenarios. the project ships none (this machine has no
// input devices); a file in <storageDir>/scenarios/input.predictor/*.json is used if present:
//   { "id": "desk-1", "horizonMs": 80, "events": [[t_ms, x, y, buttons], ...] }
// events in time order; the truth is read off the recording itself.
import { newestRecordings, recordingsDir as sharedRecordingsDir } from '../shared/recordings.ts';
import type { State } from './motion.ts';
import { build, pressTimes, type PointerScenario, type RawEvent, type TruthSource } from './scenarios.ts';

/** the newest few recordings (file names sort by time, like host-<iso>.json) */
export const MAX_RECORDINGS = 2;
export const MIN_EVENTS = 50;
/** keeps the output of one run well under the size limit */
export const MAX_EVENTS = 10_000;
/** a mouse that sends nothing for this long was still */
export const STILL_GAP_MS = 50;
const VELOCITY_HALF_WINDOW_MS = 4;
const DEFAULT_HORIZON_MS = 80;

export interface Recording {
  id: string;
  horizonMs?: number;
  events: [number, number, number, number][];
}

export function recordingsDir(storageDir: string): string {
  return sharedRecordingsDir(storageDir, 'input.predictor');
}

/** a recording or undefined: foreign or torn files are not scenarios */
export function parseRecording(raw: unknown): Recording | undefined {
  const r = raw as Recording;
  if (typeof raw !== 'object' || raw === null || typeof r.id !== 'string' || !Array.isArray(r.events)) return undefined;
  if (r.events.length < MIN_EVENTS) return undefined;
  let prev = -Infinity;
  for (const e of r.events) {
    if (!Array.isArray(e) || e.length !== 4 || !e.every((v) => typeof v === 'number' && Number.isFinite(v))) return undefined;
    if (e[0] < prev || e[3] < 0 || e[3] > 255) return undefined;
    prev = e[0];
  }
  const h = r.horizonMs;
  if (h !== undefined && (typeof h !== 'number' || !(h >= 10 && h <= 500))) return undefined;
  return { id: r.id.replace(/[^\w.-]/g, '_').slice(0, 64), horizonMs: h, events: r.events.slice(0, MAX_EVENTS) };
}

export function loadRecordings(storageDir: string): Recording[] {
  return newestRecordings(storageDir, 'input.predictor', MAX_RECORDINGS, parseRecording);
}

/** the recorded path: linear between close reports, held across a still gap */
function positionAt(ev: RawEvent[], t: number): { x: number; y: number } | undefined {
  const last = ev.at(-1)!;
  if (t > last.t || t < ev[0]!.t) return undefined;
  let lo = 0;
  let hi = ev.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ev[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  const a = ev[lo]!;
  const b = ev[lo + 1];
  if (!b || b.t - a.t > STILL_GAP_MS || b.t === a.t) return { x: a.x, y: a.y };
  const f = (t - a.t) / (b.t - a.t);
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

function stateAt(ev: RawEvent[], t: number): State | undefined {
  const w = VELOCITY_HALF_WINDOW_MS;
  const p = positionAt(ev, t);
  const a = positionAt(ev, t - w) ?? p;
  const b = positionAt(ev, t + w);
  if (!p || !a || !b) return undefined;
  return { x: p.x, y: p.y, vx: ((b.x - a.x) / (2 * w)) * 1000, vy: ((b.y - a.y) / (2 * w)) * 1000 };
}

const same = (a: { x: number; y: number } | undefined, b: { x: number; y: number } | undefined) =>
  !!a && !!b && Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5;

export function recorded(rec: Recording): PointerScenario {
  const t0 = rec.events[0]![0];
  const ev: RawEvent[] = rec.events.map(([t, x, y, buttons]) => ({ t: t - t0, x, y, buttons }));
  const src: TruthSource = {
    at: (t) => stateAt(ev, t),
    // still over the last STILL_GAP_MS, then moved by the end of the horizon
    blind: (t, h) => same(positionAt(ev, t), positionAt(ev, Math.max(0, t - STILL_GAP_MS))) && !same(positionAt(ev, t), positionAt(ev, t + h)),
    presses: pressTimes(
      ev.map((e) => e.t),
      ev.map((e) => e.buttons),
    ),
  };
  return build(`input.predictor:recorded:${rec.id}`, 0, 'recorded', false, ev, rec.horizonMs ?? DEFAULT_HORIZON_MS, 1, src);
}

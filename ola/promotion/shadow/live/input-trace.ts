// the pointer traces input.predictor's shadow can replay, best first: the host's own input
// devices (the senses sidecar mirrors them read-only into <storage>/senses/input.json), else
// recordings under <storage>/scenarios/input.predictor, else the pointer the dashboard draws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREEN } from '../../../niches/input.predictor/plan.ts';
import { loadRecordings, MIN_EVENTS, parseRecording, type Recording } from '../../../niches/input.predictor/recorded.ts';
import { feedFile } from '../../../senses/feed-names.ts';
import type { InputEvent } from '../../../senses/input-event.ts';
import type { LabTraces } from '../live.ts';
import { pointerFrames, pointerWhat } from './pointer-source.ts';

// linux input event types and codes (linux/input-event-codes.h)
const EV_SYN = 0, EV_KEY = 1, EV_REL = 2, EV_ABS = 3;
const SYN_REPORT = 0;
const AXIS_X = 0, AXIS_Y = 1;
/** BTN_LEFT, BTN_RIGHT, BTN_MIDDLE as the niche's button bits */
const BUTTON_BITS: Record<number, number> = { 0x110: 1, 0x111: 2, 0x112: 4 };
const FRAME_MS = 1000 / 60;
/** the dashboard's path as a trace: this many frames a round (10 s at 60 hz) */
const POINTER_FRAMES = 600;
/** the lissajous stand-in at a hand's pace: a turn in 4 s (the framebuffer's 40-frame turn is 2,000 px/s) */
const HAND_LOOP = 240;

export type TraceKind = 'mirror' | 'recorded' | 'pointer';

export interface LiveTrace {
  kind: TraceKind;
  recording: Recording;
  what: string;
}

interface MirrorFeed {
  available?: unknown;
  reason?: unknown;
  devices?: unknown;
  events?: unknown;
}

function readMirror(storageDir: string): MirrorFeed | undefined {
  try {
    const v = JSON.parse(readFileSync(join(storageDir, 'senses', feedFile('input')), 'utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as MirrorFeed) : undefined;
  } catch {
    return undefined; // the sidecar has not written it (or senses are off)
  }
}

const isEvent = (e: unknown): e is InputEvent => {
  const x = e as InputEvent;
  return typeof e === 'object' && e !== null && [x.t, x.type, x.code, x.value].every((v) => typeof v === 'number' && Number.isFinite(v)) && typeof x.device === 'string';
};

/**
 * one device's pointer reports, folded at each SYN_REPORT into [t, x, y, buttons]: relative
 * motion moves a pointer from the screen's centre, held on the screen as a desktop holds it
 * (the niche's 1920x1080, which the vm's tablet also spans); absolute axes as the device
 * reports them (its own units)
 */
export function pointerReports(events: InputEvent[]): [number, number, number, number][] {
  const moves = new Map<string, number>();
  for (const e of events) if ((e.type === EV_REL || e.type === EV_ABS) && (e.code === AXIS_X || e.code === AXIS_Y)) moves.set(e.device, (moves.get(e.device) ?? 0) + 1);
  const device = [...moves.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const out: [number, number, number, number][] = [];
  let x = SCREEN.width / 2, y = SCREEN.height / 2, buttons = 0, changed = false;
  const clamp = (v: number, hi: number) => Math.min(hi - 1, Math.max(0, v));
  for (const e of events) {
    if (e.device !== device) continue;
    if (e.type === EV_REL && e.code === AXIS_X) (x = clamp(x + e.value, SCREEN.width)), (changed = true);
    else if (e.type === EV_REL && e.code === AXIS_Y) (y = clamp(y + e.value, SCREEN.height)), (changed = true);
    else if (e.type === EV_ABS && e.code === AXIS_X) (x = e.value), (changed = true);
    else if (e.type === EV_ABS && e.code === AXIS_Y) (y = e.value), (changed = true);
    else if (e.type === EV_KEY && BUTTON_BITS[e.code]) {
      buttons = e.value ? buttons | BUTTON_BITS[e.code]! : buttons & ~BUTTON_BITS[e.code]!;
      changed = true;
    } else if (e.type === EV_SYN && e.code === SYN_REPORT && changed) {
      // a report older than the one before (a clock step) would break the trace's order
      if (out.length === 0 || e.t >= out.at(-1)![0]) out.push([e.t, x, y, buttons]);
      changed = false;
    }
  }
  return out;
}

/** the mirror's trace, or why the host's own devices cannot feed it */
function mirrorTrace(storageDir: string, round: number): LiveTrace | string {
  const m = readMirror(storageDir);
  if (!m) return 'this host has no input device mirrored (no senses input feed)';
  if (m.available !== true) return `this host has no input device (${typeof m.reason === 'string' ? m.reason : 'the input mirror is unavailable'})`;
  const events = Array.isArray(m.events) ? m.events.filter(isEvent) : [];
  const rec = parseRecording({ id: `mirror-${round}`, events: pointerReports(events) });
  const devices = Array.isArray(m.devices) ? m.devices.join(', ') : '';
  if (!rec) return `the host's input devices (${devices}) have sent fewer than ${MIN_EVENTS} pointer reports so far`;
  return { kind: 'mirror', recording: rec, what: `the host's input devices (${devices}), mirrored read-only: ${rec.events.length} pointer reports` };
}

/** the best trace there is now; `round` walks the recordings and the pointer path */
export function liveTrace(storageDir: string, traces: Pick<LabTraces, 'pointerPath'>, round: number): LiveTrace {
  const mirror = mirrorTrace(storageDir, round);
  if (typeof mirror !== 'string') return mirror;
  const recs = loadRecordings(storageDir);
  if (recs.length > 0) {
    const rec = recs[round % recs.length]!;
    return { kind: 'recorded', recording: rec, what: `${mirror}; recorded trace ${rec.id} of ${recs.length} under storage/scenarios/input.predictor` };
  }
  const p = pointerFrames(traces, POINTER_FRAMES, round * POINTER_FRAMES, HAND_LOOP);
  const events = p.x.map((x, i): [number, number, number, number] => [i * FRAME_MS, x, p.y[i]!, p.buttons[i]!]);
  return { kind: 'pointer', recording: { id: `pointer-${round}`, events }, what: `${mirror}, and no recorded traces: ${pointerWhat(traces)} stands in as a pointer trace` };
}

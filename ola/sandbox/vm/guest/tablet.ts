// input.predictor on the guest's tablet: the host injects the scenario's pointer reports with
// qmp input-send-event (virtio-tablet), the guest reads them back from /dev/input/event*
// (evdev), and the artifact is fed what the hardware reported, at the scenario's times.
import { openSync, readdirSync, readFileSync } from 'node:fs';
import type { DeviceHook } from '../../device-hooks.ts';
import { fromAbs, prelude, reports, same, SCREEN } from '../tablet-scale.ts';
import { EvdevReader } from './evdev.ts';

/** reports per round trip: evdev keeps 64 events per reader (ABS_X, ABS_Y, a button, SYN each) */
export const BATCH = 12;
const FRAME_TIMEOUT_MS = 30_000;

let reader: EvdevReader | undefined;

/** as root: opens the virtio tablet's event device */
export function prepareTablet(): void {
  for (const e of readdirSync('/sys/class/input').filter((d) => d.startsWith('event'))) {
    let name = '';
    try {
      name = readFileSync(`/sys/class/input/${e}/device/name`, 'utf8').trim();
    } catch {
      continue;
    }
    if (name === 'QEMU Virtio Tablet') {
      reader = new EvdevReader(openSync(`/dev/input/${e}`, 'r'));
      return;
    }
  }
  throw new Error('no virtio tablet among the input devices');
}

interface Trace {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  buttons: ArrayLike<number>;
}

export const tabletHook: DeviceHook = async (s, input) => {
  if (!reader) throw new Error('no tablet');
  const trace = input as Trace;
  const reps = reports(trace.x, trace.y, trace.buttons);
  const n = reps.length;
  // the prelude's second report always makes a frame: from it on, the guest knows the state
  const pre = prelude(reps[0]);
  await s.host('tablet', { prelude: true });
  // frames an earlier run of this job left unread come first: read on to the prelude's
  let state = await reader.nextFrame(FRAME_TIMEOUT_MS);
  for (let k = 0; k < 64 && !same(state, pre[1]!); k++) state = await reader.nextFrame(FRAME_TIMEOUT_MS);
  if (!same(state, pre[1]!)) throw new Error(`the tablet reported ${JSON.stringify(state)} for the prelude ${JSON.stringify(pre[1])}`);
  const x = new Float64Array(n), y = new Float64Array(n), buttons = new Uint8Array(n);
  for (let from = 0; from < n; from += BATCH) {
    const to = Math.min(n, from + BATCH);
    await s.host('tablet', { from, to });
    for (let i = from; i < to; i++) {
      // a report that changes nothing makes no frame: the state stands
      if (!same(reps[i]!, state)) state = await reader.nextFrame(FRAME_TIMEOUT_MS);
      x[i] = fromAbs(state.ax, SCREEN.width);
      y[i] = fromAbs(state.ay, SCREEN.height);
      buttons[i] = state.buttons;
    }
  }
  return s.drive({ ...(input as object), x, y, buttons });
};

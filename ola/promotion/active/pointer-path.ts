// the dashboard's real pointer: positions a viewer sends over the framebuffer socket, kept two
// ways. as reported (time, x, y, buttons: input.predictor's events) and one position a frame of
// 1000/60 ms (the last one in each frame, a still pointer held): the path gui.fb draws and shadow
// mode replays, handed to the lab's traces on every change.
import { FRAME_MS } from '../../niches/gui.fb/cursor-contract.ts';
import type { LabTraceLog } from '../shadow/traces.ts';

/** positions kept, both ways (10 s of frames) */
export const KEEP = 600;
/** a pause longer than this many frames is not replayed frame by frame */
const MAX_FILL = 30;
/** the pointer counts as live this long after its last report */
export const LIVE_MS = 1500;

export type PointerEvent = [t: number, x: number, y: number, buttons: number];

export class PointerPath {
  private readonly reported: PointerEvent[] = [];
  private readonly path = { x: [] as number[], y: [] as number[], buttons: [] as number[] };
  private lastFrame = -1;
  private lastAt = -Infinity;
  /** counts reports: a consumer sees whether anything came since it last looked */
  version = 0;

  constructor(
    private readonly traces: Pick<LabTraceLog, 'setPointerPath'>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** one report: whole pixels on the 640x480 framebuffer (the caller has checked them) */
  push(x: number, y: number, buttons: number): void {
    const t = this.now();
    this.reported.push([t, x, y, buttons]);
    if (this.reported.length > KEEP) this.reported.shift();
    const f = Math.floor(t / FRAME_MS);
    const p = this.path;
    if (p.x.length > 0 && f <= this.lastFrame) {
      // the newest position in a frame is the frame's
      p.x[p.x.length - 1] = x;
      p.y[p.y.length - 1] = y;
      p.buttons[p.buttons.length - 1] = buttons;
    } else {
      // the frames in between held the pointer where it was
      const held = p.x.length > 0 ? Math.min(MAX_FILL, f - this.lastFrame - 1) : 0;
      for (let i = 0; i < held; i++) (p.x.push(p.x.at(-1)!), p.y.push(p.y.at(-1)!), p.buttons.push(p.buttons.at(-1)!));
      p.x.push(x), p.y.push(y), p.buttons.push(buttons);
      const over = p.x.length - KEEP;
      if (over > 0) (p.x.splice(0, over), p.y.splice(0, over), p.buttons.splice(0, over));
    }
    this.lastFrame = f;
    this.lastAt = t;
    this.version++;
    this.traces.setPointerPath(p);
  }

  /** a viewer moved the pointer lately */
  live(): boolean {
    return this.now() - this.lastAt < LIVE_MS;
  }

  /** the last `n` frames of the path */
  frames(n: number): { x: number[]; y: number[]; buttons: number[] } {
    const p = this.path;
    return { x: p.x.slice(-n), y: p.y.slice(-n), buttons: p.buttons.slice(-n) };
  }

  /** the last `n` reports, times in ms */
  events(n: number): PointerEvent[] {
    return this.reported.slice(-n).map((e) => [...e] as PointerEvent);
  }
}

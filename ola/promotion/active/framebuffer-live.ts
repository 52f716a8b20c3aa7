// the dashboard's live framebuffer, one for every viewer: it keeps the pointer viewers send,
// decides who draws (the active gui.fb, else the best one as the built-in fallback) and how,
// draws while anyone watches, and predicts the pointer with input.predictor.
//   - nothing active and no live pointer: the fallback's pre-rendered lissajous loop is replayed
//     (`replay`; each viewer plays it, framebuffer-loop.ts).
//   - otherwise each frame is drawn now (`live`): the drawer runs over the last frames of the
//     real pointer's path, or of a slow lissajous loop when nobody points, and the last frame is
//     sent. frames are drawn at the real pointer, not the predicted one: the gui.fb contract
//     judges the cursor where the pointer is; the prediction goes to the viewer to draw.
// an activation or a rollback is seen at the next frame (or within IDLE_MS while replaying).
import { encodePng } from '../../actuators/framebuffer.ts';
import { cursorPath } from '../../actuators/cursor-path.ts';
import type { LabTraceLog } from '../shadow/traces.ts';
import { FramebufferDraw, type FramebufferDrawDeps } from './framebuffer-draw.ts';
import { PointerPath } from './pointer-path.ts';
import { PointerPredictor, WINDOW as PREDICT_WINDOW, type Prediction } from './pointer-predictor.ts';

/** frames a live draw covers (half a second of path) */
export const DRAW_FRAMES = 30;
/** at most this many live frames a second: each is a sandbox job */
const MIN_FRAME_MS = 100;
const IDLE_MS = 500;
const FAILED_MS = 500;
/** how often the pointer is predicted while it moves: a batch of reports each time */
const PREDICT_MS = 100;
/** the slow loop drawn when nobody points: a turn in 4 s */
const SLOW_LOOP = 240;
const FRAME_MS = 1000 / 60;

export type DrawState =
  | { mode: 'waiting' }
  | { mode: 'replay'; artifactId: string; source: 'fallback' }
  | { mode: 'live'; artifactId: string; source: 'active' | 'fallback'; path: 'pointer' | 'loop' };

export type LiveMessage =
  | { kind: 'state'; state: DrawState }
  | { kind: 'frame'; png: Buffer; artifactId: string; source: 'active' | 'fallback'; hitRate: number }
  | { kind: 'predicted'; prediction: Prediction };

export interface FramebufferLiveDeps extends FramebufferDrawDeps {
  traces: Pick<LabTraceLog, 'setPointerPath'>;
}

const sameState = (a: DrawState | undefined, b: DrawState) => JSON.stringify(a) === JSON.stringify(b);

export class FramebufferLive {
  readonly pointer: PointerPath;
  private readonly draw: FramebufferDraw;
  private readonly predictor: PointerPredictor;
  private readonly subs = new Set<(m: LiveMessage) => void>();
  private readonly ac = new AbortController();
  private running = false;
  private predictTimer?: NodeJS.Timeout;
  private predictBusy = false;
  private predictedAt = 0;
  private state?: DrawState;
  private readonly slow = cursorPath(SLOW_LOOP);

  constructor(d: FramebufferLiveDeps) {
    this.pointer = new PointerPath(d.traces);
    this.draw = new FramebufferDraw(d);
    this.predictor = new PointerPredictor(d.use);
  }

  /** who draws now (the active gui.fb artifact, else the best one) */
  drawer(): Promise<{ artifactId: string; source: 'active' | 'fallback' } | undefined> {
    return this.draw.drawer();
  }

  /** a viewer: gets the state now (when known) and every message after; returns its unsubscribe */
  subscribe(fn: (m: LiveMessage) => void): () => void {
    this.subs.add(fn);
    if (this.state) fn({ kind: 'state', state: this.state });
    if (!this.running) void this.run();
    this.schedulePredict();
    return () => {
      this.subs.delete(fn);
      if (this.subs.size > 0) return;
      clearTimeout(this.predictTimer);
      this.predictTimer = undefined;
      // nobody watches: what was drawn then is not news to the next viewer, even one who comes
      // while the loop still sleeps
      this.state = undefined;
    };
  }

  private emit(m: LiveMessage): void {
    for (const fn of this.subs) fn(m);
  }

  private setState(s: DrawState): void {
    if (sameState(this.state, s)) return;
    this.state = s;
    this.emit({ kind: 'state', state: s });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms).unref());
  }

  /** the slow loop's last frames up to now */
  private loopWindow(): { x: number[]; y: number[]; buttons: number[] } {
    const end = Math.floor(performance.now() / FRAME_MS);
    const out = { x: [] as number[], y: [] as number[], buttons: [] as number[] };
    for (let f = end - DRAW_FRAMES + 1; f <= end; f++) {
      const k = ((f % SLOW_LOOP) + SLOW_LOOP) % SLOW_LOOP;
      out.x.push(this.slow.x[k]!), out.y.push(this.slow.y[k]!), out.buttons.push(0);
    }
    return out;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.subs.size > 0 && !this.ac.signal.aborted) {
        const t0 = performance.now();
        // one error path: a frame that could not be drawn is skipped, and the next is tried later
        const drew = await this.frame().catch(() => false);
        await this.sleep(drew ? Math.max(0, MIN_FRAME_MS - (performance.now() - t0)) : drew === false ? FAILED_MS : IDLE_MS);
      }
    } finally {
      this.running = false;
      // nobody watched: what was drawn then is not news to the next viewer
      this.state = undefined;
    }
  }

  /** one round: true when a frame was drawn, false when drawing failed, undefined when none was due */
  private async frame(): Promise<boolean | undefined> {
    const signal = this.ac.signal;
    const drawer = await this.draw.drawer();
    const live = this.pointer.live();
    if (!drawer || (drawer.source === 'fallback' && !live)) {
      this.setState(drawer ? { mode: 'replay', artifactId: drawer.artifactId, source: 'fallback' } : { mode: 'waiting' });
      return undefined;
    }
    const path = live ? 'pointer' : 'loop';
    const drawn = await this.draw.draw(live ? this.pointer.frames(DRAW_FRAMES) : this.loopWindow(), signal);
    if (!drawn || signal.aborted) return false;
    const png = encodePng(drawn.fb);
    this.setState({ mode: 'live', artifactId: drawn.artifactId, source: drawn.source, path });
    this.emit({ kind: 'frame', png, artifactId: drawn.artifactId, source: drawn.source, hitRate: drawn.hitRate });
    return true;
  }

  /** batches never overlap: the next is scheduled when one is done */
  private schedulePredict(): void {
    if (this.predictTimer || this.predictBusy || this.subs.size === 0 || this.ac.signal.aborted) return;
    this.predictTimer = setTimeout(() => {
      this.predictTimer = undefined;
      this.predictBusy = true;
      void this.predictNow().finally(() => {
        this.predictBusy = false;
        this.schedulePredict();
      });
    }, PREDICT_MS);
    this.predictTimer.unref();
  }

  /** one batch of the pointer's reports, when some came since the last */
  private async predictNow(): Promise<void> {
    const v = this.pointer.version;
    if (v === this.predictedAt || !this.pointer.live()) return;
    this.predictedAt = v;
    const p = await this.predictor.predict(this.pointer.events(PREDICT_WINDOW), this.ac.signal).catch(() => undefined);
    if (p && !this.ac.signal.aborted) this.emit({ kind: 'predicted', prediction: p });
  }

  close(): void {
    this.ac.abort();
    clearTimeout(this.predictTimer);
    this.subs.clear();
  }
}

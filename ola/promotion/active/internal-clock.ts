// the lab's internal clock: the active clock estimator, fed the host's real clocks as sync
// samples every half second, is asked the wall time now; until one is active, the built-in
// fallback carries the last sample forward by the monotonic clock. each reading is compared
// with the host's wall clock read at the same moment.
import { recorded } from '../../niches/clock/scenarios.ts';
import { readClocks } from '../../senses/clocks.ts';
import type { ActiveUse } from './use.ts';

const SAMPLE_EVERY_MS = 500;
/** samples kept: the estimator sees the last 20 s */
const KEEP = 40;
/** how often the lab reads its internal clock while one is active (the watch needs uses) */
const READ_EVERY_MS = 250;

export interface ClockReadingView {
  source: 'active' | 'fallback';
  artifactId: string | null;
  /** the internal clock's wall time, ms since the epoch */
  wallMs: number;
  /** the host's wall clock read beside it */
  hostWallMs: number;
  errorMs: number;
  at: string;
}

export class InternalClock {
  private readonly mono: number[] = [];
  private readonly wall: number[] = [];
  private timer?: NodeJS.Timeout;
  private reader?: NodeJS.Timeout;
  private last?: ClockReadingView;
  private readonly ac = new AbortController();
  private inFlight?: Promise<ClockReadingView>;

  constructor(private readonly use: ActiveUse) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
    this.reader = setInterval(() => void this.read().catch(() => undefined), READ_EVERY_MS);
    this.reader.unref();
  }

  /** the latest reading (fresh when older than the read period, or when asked) */
  async reading(fresh = false): Promise<ClockReadingView> {
    if (!fresh && this.last && Date.now() - Date.parse(this.last.at) < READ_EVERY_MS) return this.last;
    return this.read();
  }

  private sample(): void {
    const c = readClocks();
    this.mono.push(c.monoMs);
    this.wall.push(c.wallMs);
    if (this.mono.length > KEEP) (this.mono.shift(), this.wall.shift());
  }

  private read(): Promise<ClockReadingView> {
    this.inFlight ??= this.readNow().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async readNow(): Promise<ClockReadingView> {
    const t0 = performance.now();
    const now = readClocks();
    // the samples as sync events, then one query now; the ground truth is the host's wall clock
    const rec = recorded({ id: 'internal', mono: [...this.mono, now.monoMs], wall: [...this.wall, now.wallMs] }, 0);
    const scenario = { ...rec, input: { ...rec.input, kind: rec.input.kind.map((k, i) => (i === rec.input.kind.length - 1 ? 1 : 0)) as Uint8Array, queries: 1 } };
    scenario.input.wall[scenario.input.wall.length - 1] = NaN;
    const active = await this.use.run<number>(
      'clock',
      scenario,
      (out) => {
        const est = (out as { estimates?: unknown })?.estimates;
        const v = est instanceof Float64Array ? est[0] : undefined;
        return typeof v === 'number' && Number.isFinite(v) ? { ok: true, value: v, metric: Math.abs(v - now.wallMs) } : { ok: false, reason: 'no finite estimate' };
      },
      this.ac.signal,
    );
    let reading: ClockReadingView;
    if (active) {
      reading = { source: 'active', artifactId: active.artifactId, wallMs: active.value, hostWallMs: now.wallMs, errorMs: active.metric ?? Math.abs(active.value - now.wallMs), at: new Date().toISOString() };
    } else {
      const i = this.mono.length - 1;
      const wallMs = i >= 0 ? this.wall[i]! + (now.monoMs - this.mono[i]!) : now.wallMs;
      reading = { source: 'fallback', artifactId: null, wallMs, hostWallMs: now.wallMs, errorMs: Math.abs(wallMs - now.wallMs), at: new Date().toISOString() };
      this.use.fallback('clock', (performance.now() - t0) / 1000, reading.errorMs);
    }
    this.last = reading;
    return reading;
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.reader);
    this.ac.abort();
  }
}

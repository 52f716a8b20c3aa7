// the sidecar's work: sample every interval, write each feed and the combined snapshot,
// and now and then record the host clocks. nothing here is allowed to end the loop.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic-write.ts';
import { RECORD_PERIOD_MS, recordClock } from './clock-recorder.ts';
import { FEEDS, SNAPSHOT_FILE, feedFile } from './feed-names.ts';
import { InputMirror } from './input-mirror.ts';
import { SenseSampler } from './sampler.ts';
import { errorReason } from './sense.ts';
import type { SidecarOptions } from './sidecar-options.ts';

export class SenseLoop {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private clockTimer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private readonly input: InputMirror;
  private readonly sampler: SenseSampler;
  private inFlight: Promise<void> = Promise.resolve();
  private recording: Promise<void> = Promise.resolve();
  private lastError = '';

  constructor(
    private readonly opts: SidecarOptions,
    private readonly log: (line: string) => void = (l) => process.stderr.write(`senses: ${l}\n`),
  ) {
    this.input = new InputMirror(opts.inputDir);
    this.sampler = new SenseSampler(this.input);
  }

  async start(): Promise<void> {
    await mkdir(this.opts.sensesDir, { recursive: true });
    await this.sweepTemps();
    await this.input.start();
    if (this.opts.recordClock) {
      this.record();
      this.clockTimer = setInterval(() => this.record(), RECORD_PERIOD_MS);
    }
    this.schedule(performance.now());
  }

  // a sidecar killed mid-write leaves its temp file; only one sidecar owns this folder, so clear them
  private async sweepTemps(): Promise<void> {
    try {
      const names = await readdir(this.opts.sensesDir);
      await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => rm(join(this.opts.sensesDir, n), { force: true })));
    } catch (err) {
      this.report('temp sweep', err);
    }
  }

  /** ticks sit on a fixed grid; a slow tick skips the slots it overran rather than bunching up */
  private schedule(origin: number): void {
    if (this.abort.signal.aborted) return;
    const now = performance.now();
    const interval = this.opts.intervalMs;
    const next = origin + Math.max(0, Math.ceil((now - origin) / interval)) * interval;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick().finally(() => this.schedule(origin));
    }, next - now);
  }

  async tick(): Promise<void> {
    try {
      const feeds = await this.sampler.sample();
      const seq = ++this.seq;
      const dir = this.opts.sensesDir;
      await Promise.all(FEEDS.map((name) => writeJsonAtomic(join(dir, feedFile(name)), feeds[name])));
      // the snapshot goes last so that once it shows seq n, every feed file is at least that fresh
      await writeJsonAtomic(join(dir, SNAPSHOT_FILE), { seq, ts: new Date().toISOString(), intervalMs: this.opts.intervalMs, feeds });
      this.lastError = '';
    } catch (err) {
      this.report('tick', err);
    }
  }

  private record(): void {
    this.recording = this.recording.then(async () => {
      if (this.abort.signal.aborted) return;
      try {
        await recordClock(this.opts.storageDir, { signal: this.abort.signal });
      } catch (err) {
        if (!this.abort.signal.aborted) this.report('clock recording', err);
      }
    });
  }

  /** a failure that repeats every tick is logged once, not once a second */
  private report(what: string, err: unknown): void {
    // messages name a fresh temp file each time; the errno code is what stays the same
    const key = `${what}:${(err as NodeJS.ErrnoException | undefined)?.code ?? errorReason(err)}`;
    if (key === this.lastError) return;
    this.lastError = key;
    this.log(`${what} failed: ${errorReason(err)}`);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearTimeout(this.timer);
    clearInterval(this.clockTimer);
    await this.inFlight;
    await this.recording;
    await this.input.stop();
  }
}

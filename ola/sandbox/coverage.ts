// the artifact's v8 code coverage (block granularity, through an isolate's inspector): which
// of its functions ran and how much of its source executed. the inspector is no place for
// hostile code (isolated-vm says so; a memory bomb there hangs until its time limit), so
// coverage is measured by a second run, in an isolate of its own, of a run that already
// ended cleanly, on the same input through the plain driver (no device hooks).
import ivm from 'isolated-vm';
import type { RunCoverage, RunLimits } from '../core/contracts.ts';
import { driverEntry, LOCKDOWN } from './lockdown.ts';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: { functionName: string; ranges: Range[] }[];
}

/** an inspector session that counts blocks from the isolate's start; take() resets the counts */
export class CoverageSession {
  private readonly session: ivm.InspectorSession;
  private next = 1;
  private readonly pending = new Map<number, (msg: { result?: unknown; error?: { message: string } }) => void>();

  constructor(iso: ivm.Isolate) {
    this.session = iso.createInspectorSession();
    this.session.onResponse = (id, msg) => {
      const done = this.pending.get(id);
      this.pending.delete(id);
      done?.(JSON.parse(msg) as { result?: unknown });
    };
    this.session.onNotification = () => undefined;
  }

  private send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (msg) => (msg.error ? reject(new Error(msg.error.message)) : resolve(msg.result as T)));
      this.session.dispatchProtocolMessage(JSON.stringify({ id, method, params }));
    });
  }

  private started?: Promise<void>;

  /** once per session */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.send('Profiler.enable');
      await this.send('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    })();
    return this.started;
  }

  /** the counts since the last take, for the script named `url` */
  async take(url: string, length: number): Promise<RunCoverage> {
    const { result } = await this.send<{ result: ScriptCoverage[] }>('Profiler.takePreciseCoverage');
    return summarize(result.filter((s) => s.url === url), length);
  }

  dispose(): void {
    this.session.dispose();
  }
}

/** nested ranges come after the ranges they sit in: the innermost count wins */
export function summarize(scripts: ScriptCoverage[], length: number): RunCoverage {
  const counts = new Uint32Array(length);
  let functions = 0, functionsCalled = 0;
  for (const s of scripts) {
    for (const f of s.functions) {
      const top = f.ranges[0];
      // the script's own body is not one of its functions
      if (top && !(top.startOffset === 0 && f.functionName === '')) {
        functions++;
        if (top.count > 0) functionsCalled++;
      }
      for (const r of f.ranges) counts.fill(Math.min(r.count, 0xffffffff), Math.max(0, r.startOffset), Math.min(length, r.endOffset));
    }
  }
  const bytesCovered = scripts.length ? counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0) : 0;
  return { functions, functionsCalled, bytes: length, bytesCovered, ratio: length ? bytesCovered / length : 0 };
}

/** runs of one isolate before a fresh one (contexts are reclaimed lazily) */
const RUNS_PER_ISOLATE = 64;
let held: { iso: ivm.Isolate; session: CoverageSession; memoryMb: number; runs: number } | undefined;

function coverageIsolate(memoryMb: number): NonNullable<typeof held> {
  if (held && !held.iso.isDisposed && held.memoryMb === memoryMb && held.runs < RUNS_PER_ISOLATE) {
    held.runs++;
    return held;
  }
  held?.session.dispose();
  if (held && !held.iso.isDisposed) held.iso.dispose();
  const iso = new ivm.Isolate({ memoryLimit: memoryMb, inspector: true });
  held = { iso, session: new CoverageSession(iso), memoryMb, runs: 1 };
  return held;
}

/** the artifact's coverage on one input, or undefined when the second run does not end cleanly */
export async function measureCoverage(job: { script: string; driver: string; limits: RunLimits }, input: unknown): Promise<RunCoverage | undefined> {
  const h = coverageIsolate(job.limits.memoryMb);
  let context: ivm.Context | undefined;
  try {
    await h.session.start();
    await h.session.take('artifact.js', 0);
    context = h.iso.createContextSync();
    h.iso.compileScriptSync(LOCKDOWN, { filename: 'lockdown.js' }).runSync(context);
    const entry = h.iso.compileScriptSync(driverEntry(job.driver), { filename: 'driver.js' }).runSync(context, { reference: true }) as ivm.Reference<(x: unknown) => unknown>;
    h.iso.compileScriptSync(job.script, { filename: 'artifact.js' }).runSync(context, { timeout: job.limits.wallMs });
    entry.applySync(undefined, [input], { arguments: { copy: true }, result: { copy: true }, timeout: job.limits.wallMs });
    return await h.session.take('artifact.js', job.script.length);
  } catch {
    return undefined;
  } finally {
    if (context && !h.iso.isDisposed) context.release();
  }
}

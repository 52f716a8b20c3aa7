// the child process that hosts isolates. untrusted code runs here, never in the api
// process; a catastrophic failure kills only this process.
import ivm from 'isolated-vm';
import type { RunResult } from '../core/contracts.ts';
import type { ErrorCode } from '../core/errors.ts';
import { measureCoverage } from './coverage.ts';
import { cpuTickMs, runCpuMs } from './cpu-clock.ts';
import { installedHooks, type DeviceHook } from './device-hooks.ts';
import { driverEntry, FRESH_CALL, FRESH_GLOBAL, LOCKDOWN } from './lockdown.ts';
import { CODE_CACHE_SIZE, INPUT_CACHE_SIZE, keep, Msg, type ChildInput, type ChildJob, type ChildMessage, type ParentMessage, type ShippedJob } from './protocol.ts';
import { exceedsSize } from './size.ts';
import { STARVED_TRIES, starvedWall } from './starved.ts';

const MAX_CACHED_SCRIPTS = 256;
/** released contexts are reclaimed lazily: recycle the isolate before they add up */
const RUNS_PER_ISOLATE = 64;
const RECYCLE_HEAP_BYTES = 16 * (1 << 20);

/** how coarse this host's cpu clock is (gvisor samples it in 10 ms ticks), read once at start */
const CPU_TICK_MS = cpuTickMs();

let isolate: ivm.Isolate | undefined;
let isolateMemoryMb = 0;
let isolateRuns = 0;
let lockdown: ivm.Script | undefined;
/** the isolate's one `runFresh` callback; it serves the session now running (runs never overlap) */
let freshCallback: ivm.Callback | undefined;
let current: { s: Session; job: ChildJob } | undefined;
const scripts = new Map<string, ivm.Script>();

/** an input as the host holds it: as sent, or serialized once (then only so) for every run that copies it in */
interface Held {
  value?: unknown;
  copy?: ivm.ExternalCopy;
}
const inputs = new Map<string, Held>();

/** the parent mirrors this fifo: same inserts, same capacity, same evictions */
function resolveInput(item: ChildInput): Held {
  if (item.key === undefined) return { value: item.input };
  if (item.input !== undefined) {
    const held: Held = { value: item.input };
    // an evicted copy is left to the gc: a job under way may still hold it
    keep(inputs, item.key, held, INPUT_CACHE_SIZE);
    return held;
  }
  const held = inputs.get(item.key);
  if (!held) throw new Error(`input ${item.key} is not cached in this child`);
  return held;
}

/** scripts and drivers by key: the parent mirrors this fifo, and sends each only to a child without it */
const code = new Map<string, string>();

function held(key: string, text: string | undefined): string {
  if (text !== undefined) {
    keep(code, key, text, CODE_CACHE_SIZE);
    return text;
  }
  const have = code.get(key);
  if (have === undefined) throw new Error(`${key.startsWith('a:') ? 'the script' : 'the driver'} is not cached in this child`);
  return have;
}

/** the job whole again: its script and driver from what was sent, or from what this child holds */
function unship(job: ShippedJob): ChildJob | string {
  const { driverKey, ...rest } = job;
  try {
    // the script first, then the driver: the parent's order
    const script = held(`a:${job.sha256}`, job.script);
    const driver = held(`d:${driverKey}`, job.driver);
    return { ...rest, script, driver };
  } catch (err) {
    return (err as Error).message;
  }
}

/** a fresh copy of the input for one run, from its serialized form (made on first use) */
function copyIn(held: Held): ivm.Copy<unknown> {
  if (!held.copy) {
    held.copy = new ivm.ExternalCopy(held.value);
    held.value = undefined;
  }
  return held.copy.copyInto();
}

/** the input as a value in this process (device hooks and coverage take it so) */
function valueOf(held: Held): unknown {
  return held.copy ? held.copy.copy() : held.value;
}

function freshIsolate(memoryMb: number): ivm.Isolate {
  if (isolate && !isolate.isDisposed && isolateMemoryMb === memoryMb && isolateRuns < RUNS_PER_ISOLATE) {
    isolateRuns++;
    return isolate;
  }
  if (isolate && !isolate.isDisposed) isolate.dispose();
  isolate = new ivm.Isolate({ memoryLimit: memoryMb });
  isolateMemoryMb = memoryMb;
  isolateRuns = 1;
  scripts.clear();
  lockdown = isolate.compileScriptSync(LOCKDOWN, { filename: 'lockdown.js' });
  freshCallback = new ivm.Callback((name: string, arg: unknown, keep: unknown) => {
    if (!current) throw new Error('no run is under way');
    return freshCall(current.s, current.job, name, arg, keep === true);
  });
  return isolate;
}

function compiled(iso: ivm.Isolate, key: string, code: string, filename: string): ivm.Script {
  let script = scripts.get(key);
  if (!script) {
    script = iso.compileScriptSync(code, { filename });
    if (scripts.size >= MAX_CACHED_SCRIPTS) scripts.delete(scripts.keys().next().value!);
    scripts.set(key, script);
  }
  return script;
}

function fail(code: ErrorCode, message: string): Pick<RunResult, 'ok' | 'error'> {
  return { ok: false, error: { code, message: message.slice(0, 500) } };
}

/** the driver entry (lockdown.ts driverEntry): run the driver, or make one of its device calls */
type Entry = (input: unknown, device?: string, args?: unknown[]) => unknown;

interface Session {
  iso: ivm.Isolate;
  context?: ivm.Context;
  fn?: ivm.Reference<Entry>;
  /** the host's cpu use when the run began: isolated-vm's cpuTime counts time on a core's queue too, so it grows with the load */
  cpu0: NodeJS.CpuUsage;
  t0: number;
  /** time spent inside the isolate (device runs wait on hardware in between) */
  inside: number;
  /** when the call into the isolate now running must end (fresh calls made from it end by then too) */
  callEnd?: number;
  /** the run's kept fresh context (runFresh with keep), made on first use */
  kept?: { context: ivm.Context; call: ivm.Reference<FreshCall> };
  /** the run's log lines, when they came out with its output */
  logs?: string[] | null;
}

type FreshCall = (name: string, arg: unknown) => unknown;

/** an error the isolate raised (the artifact's doing), as opposed to the hardware's */
class InIsolate extends Error {
  constructor(readonly inner: unknown) {
    super(inner instanceof Error ? inner.message : String(inner));
  }
}

function newSession(job: ChildJob): Session {
  const iso = freshIsolate(job.limits.memoryMb);
  return { iso, cpu0: process.cpuUsage(), t0: performance.now(), inside: 0 };
}

/** fills the session in place, so a failure half way still releases what was made */
function openSession(s: Session, job: ChildJob, driverKey: string): void {
  const { iso } = s;
  const artifact = compiled(iso, job.sha256, job.script, 'artifact.js');
  const entry = compiled(iso, driverKey, driverEntry(job.driver), 'driver.js');
  s.context = iso.createContextSync();
  lockdown!.runSync(s.context);
  current = { s, job };
  s.context.global.setSync(FRESH_GLOBAL, freshCallback!);
  s.fn = entry.runSync(s.context, { reference: true }) as ivm.Reference<Entry>;
  artifact.runSync(s.context, { timeout: job.limits.wallMs });
  s.inside = performance.now() - s.t0;
}

/** a context with the lockdown and the artifact loaded again, and its call into one export (lockdown.ts FRESH_CALL) */
function freshContext(iso: ivm.Isolate, job: ChildJob, timeout: number): NonNullable<Session['kept']> {
  const context = iso.createContextSync();
  try {
    lockdown!.runSync(context);
    const call = compiled(iso, 'fresh-call', FRESH_CALL, 'fresh.js').runSync(context, { reference: true }) as ivm.Reference<FreshCall>;
    compiled(iso, job.sha256, job.script, 'artifact.js').runSync(context, { timeout });
    return { context, call };
  } catch (err) {
    context.release();
    throw err;
  }
}

/**
 * the driver's `runFresh(name, arg, keep)`: one export called in another context of the same isolate (so within
 * the run's limits; the run's own timeout ends it too). without keep a new context per call; with keep one
 * context for the run, shared by every kept call and by nothing else
 */
function freshCall(s: Session, job: ChildJob, name: string, arg: unknown, keep: boolean): unknown {
  // the outer call's timeout does not reach a nested one: each gets what is left of it
  const timeout = (): number => Math.max(1, Math.round((s.callEnd ?? 0) - performance.now()));
  if (keep) {
    s.kept ??= freshContext(s.iso, job, timeout());
    return s.kept.call.applySync(undefined, [name, arg], { ...COPY, timeout: timeout() });
  }
  const c = freshContext(s.iso, job, timeout());
  try {
    return c.call.applySync(undefined, [name, arg], { ...COPY, timeout: timeout() });
  } finally {
    c.context.release();
  }
}

/** one synchronous call into the isolate, bounded by what is left of the run's wall time */
function inside<T>(s: Session, limits: ChildJob['limits'], f: (timeout: number) => T): T {
  const t = performance.now();
  const timeout = Math.max(1, Math.round(limits.wallMs - s.inside));
  s.callEnd = t + timeout;
  try {
    return f(timeout);
  } finally {
    s.inside += performance.now() - t;
  }
}

function closeSession(s: Session, job: ChildJob, scenarioId: string, outcome: Pick<RunResult, 'ok' | 'error' | 'output'>): RunResult {
  const { iso } = s;
  const used = process.cpuUsage(s.cpu0);
  const wallMs = s.inside;
  const cpuMs = runCpuMs((used.user + used.system) / 1000, wallMs, CPU_TICK_MS);
  let heapBytes = 0;
  let logs: string[] | undefined;
  if (!iso.isDisposed) {
    const heap = iso.getHeapStatisticsSync();
    heapBytes = heap.used_heap_size;
    if (heap.used_heap_size > RECYCLE_HEAP_BYTES) isolateRuns = RUNS_PER_ISOLATE;
    logs = s.logs === undefined ? readLogs(s) : (s.logs ?? undefined);
    if (current?.s === s) current = undefined;
    s.context?.release();
    s.kept?.context.release();
  }
  if (outcome.ok && exceedsSize(outcome.output, job.limits.maxOutputBytes)) outcome = fail('OLA_ERR_BAD_OUTPUT', `output exceeds ${job.limits.maxOutputBytes} bytes`);
  if (outcome.ok && cpuMs > job.limits.cpuMs) outcome = fail('OLA_ERR_SANDBOX_TIMEOUT', `cpu ${cpuMs.toFixed(1)} ms over the ${job.limits.cpuMs} ms limit`);
  return { scenarioId, ...outcome, cpuMs, wallMs, heapBytes, ...(logs ? { logs } : {}) };
}

/** the run's console lines (lockdown.ts keeps them), when it wrote any */
function readLogs(s: Session): string[] | undefined {
  if (!s.fn || s.iso.isDisposed) return undefined;
  try {
    const lines = s.fn.applySync(undefined, [undefined, '__logs'], { ...COPY, timeout: 100 }) as unknown;
    return Array.isArray(lines) && lines.length > 0 ? lines.slice(0, 21).map((l) => String(l).slice(0, 200)) : undefined;
  } catch {
    return undefined;
  }
}

const COPY = { arguments: { copy: true }, result: { copy: true } } as const;

/** a plain run, tried again with more wall time while a busy machine starves it (starved.ts) */
function runPlain(job: ChildJob, driverKey: string, id: number, index: number, scenarioId: string, input: Held): RunResult {
  let limits = job.limits;
  for (let tries = 1; ; tries++) {
    const r = runOne(limits === job.limits ? job : { ...job, limits }, driverKey, scenarioId, input);
    const wallMs = starvedWall(r, job.limits, limits.wallMs);
    if (wallMs === undefined || tries >= STARVED_TRIES) {
      if (tries > 1 && r.error) r.error.message = `${r.error.message} (try ${tries}: the machine was busy, wall limit raised to ${limits.wallMs} ms)`.slice(0, 500);
      return r;
    }
    limits = { ...limits, wallMs };
    send({ kind: Msg.Extend, id, index, wallMs });
  }
}

function runOne(job: ChildJob, driverKey: string, scenarioId: string, input: Held): RunResult {
  const s = newSession(job);
  let outcome: Pick<RunResult, 'ok' | 'error' | 'output'>;
  try {
    openSession(s, job, driverKey);
    const [output, logs] = inside(s, job.limits, (timeout) =>
      s.fn!.applySync(undefined, [copyIn(input), '__run'], { result: { copy: true }, timeout }),
    ) as [unknown, string[]?];
    s.logs = Array.isArray(logs) ? logs.slice(0, 21).map((l) => String(l).slice(0, 200)) : null;
    outcome = { ok: true, output };
  } catch (err) {
    s.inside = performance.now() - s.t0;
    outcome = classify(s.iso, err);
  }
  return closeSession(s, job, scenarioId, outcome);
}

/** a run through the guest's hardware: the hook drives the artifact and the devices in turn */
async function runOnDevice(job: ChildJob, driverKey: string, index: number, scenarioId: string, input: unknown, hook: DeviceHook, id: number): Promise<RunResult> {
  const s = newSession(job);
  let opened = false;
  let outcome: Pick<RunResult, 'ok' | 'error' | 'output'>;
  const guard = <T>(f: (timeout: number) => T): T => {
    try {
      return inside(s, job.limits, f);
    } catch (err) {
      throw new InIsolate(err);
    }
  };
  try {
    openSession(s, job, driverKey);
    opened = true;
    const output = await hook(
      {
        drive: (x) => guard((timeout) => s.fn!.applySync(undefined, [x], { ...COPY, timeout })),
        call: (name, args) =>
          guard((timeout) => s.fn!.applySync(undefined, [undefined, name, args], { ...COPY, timeout })),
        host: (op, arg) => askHost(id, index, op, arg),
      },
      input,
    );
    outcome = { ok: true, output };
  } catch (err) {
    if (!opened) s.inside = performance.now() - s.t0;
    outcome = err instanceof InIsolate || !opened ? classify(s.iso, err instanceof InIsolate ? err.inner : err) : fail('OLA_ERR_SANDBOX_CRASH', `device ${job.device}: ${(err as Error).message}`);
  }
  return closeSession(s, job, scenarioId, outcome);
}

let nextCall = 1;
const pendingCalls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

function askHost(id: number, index: number, op: string, arg: unknown): Promise<unknown> {
  const call = nextCall++;
  return new Promise((resolve, reject) => {
    pendingCalls.set(call, { resolve, reject });
    send({ kind: Msg.Device, call, id, index, op, arg });
  });
}

function classify(iso: ivm.Isolate, err: unknown): Pick<RunResult, 'ok' | 'error'> {
  const message = err instanceof Error ? err.message : String(err);
  if (iso.isDisposed || /memory limit/i.test(message)) return fail('OLA_ERR_SANDBOX_MEMORY', `memory limit: ${message}`);
  if (/timed out/i.test(message)) return fail('OLA_ERR_SANDBOX_TIMEOUT', `wall time limit: ${message}`);
  if (/could not be cloned|#<Object> could not|non-transferable|A non-transferable/i.test(message)) {
    return fail('OLA_ERR_BAD_OUTPUT', `output cannot leave the isolate: ${message}`);
  }
  return fail('OLA_ERR_ARTIFACT_THREW', message);
}

function send(msg: ChildMessage): void {
  process.send!(msg);
}

let queue: Promise<void> = Promise.resolve();

process.on('message', (raw) => {
  const msg = raw as ParentMessage;
  if (msg.kind === Msg.Shutdown) {
    // a run past its memory limit leaves the isolate disposed already
    if (isolate && !isolate.isDisposed) isolate.dispose();
    process.exit(0);
  }
  if (msg.kind === Msg.DeviceReply) {
    const p = pendingCalls.get(msg.call);
    pendingCalls.delete(msg.call);
    if (msg.ok) p?.resolve(msg.value);
    else p?.reject(new Error(msg.error ?? 'the host refused'));
  }
  if (msg.kind === Msg.Run) {
    // taken in on arrival, in order, so the code cache matches what the parent believes
    const job = unship(msg.job);
    queue = queue.then(() => (typeof job === 'string' ? refuseJob(msg.id, msg.job, job) : runJob(msg.id, job, `driver:${msg.job.driverKey}`)));
  }
});

/** a job whose code this child does not hold: every run fails, saying so (the parent's mirror was wrong) */
function refuseJob(id: number, job: ShippedJob, why: string): void {
  // its inputs are still taken in: the parent counts them as held
  for (const item of job.inputs) {
    try {
      resolveInput(item);
    } catch {
      // a key it lacks as well: nothing to take in
    }
  }
  for (let index = 0; index < job.inputs.length; index++) {
    const result: RunResult = { scenarioId: job.inputs[index]!.scenarioId, ok: false, error: { code: 'OLA_ERR_SANDBOX_CRASH', message: why }, cpuMs: 0, wallMs: 0, heapBytes: 0 };
    send({ kind: Msg.RunDone, id, index, result });
  }
  send({ kind: Msg.JobDone, id });
}

async function runJob(id: number, job: ChildJob, driverKey: string): Promise<void> {
  const hook = job.device ? installedHooks()[job.device] : undefined;
  // after a run hits a limit the rest are not run: the artifact has already failed
  // every input is taken in before any run, so the cache matches what the parent believes
  const resolved = job.inputs.map((item) => {
    try {
      return { ok: true as const, held: resolveInput(item) };
    } catch (err) {
      return { ok: false as const, message: (err as Error).message };
    }
  });
  let limitHit: RunResult['error'] | undefined;
  for (let index = 0; index < job.inputs.length; index++) {
    const item = job.inputs[index]!;
    const r = resolved[index]!;
    const skip = (code: ErrorCode, message: string): RunResult => ({ scenarioId: item.scenarioId, ok: false, error: { code, message }, cpuMs: 0, wallMs: 0, heapBytes: 0 });
    const result: RunResult = limitHit
      ? skip(limitHit.code, `not run: an earlier run hit a limit (${limitHit.code})`)
      : !r.ok
        ? skip('OLA_ERR_SANDBOX_CRASH', r.message)
        : hook
          ? await runOnDevice(job, driverKey, index, item.scenarioId, valueOf(r.held), hook, id)
          : runPlain(job, driverKey, id, index, item.scenarioId, r.held);
    // coverage: a second run of a clean one, in an inspector isolate of its own (coverage.ts)
    if (job.coverage && result.ok && r.ok) {
      const c = await measureCoverage(job, valueOf(r.held));
      if (c) result.coverage = c;
    }
    if (!limitHit && (result.error?.code === 'OLA_ERR_SANDBOX_TIMEOUT' || result.error?.code === 'OLA_ERR_SANDBOX_MEMORY')) limitHit = result.error;
    send({ kind: Msg.RunDone, id, index, result });
  }
  send({ kind: Msg.JobDone, id });
}

process.on('disconnect', () => process.exit(0));
send({ kind: Msg.Ready });

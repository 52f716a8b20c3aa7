// the child process that hosts isolates. untrusted code runs here, never in the api
// process; a catastrophic failure kills only this process.
import ivm from 'isolated-vm';
import { createHash } from 'node:crypto';
import type { RunResult } from '../core/contracts.ts';
import type { ErrorCode } from '../core/errors.ts';
import { driverEntry, LOCKDOWN } from './lockdown.ts';
import { INPUT_CACHE_SIZE, Msg, type ChildInput, type ChildJob, type ChildMessage, type ParentMessage } from './protocol.ts';
import { exceedsSize } from './size.ts';

const MAX_CACHED_SCRIPTS = 256;
/** released contexts are reclaimed lazily: recycle the isolate before they add up */
const RUNS_PER_ISOLATE = 64;
const RECYCLE_HEAP_BYTES = 16 * (1 << 20);

let isolate: ivm.Isolate | undefined;
let isolateMemoryMb = 0;
let isolateRuns = 0;
let lockdown: ivm.Script | undefined;
const scripts = new Map<string, ivm.Script>();
const inputs = new Map<string, unknown>();

/** the parent mirrors this fifo: same inserts, same capacity, same evictions */
function resolveInput(item: ChildInput): unknown {
  if (item.key === undefined) return item.input;
  if (item.input !== undefined) {
    inputs.set(item.key, item.input);
    if (inputs.size > INPUT_CACHE_SIZE) inputs.delete(inputs.keys().next().value!);
    return item.input;
  }
  if (!inputs.has(item.key)) throw new Error(`input ${item.key} is not cached in this child`);
  return inputs.get(item.key);
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

function runOne(job: ChildJob, driverKey: string, scenarioId: string, input: unknown): RunResult {
  const { limits } = job;
  const iso = freshIsolate(limits.memoryMb);
  const cpu0 = iso.cpuTime;
  const t0 = performance.now();
  let context: ivm.Context | undefined;
  let outcome: Pick<RunResult, 'ok' | 'error' | 'output'>;
  let heapBytes = 0;
  try {
    const artifact = compiled(iso, job.sha256, job.script, 'artifact.js');
    const entry = compiled(iso, driverKey, driverEntry(job.driver), 'driver.js');
    context = iso.createContextSync();
    lockdown!.runSync(context);
    const fn = entry.runSync(context, { reference: true }) as ivm.Reference<(input: unknown) => unknown>;
    artifact.runSync(context, { timeout: limits.wallMs });
    const left = Math.max(1, Math.round(limits.wallMs - (performance.now() - t0)));
    const output = fn.applySync(undefined, [input], { arguments: { copy: true }, result: { copy: true }, timeout: left });
    const heap = iso.getHeapStatisticsSync();
    heapBytes = heap.used_heap_size;
    if (heap.used_heap_size > RECYCLE_HEAP_BYTES) isolateRuns = RUNS_PER_ISOLATE;
    outcome = exceedsSize(output, limits.maxOutputBytes)
      ? fail('OLA_ERR_BAD_OUTPUT', `output exceeds ${limits.maxOutputBytes} bytes`)
      : { ok: true, output };
  } catch (err) {
    outcome = classify(iso, err);
  } finally {
    if (context && !iso.isDisposed) context.release();
  }
  const cpuMs = iso.isDisposed ? performance.now() - t0 : Number(iso.cpuTime - cpu0) / 1e6;
  const wallMs = performance.now() - t0;
  if (outcome.ok && cpuMs > limits.cpuMs) outcome = fail('OLA_ERR_SANDBOX_TIMEOUT', `cpu ${cpuMs.toFixed(1)} ms over the ${limits.cpuMs} ms limit`);
  return { scenarioId, ...outcome, cpuMs, wallMs, heapBytes };
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

process.on('message', (raw) => {
  const msg = raw as ParentMessage;
  if (msg.kind === Msg.Shutdown) {
    isolate?.dispose();
    process.exit(0);
  }
  if (msg.kind === Msg.Run) {
    const { job } = msg;
    const driverKey = `driver:${hashKey(job.driver)}`;
    // after a run hits a limit the rest are not run: the artifact has already failed
    // every input is taken in before any run, so the cache matches what the parent believes
    const resolved = job.inputs.map((item) => {
      try {
        return { ok: true as const, input: resolveInput(item) };
      } catch (err) {
        return { ok: false as const, message: (err as Error).message };
      }
    });
    let limitHit: RunResult['error'] | undefined;
    job.inputs.forEach((item, index) => {
      const r = resolved[index]!;
      const skip = (code: ErrorCode, message: string): RunResult => ({ scenarioId: item.scenarioId, ok: false, error: { code, message }, cpuMs: 0, wallMs: 0, heapBytes: 0 });
      const result: RunResult = limitHit
        ? skip(limitHit.code, `not run: an earlier run hit a limit (${limitHit.code})`)
        : r.ok
          ? runOne(job, driverKey, item.scenarioId, r.input)
          : skip('OLA_ERR_SANDBOX_CRASH', r.message);
      if (!limitHit && (result.error?.code === 'OLA_ERR_SANDBOX_TIMEOUT' || result.error?.code === 'OLA_ERR_SANDBOX_MEMORY')) limitHit = result.error;
      send({ kind: Msg.RunDone, id: msg.id, index, result });
    });
    send({ kind: Msg.JobDone, id: msg.id });
  }
});

function hashKey(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

process.on('disconnect', () => process.exit(0));
send({ kind: Msg.Ready });

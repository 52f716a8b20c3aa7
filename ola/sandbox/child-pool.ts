// a pool of sandbox host child processes (isolate hosts, or jailed ones through a launcher).
// a run past its wall limit (plus grace) kills the whole child: a timeout kills, it does not
// merely stop waiting.
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../core/contracts.ts';
import { OlaError, type ErrorCode } from '../core/errors.ts';
import { isolateHostFile } from './isolate-bundle.ts';
import { treeSched, waitedForCore, WALL_CEILING, type Sched } from './starved.ts';
import { CODE_CACHE_SIZE, firstSend, INPUT_CACHE_SIZE, Msg, type ChildInput, type ChildJob, type ChildMessage, type ParentMessage, type ShippedJob } from './protocol.ts';

const HOST = fileURLToPath(new URL('./isolate-host.ts', import.meta.url));
// the child runs typescript through tsx's loader, found from here so any cwd works
const TSX = createRequire(import.meta.url).resolve('tsx');

/** a job as callers give it: every input in full, some with a cache key */
export type PoolJob = Omit<ChildJob, 'inputs'> & { inputs: { scenarioId: string; input: unknown; cacheKey?: string }[] };

/** one started child, and how to end it for good */
export interface LaunchedChild {
  proc: ChildProcess;
  /** ends the child and everything it started */
  kill(): void;
  /** runs before a job is sent (a jail sets its cpu rlimit here); a throw kills the child */
  beforeJob?(job: PoolJob): Promise<void>;
  /** why the child died, when its launcher can tell (a cpu rlimit, a memory cgroup) */
  explain?(code: number | null, signal: NodeJS.Signals | null): { code: ErrorCode; message: string } | undefined;
  /** after exit: release what the launch took (cgroups) */
  cleanup?(): void;
}

export type Launcher = () => LaunchedChild;

export interface PoolOptions {
  size: number;
  graceMs: number;
  /** how children start; the default forks an isolate host */
  launch?: Launcher;
  /** a child runs this many jobs, then is replaced */
  jobsPerChild?: number;
  /**
   * a child that has run an artifact runs only that artifact again (its public and held-out
   * jobs, say), never another; idle that long, it is replaced by a fresh one
   */
  sameArtifact?: { idleMs: number };
  /** keep `size` children started and ready ahead of jobs */
  warm?: boolean;
}

/**
 * small heaps: v8 otherwise lets an isolate host grow past 200 MB on a big machine. the host's
 * own heap holds little (messages, results; the artifact's heap is isolated-vm's, sized per job):
 * an 8 MB young generation: 1 MB saved about 20 MB per host but cost about 11% of the pipeline's
 * lifecycles/s in a quiet interleaved run (docs/benchmarks.md).
 * --no-node-snapshot: isolated-vm needs it
 */
const HOST_FLAGS = ['--no-node-snapshot', '--max-old-space-size=128', '--max-semi-space-size=8'];

/**
 * forks isolate hosts from the bundled host (isolate-bundle.ts) kept in `dir`; if it cannot be
 * built, through the typescript loader, as before (about 15 MB more per host)
 */
export function isolateHostLauncher(dir?: string): Launcher {
  let file: string | undefined;
  let loader: string[] = [];
  return () => {
    if (file === undefined) {
      try {
        file = isolateHostFile(dir);
      } catch (err) {
        process.stderr.write(`isolate host: no bundle (${(err as Error).message.split('\n')[0]}); starting it through tsx\n`);
        file = HOST;
        loader = ['--import', TSX];
      }
    }
    const proc = fork(file, [], { execArgv: [...HOST_FLAGS, ...loader], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return { proc, kill: () => proc.kill('SIGKILL') };
  };
}

export const forkIsolateHost: Launcher = isolateHostLauncher();

interface Pending {
  id: number;
  job: PoolJob;
  results: (RunResult | undefined)[];
  resolve: (r: RunResult[]) => void;
  reject: (e: Error) => void;
  signal: AbortSignal;
  onAbort?: () => void;
  /** times a child died under it before it said ready (not the artifact's doing) */
  restarts?: number;
}

/** a job whose child dies before it is ready goes to another child, this many times */
const START_RETRIES = 2;

interface Worker {
  child: LaunchedChild;
  proc: ChildProcess;
  /** jobs finished */
  jobs: number;
  /** finished its last job; leaving */
  retired?: boolean;
  /** it said ready: a death after this may be the artifact's doing */
  isReady?: boolean;
  /** the artifact (sha256) it has run: the only one it may run again */
  owner?: string;
  idleTimer?: NodeJS.Timeout;
  ready: Promise<void>;
  busy?: Pending;
  timer?: NodeJS.Timeout;
  /** set when we killed it on purpose, with the code to blame */
  killedFor?: ErrorCode;
  /** input keys this child holds, in its eviction order */
  holds: Set<string>;
  /** script and driver keys this child holds, in its eviction order */
  code: Set<string>;
  /** stretches of wall time the run in flight was given while it waited for a core */
  stretches?: number;
}

export class ChildPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** children started over the pool's life (restarts after kills count) */
  spawned = 0;

  constructor(private readonly opts: PoolOptions) {}

  private spawn(): Worker {
    const child = (this.opts.launch ?? forkIsolateHost)();
    const proc = child.proc;
    this.spawned++;
    let markReady!: () => void;
    const w: Worker = { child, proc, jobs: 0, ready: new Promise((r) => (markReady = r)), holds: new Set(), code: new Set() };
    proc.on('message', (raw) => {
      const msg = raw as ChildMessage;
      if (msg.kind === Msg.Ready) {
        w.isReady = true;
        markReady();
      }
      else if (msg.kind === Msg.RunDone) this.onRunDone(w, msg.id, msg.index, msg.result);
      else if (msg.kind === Msg.JobDone) this.onJobDone(w, msg.id);
      else if (msg.kind === Msg.Extend) this.onExtend(w, msg.id, msg.index, msg.wallMs);
    });
    proc.on('exit', (code, signal) => this.onExit(w, code, signal));
    proc.on('error', () => undefined); // exit follows
    return w;
  }

  /** pids of the live children (for resident-memory accounting) */
  pids(): number[] {
    return this.workers.map((w) => w.proc.pid).filter((p): p is number => p !== undefined);
  }

  run(job: PoolJob, signal: AbortSignal): Promise<RunResult[]> {
    if (this.closed) return Promise.reject(new OlaError('OLA_ERR_ABORTED', 'sandbox pool is closed'));
    if (signal.aborted) return Promise.reject(new OlaError('OLA_ERR_ABORTED', 'aborted before the run'));
    return new Promise((resolve, reject) => {
      const p: Pending = { id: this.nextId++, job, results: new Array(job.inputs.length), resolve, reject, signal };
      p.onAbort = () => this.abort(p);
      signal.addEventListener('abort', p.onAbort, { once: true });
      this.queue.push(p);
      this.pump();
    });
  }

  private live(): Worker[] {
    return this.workers.filter((x) => !x.retired && !x.killedFor);
  }

  /** starts children up to the pool size, ahead of any job */
  warmUp(): void {
    while (!this.closed && this.live().length < this.opts.size) this.workers.push(this.spawn());
  }

  /** a child that may take this job: one that ran its artifact, else a fresh one */
  private pick(p: Pending): Worker | undefined {
    const idle = this.live().filter((x) => !x.busy);
    return idle.find((x) => x.owner === p.job.sha256) ?? idle.find((x) => x.owner === undefined);
  }

  private retire(w: Worker): void {
    clearTimeout(w.idleTimer);
    w.retired = true;
    w.child.kill();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const p = this.queue[0]!;
      let w = this.pick(p);
      if (!w && this.live().length < this.opts.size) {
        w = this.spawn();
        this.workers.push(w);
      }
      if (!w) {
        // every child is busy, or idle with another artifact: free one of the latter
        const other = this.live().find((x) => !x.busy && x.owner !== undefined);
        if (other) this.retire(other);
        break;
      }
      this.queue.shift();
      clearTimeout(w.idleTimer);
      w.busy = p;
      const worker = w;
      void w.ready.then(() => this.start(worker, p));
    }
    if (this.opts.warm) this.warmUp();
  }

  private async start(w: Worker, p: Pending): Promise<void> {
    if (w.busy !== p) return;
    try {
      await w.child.beforeJob?.(p.job);
    } catch {
      // an abort may have killed it meanwhile: that verdict stands
      if (w.busy === p && !w.killedFor) this.kill(w, 'OLA_ERR_SANDBOX_CRASH');
      return;
    }
    if (w.busy !== p || w.killedFor) return;
    // limits count from here: the child is ready and the job is on its way
    w.proc.send({ kind: Msg.Run, id: p.id, job: this.ship(w, p.job) } satisfies ParentMessage);
    this.arm(w, p, 0);
  }

  /** the script and driver go only to a child that does not hold them yet (then, in that order, it does) */
  private ship(w: Worker, job: PoolJob): ShippedJob {
    const { script, driver, ...rest } = job;
    const driverKey = driverKeyOf(driver);
    const withScript = firstSend(w.code, `a:${job.sha256}`, CODE_CACHE_SIZE);
    const withDriver = firstSend(w.code, `d:${driverKey}`, CODE_CACHE_SIZE);
    return { ...rest, ...(withScript ? { script } : {}), ...(withDriver ? { driver } : {}), driverKey, inputs: this.shipInputs(w, job) };
  }

  /** inputs the child already holds go as keys; the rest go whole and are remembered */
  private shipInputs(w: Worker, job: PoolJob): ChildInput[] {
    return job.inputs.map(({ scenarioId, input, cacheKey }) => {
      if (!cacheKey) return { scenarioId, input };
      return firstSend(w.holds, cacheKey, INPUT_CACHE_SIZE) ? { scenarioId, key: cacheKey, input } : { scenarioId, key: cacheKey };
    });
  }

  /**
   * one timer per run: its wall limit plus grace, then the child is killed, unless it spent the last
   * stretch waiting for a core (a busy machine) rather than working: then it gets another stretch, up to
   * WALL_CEILING times the limit. the scheduler is first read half way, so short runs never pay for it
   */
  private arm(w: Worker, p: Pending, index: number, wallMs = p.job.limits.wallMs): void {
    clearTimeout(w.timer);
    if (index >= p.job.inputs.length) return;
    const pid = w.proc.pid;
    w.stretches = 0;
    const half = Math.round(wallMs / 2);
    const stretch = wallMs - half + this.opts.graceMs;
    const end = performance.now() + p.job.limits.wallMs * WALL_CEILING + this.opts.graceMs;
    const look = (before: Sched | undefined, since: number): void => {
      w.timer = setTimeout(() => {
        const at = performance.now();
        const now = pid === undefined ? undefined : treeSched(pid);
        if (before && now && at < end && waitedForCore(before, now, at - since)) {
          w.stretches = (w.stretches ?? 0) + 1;
          return look(now, at);
        }
        this.kill(w, 'OLA_ERR_SANDBOX_TIMEOUT');
      }, stretch);
    };
    w.timer = setTimeout(() => look(pid === undefined ? undefined : treeSched(pid), performance.now()), half);
  }

  /** the child runs `index` again with more wall time (starved.ts) */
  private onExtend(w: Worker, id: number, index: number, wallMs: number): void {
    const p = w.busy;
    if (!p || p.id !== id || p.results[index] !== undefined || !(wallMs > 0)) return;
    this.arm(w, p, index, Math.min(wallMs, p.job.limits.wallMs * WALL_CEILING));
  }

  private onRunDone(w: Worker, id: number, index: number, result: RunResult): void {
    const p = w.busy;
    if (!p || p.id !== id) return;
    p.results[index] = result;
    this.arm(w, p, index + 1);
  }

  private onJobDone(w: Worker, id: number): void {
    const p = w.busy;
    if (!p || p.id !== id) return;
    clearTimeout(w.timer);
    w.busy = undefined;
    w.jobs++;
    if (this.opts.jobsPerChild !== undefined && w.jobs >= this.opts.jobsPerChild) {
      this.retire(w);
    } else if (this.opts.sameArtifact) {
      // it has run this artifact: it never runs another
      w.owner = p.job.sha256;
      w.idleTimer = setTimeout(() => !w.busy && !w.retired && this.retire(w), this.opts.sameArtifact.idleMs);
      w.idleTimer.unref();
    }
    this.settle(p);
    this.pump();
  }

  private kill(w: Worker, code: ErrorCode): void {
    w.killedFor = code;
    w.child.kill();
  }

  private abort(p: Pending): void {
    const queued = this.queue.indexOf(p);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      p.reject(new OlaError('OLA_ERR_ABORTED', 'aborted while queued'));
      return;
    }
    const w = this.workers.find((x) => x.busy === p);
    if (w) this.kill(w, 'OLA_ERR_ABORTED');
  }

  private onExit(w: Worker, exitCode: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(w.timer);
    clearTimeout(w.idleTimer);
    const at = this.workers.indexOf(w);
    if (at >= 0) this.workers.splice(at, 1);
    const why = w.killedFor ? undefined : w.child.explain?.(exitCode, signal);
    w.child.cleanup?.();
    const p = w.busy;
    if (p && !w.isReady && !w.killedFor && (p.restarts ?? 0) < START_RETRIES) {
      // it died starting up (an engine hiccup, a guest that did not restore): not the artifact's doing
      w.busy = undefined;
      p.restarts = (p.restarts ?? 0) + 1;
      this.queue.unshift(p);
    } else if (p) {
      w.busy = undefined;
      if (w.killedFor === 'OLA_ERR_ABORTED') {
        this.detach(p);
        p.reject(new OlaError('OLA_ERR_ABORTED', 'aborted; the sandbox process was killed'));
      } else {
        // the run in flight is blamed; the runs after it never ran
        const code = w.killedFor ?? why?.code ?? 'OLA_ERR_SANDBOX_CRASH';
        const first = p.results.findIndex((r) => r === undefined);
        p.job.inputs.forEach((item, i) => {
          if (p.results[i]) return;
          const inFlight = i === first;
          const message = inFlight
            ? code === 'OLA_ERR_SANDBOX_TIMEOUT'
              ? `killed after ${p.job.limits.wallMs} ms wall (+${this.opts.graceMs} ms grace)${w.stretches ? `, and ${w.stretches} more stretch(es) while it waited for a core` : ''}`
              : (why?.message ?? `the sandbox process died (${signal ?? `exit ${exitCode}`})`)
            : 'not run: the sandbox process was killed on an earlier run';
          p.results[i] = { scenarioId: item.scenarioId, ok: false, error: { code, message }, cpuMs: 0, wallMs: inFlight ? p.job.limits.wallMs : 0, heapBytes: 0 };
        });
        this.settle(p);
      }
    }
    this.pump();
  }

  private detach(p: Pending): void {
    if (p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
  }

  private settle(p: Pending): void {
    this.detach(p);
    p.resolve(p.results as RunResult[]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new OlaError('OLA_ERR_ABORTED', 'sandbox pool closed'));
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.proc.exitCode !== null || w.proc.signalCode !== null) return resolve();
            // kept referenced: a close whose children need the kill must not end with the loop empty
            const late = setTimeout(() => w.child.kill(), 2000);
            w.proc.once('exit', () => (clearTimeout(late), resolve()));
            if (w.busy || w.retired) w.child.kill();
            else w.proc.send({ kind: Msg.Shutdown } satisfies ParentMessage, () => undefined);
          }),
      ),
    );
  }
}

/** drivers are few and long: each one's key is hashed once (a map hit on a string reuses v8's cached hash) */
const driverKeys = new Map<string, string>();
function driverKeyOf(driver: string): string {
  let key = driverKeys.get(driver);
  if (key === undefined) {
    key = createHash('sha256').update(driver).digest('hex');
    if (driverKeys.size >= 64) driverKeys.delete(driverKeys.keys().next().value!);
    driverKeys.set(driver, key);
  }
  return key;
}

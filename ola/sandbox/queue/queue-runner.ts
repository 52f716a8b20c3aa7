// the lab's side of a stage run on workers: checks and spends the token here (single use is
// enforced where the result is recorded), puts the job on the queue under its run id (alone, or
// in a batch: batcher.ts), and waits for the one result. workers publish each result on this
// runner's reply channel as the run finishes; a result missed there (redis restarted) is read
// off the entry by a poll, and an entry redis no longer knows (it lost its data, or the last
// second of it under `appendfsync everysec`) is sent again from the lab's copy. a worker killed
// mid-entry leaves its lock to expire: bullmq moves the entry back to waiting and another
// worker takes it. a second result for a run id finds nobody waiting.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunResult, SandboxJob, SandboxRunner, StageProbe } from '../../core/contracts.ts';
import { ERROR_CODES, OlaError, type ErrorCode } from '../../core/errors.ts';
import type { Stage } from '../../core/vocabulary.ts';
import type { TokenGuard } from '../runner.ts';
import { BATCH_DEFAULTS, Batcher, type BatchPolicy } from './batcher.ts';
import { CANCEL_CHANNEL, connect, entryId, pack, PRIORITY, QUEUE_PREFIX, queueName, replyChannel, runId, type QueueJobData, type QueueJobResult, type QueueRun, type QueueRunResult, unpack, workerName } from './protocol.ts';

export interface QueueRunnerOptions {
  redisUrl: string;
  /** how often entries still unanswered are looked up directly (replies are lost across a redis restart) */
  pollMs?: number;
  /** several jobs to one entry (batcher.ts); `{ max: 1 }` puts every job alone */
  batch?: Partial<BatchPolicy>;
  /** wait time observed for each completed job (seconds) */
  onWait?: (stage: Stage, seconds: number) => void;
  /** an entry redis had lost was sent again */
  onResend?: (stage: Stage) => void;
}

interface Pending {
  resolve(r: RunResult[]): void;
  reject(e: Error): void;
  /** the entry holding it, once sent */
  entry?: string;
}

/** a worker's failure reason back into the lab's error (workers send `CODE: message`) */
export function failure(reason: string | undefined): OlaError {
  const m = /^(OLA_ERR_[A-Z_]+): ([\s\S]*)$/.exec(reason ?? '');
  if (m && m[1]! in ERROR_CODES) return new OlaError(m[1] as ErrorCode, m[2]!);
  return new OlaError('OLA_ERR_SANDBOX_CRASH', `the worker failed the job: ${reason ?? 'no reason given'}`);
}

function parse(text: string): QueueJobResult | undefined {
  try {
    return JSON.parse(text) as QueueJobResult;
  } catch {
    return undefined; // not a worker's reply: the poll reads the entry
  }
}

export class QueueRunner implements SandboxRunner {
  private readonly queue: Queue<QueueJobData, QueueJobResult>;
  private readonly pending = new Map<string, Pending>();
  private readonly batcher: Batcher<QueueRun>;
  /** this runner's reply channel (workers publish its results there) */
  readonly channel = replyChannel(`${workerName(hostname(), process.pid)}:${randomBytes(6).toString('hex')}`);
  private readonly subscribed: Promise<unknown>;
  private readonly poller: NodeJS.Timeout;
  /** entries added and the jobs in them, since the start (jobs / entries: the batches' mean size) */
  readonly sent = { entries: 0, jobs: 0 };
  /** entries sent again because redis had lost them */
  resent = 0;
  /** entries with a job still unanswered: what to send again if redis loses them */
  private readonly entries = new Map<string, { priority: number; runs: QueueRun[] }>();
  /** bullmq leaves clients it was handed open; [1] listens for replies */
  private readonly clients: Redis[];
  /** the queue client's last error since it was last ready (a refused password, say), for the probe */
  private lastError?: string;

  constructor(
    readonly stage: Stage,
    private readonly guard: TokenGuard,
    private readonly opts: QueueRunnerOptions,
  ) {
    this.clients = [connect(opts.redisUrl), connect(opts.redisUrl)];
    this.clients[0]!.on('error', (err: Error) => (this.lastError = err.message));
    this.clients[0]!.on('ready', () => (this.lastError = undefined));
    this.queue = new Queue(queueName(stage), { connection: this.clients[0]!, prefix: QUEUE_PREFIX });
    // errors while redis is away are retried by the client; they must not crash the lab
    this.queue.on('error', () => undefined);
    this.batcher = new Batcher({ ...BATCH_DEFAULTS, ...opts.batch }, (priority, runs) => this.send(priority, runs));
    // ioredis subscribes again after a reconnect; what was published meanwhile the poll finds
    this.clients[1]!.on('message', (_channel: string, text: string) => this.settleAll(parse(text)));
    // a refused subscribe is retried by the client on reconnect; meanwhile the poll answers
    this.subscribed = this.clients[1]!.subscribe(this.channel).catch(() => undefined);
    // one poll at a time: while redis is slow or away, the next tick waits for the last
    let polling = false;
    this.poller = setInterval(() => {
      if (polling) return;
      polling = true;
      void this.poll().finally(() => (polling = false));
    }, opts.pollMs ?? 1000);
    this.poller.unref();
  }

  async run(job: SandboxJob, outer: AbortSignal): Promise<RunResult[]> {
    const claims = await this.guard.admit(job, this.stage);
    if (outer.aborted) throw new OlaError('OLA_ERR_ABORTED', 'aborted before the run');
    // a kill of the artifact aborts it too
    const tracked = this.guard.track(job.artifactId, outer);
    const signal = tracked.signal;
    const id = runId(claims.nonce);
    const done = new Promise<RunResult[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // an abort before `await done` below must not count as an unhandled rejection
    done.catch(() => undefined);
    const onAbort = () => {
      // a job not yet sent is dropped; an entry of its own not yet taken is removed; a worker running it is told to kill it
      const entry = this.pending.get(id)?.entry;
      if (!this.batcher.drop((r) => r.runId === id)) {
        if (entry === id) void this.queue.remove(id).catch(() => undefined);
        void this.clients[0]!.publish(CANCEL_CHANNEL, id).catch(() => undefined);
      }
      this.fail(id, 'OLA_ERR_ABORTED: aborted while queued or running');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.subscribed;
      // aborted while waiting for the subscription: nothing goes on the queue
      if (this.pending.has(id)) this.batcher.push(PRIORITY[job.priority ?? 'people'], { runId: id, job: pack({ ...job, admittedAt: Date.now() }), enqueuedAt: Date.now() }, this.pending.size - 1);
      return await done;
    } finally {
      tracked.release();
      signal.removeEventListener('abort', onAbort);
      this.unwait(id);
    }
  }

  /** the run waits no more; the lab's copy of its entry goes once none of the entry's runs waits */
  private unwait(id: string): void {
    const entry = this.pending.get(id)?.entry;
    this.pending.delete(id);
    const e = entry === undefined ? undefined : this.entries.get(entry);
    if (e && !e.runs.some((r) => this.pending.get(r.runId)?.entry === entry)) this.entries.delete(entry!);
  }

  private send(priority: number, runs: QueueRun[]): void {
    const id = entryId(runs.map((r) => r.runId));
    this.sent.entries++;
    this.sent.jobs += runs.length;
    for (const r of runs) {
      const p = this.pending.get(r.runId);
      if (p) p.entry = id;
    }
    this.entries.set(id, { priority, runs });
    this.add(id, priority, runs);
  }

  /** the same entry id twice is one entry: bullmq ignores the second add */
  private add(id: string, priority: number, runs: QueueRun[]): void {
    this.queue
      .add('run', { runs, reply: this.channel }, { jobId: id, priority, attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } })
      .catch((err: Error) => runs.forEach((r) => this.fail(r.runId, `OLA_ERR_SANDBOX_CRASH: the job could not be queued (${err.message})`)));
  }

  private settleAll(r: QueueJobResult | undefined): void {
    for (const one of r?.results ?? []) this.settle(one);
  }

  private settle(r: QueueRunResult): void {
    const p = this.pending.get(r.runId);
    if (!p) return; // a duplicate result, or a run this lab is not waiting for
    this.unwait(r.runId);
    if (r.error !== undefined) return p.reject(failure(r.error));
    let runs: RunResult[];
    try {
      runs = unpack<RunResult[]>(r.runs ?? '');
      if (!Array.isArray(runs)) throw new Error('not a list of runs');
    } catch (err) {
      return p.reject(failure(`the worker returned no runs (${(err as Error).message})`));
    }
    this.opts.onWait?.(this.stage, Math.max(0, r.waitMs) / 1000);
    p.resolve(runs);
  }

  private fail(id: string, reason: string | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.unwait(id);
    p.reject(failure(reason));
  }

  /** results published while this lab's connection was down are read off their entry; an entry redis lost is sent again */
  private async poll(): Promise<void> {
    const waiting = (entry: string, runs: QueueRun[]) => runs.filter((r) => this.pending.get(r.runId)?.entry === entry);
    // the entries sent so far: one sent while this poll waits on redis is the next poll's
    for (const [entry, e] of [...this.entries]) {
      try {
        // the state first, then the entry: one read before it completed has no return value yet
        const state = await this.queue.getJobState(entry);
        // what still waits once redis has answered (a reply may have come meanwhile)
        const still = waiting(entry, e.runs);
        if (still.length === 0) continue;
        const ids = still.map((r) => r.runId);
        if (state === 'unknown') {
          // gone from redis with a job unanswered: the same id again (a worker still running it
          // answers first; the second result finds nobody waiting)
          this.resent++;
          this.opts.onResend?.(this.stage);
          this.add(entry, e.priority, still);
          continue;
        }
        if (state !== 'completed' && state !== 'failed') continue;
        const job = await Job.fromId<QueueJobData, QueueJobResult>(this.queue, entry);
        if (state === 'completed' && job?.returnvalue) this.settleAll(typeof job.returnvalue === 'string' ? (JSON.parse(job.returnvalue) as QueueJobResult) : job.returnvalue);
        else if (state === 'failed' && job) for (const id of ids) this.fail(id, job.failedReason);
      } catch {
        // redis away: the next poll asks again
      }
    }
  }

  /** entries by state, for /metrics (a batch is one entry) */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
  }

  /** entries the lab keeps a copy of (a job of theirs is unanswered), to send again if redis loses them */
  get kept(): number {
    return this.entries.size;
  }

  /** jobs held in the lab for a batch, not on the queue yet */
  get held(): number {
    return this.batcher.size;
  }

  /** the workers taking this stage's jobs (their bullmq client names: host:pid) */
  async workers(): Promise<string[]> {
    const clients = await this.queue.getWorkers();
    // bullmq names a worker's client `<prefix>:<base64 queue>:w:<name>`
    return clients.map((c) => {
      const raw = String((c as Record<string, unknown>).rawname ?? '');
      const at = raw.indexOf(':w:');
      return at < 0 ? 'unnamed' : raw.slice(at + 3);
    });
  }

  async probe(): Promise<StageProbe> {
    try {
      const workers = await Promise.race([this.workers(), new Promise<never>((_, no) => setTimeout(() => no(new Error('redis did not answer in 2 s')), 2000).unref())]);
      const detail = { queue: queueName(this.stage), workers: workers.length, hosts: workers.join(','), lab: hostname() };
      if (workers.length === 0) return { available: false, reason: `no worker takes ${this.stage} jobs (start one: ola worker --redis URL --stages ${this.stage})`, detail };
      return { available: true, detail };
    } catch (err) {
      const said = this.lastError === undefined ? '' : ` (redis: ${this.lastError})`;
      return { available: false, reason: `the job queue is unreachable: ${(err as Error).message}${said}` };
    }
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    this.batcher.clear();
    this.entries.clear();
    for (const [id] of this.pending) this.fail(id, 'OLA_ERR_ABORTED: the lab is closing');
    await this.queue.close();
    for (const c of this.clients) c.disconnect();
  }
}

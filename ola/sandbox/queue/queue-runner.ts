// the lab's side of a stage run on workers: checks and spends the token here (single use is
// enforced where the result is recorded), enqueues the job under its run id, and waits for the
// one result. a worker killed mid-job leaves its lock to expire: bullmq moves the job back to
// waiting and another worker takes it. a second completion of the same run id finds nobody waiting.
import { hostname } from 'node:os';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunResult, SandboxJob, SandboxRunner, StageProbe } from '../../core/contracts.ts';
import { ERROR_CODES, OlaError, type ErrorCode } from '../../core/errors.ts';
import type { Stage } from '../../core/vocabulary.ts';
import type { TokenGuard } from '../runner.ts';
import { CANCEL_CHANNEL, connect, pack, PRIORITY, QUEUE_PREFIX, queueName, runId, type QueueJobData, type QueueJobResult, unpack } from './protocol.ts';

export interface QueueRunnerOptions {
  redisUrl: string;
  /** how often jobs still waiting are looked up directly (events can be missed across a redis restart) */
  pollMs?: number;
  /** wait time observed for each completed job (seconds) */
  onWait?: (stage: Stage, seconds: number) => void;
}

interface Pending {
  resolve(r: RunResult[]): void;
  reject(e: Error): void;
}

/** a worker's failure reason back into the lab's error (workers send `CODE: message`) */
export function failure(reason: string | undefined): OlaError {
  const m = /^(OLA_ERR_[A-Z_]+): ([\s\S]*)$/.exec(reason ?? '');
  if (m && m[1]! in ERROR_CODES) return new OlaError(m[1] as ErrorCode, m[2]!);
  return new OlaError('OLA_ERR_SANDBOX_CRASH', `the worker failed the job: ${reason ?? 'no reason given'}`);
}

export class QueueRunner implements SandboxRunner {
  private readonly queue: Queue<QueueJobData, QueueJobResult>;
  private readonly events: QueueEvents;
  private readonly pending = new Map<string, Pending>();
  private readonly poller: NodeJS.Timeout;
  /** bullmq leaves clients it was handed open */
  private readonly clients: Redis[];

  constructor(
    readonly stage: Stage,
    private readonly guard: TokenGuard,
    private readonly opts: QueueRunnerOptions,
  ) {
    this.clients = [connect(opts.redisUrl), connect(opts.redisUrl)];
    this.queue = new Queue(queueName(stage), { connection: this.clients[0]!, prefix: QUEUE_PREFIX });
    this.events = new QueueEvents(queueName(stage), { connection: this.clients[1]!, prefix: QUEUE_PREFIX });
    // errors while redis is away are retried by the client; they must not crash the lab
    this.queue.on('error', () => undefined);
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue as unknown as QueueJobResult));
    this.events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    this.poller = setInterval(() => void this.poll(), opts.pollMs ?? 1000);
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
    const onAbort = () => {
      // a job not yet taken is removed; the worker running one is told to kill it
      void this.queue.remove(id).catch(() => undefined);
      void this.clients[0]!.publish(CANCEL_CHANNEL, id).catch(() => undefined);
      this.fail(id, 'OLA_ERR_ABORTED: aborted while queued or running');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // the same job id twice is one job: bullmq ignores the second add
      await this.queue.add(
        'run',
        { runId: id, job: pack({ ...job, admittedAt: Date.now() }), enqueuedAt: Date.now() },
        { jobId: id, priority: PRIORITY[job.priority ?? 'people'], attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
      );
      return await done;
    } finally {
      tracked.release();
      signal.removeEventListener('abort', onAbort);
      this.pending.delete(id);
    }
  }

  private settle(jobId: string, result: QueueJobResult | string | undefined): void {
    const p = this.pending.get(jobId);
    if (!p) return; // a duplicate completion, or a run this lab is not waiting for
    this.pending.delete(jobId);
    const r = typeof result === 'string' ? (JSON.parse(result) as QueueJobResult) : result;
    let runs: RunResult[];
    try {
      runs = unpack<RunResult[]>(r?.runs ?? '');
      if (!Array.isArray(runs)) throw new Error('not a list of runs');
    } catch (err) {
      return p.reject(failure(`the worker returned no runs (${(err as Error).message})`));
    }
    this.opts.onWait?.(this.stage, Math.max(0, r!.waitMs) / 1000);
    p.resolve(runs);
  }

  private fail(jobId: string, reason: string | undefined): void {
    const p = this.pending.get(jobId);
    if (!p) return;
    this.pending.delete(jobId);
    p.reject(failure(reason));
  }

  /** events published while this lab's connection was down are looked up on the job itself */
  private async poll(): Promise<void> {
    for (const id of [...this.pending.keys()]) {
      try {
        // the state first, then the job: a job read before it completed has no return value yet
        const state = await this.queue.getJobState(id);
        if (state !== 'completed' && state !== 'failed') continue;
        const job = await Job.fromId<QueueJobData, QueueJobResult>(this.queue, id);
        if (state === 'completed' && job?.returnvalue) this.settle(id, job.returnvalue);
        else if (state === 'failed' && job) this.fail(id, job.failedReason);
      } catch {
        // redis away: the next poll asks again
      }
    }
  }

  /** jobs by state, for /metrics */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
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
      return { available: false, reason: `the job queue is unreachable: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    for (const [id] of this.pending) this.fail(id, 'OLA_ERR_ABORTED: the lab is closing');
    await this.events.close();
    await this.queue.close();
    for (const c of this.clients) c.disconnect();
  }
}

// a host's side of the job queue: takes jobs for the stages this host offers and runs them in
// its own runners. it holds only the lab's public key: each job's token is checked (signature,
// stage, artifact, code, expiry) before it runs. single use is the lab's: it spent the nonce
// before enqueueing, and the job id is the run id, so a token is on the queue at most once and
// a retry after a crash is the same run. graceful stop: close() lets running jobs finish.
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SandboxJob, SandboxRunner } from '../../core/contracts.ts';
import { asOlaError } from '../../core/errors.ts';
import type { Stage } from '../../core/vocabulary.ts';
import { CANCEL_CHANNEL, connect, pack, QUEUE_PREFIX, queueName, workerName, type QueueJobData, type QueueJobResult, unpack } from './protocol.ts';

export interface QueueWorkerOptions {
  redisUrl: string;
  /** jobs run at once per stage (the runner's own pool size is a good figure) */
  concurrency?: number;
  /** a job whose worker stops renewing its lock this long is given to another worker */
  lockMs?: number;
  name?: string;
  log?: (line: string) => void;
  /** counts each finished job (the worker's /metrics) */
  onJob?: (stage: Stage, outcome: 'ok' | 'failed') => void;
}

export class QueueWorker {
  readonly name: string;
  private readonly workers: Worker<QueueJobData, QueueJobResult>[] = [];
  /** bullmq leaves clients it was handed open */
  private readonly clients: Redis[] = [];

  constructor(
    private readonly runners: SandboxRunner[],
    private readonly opts: QueueWorkerOptions,
  ) {
    this.name = opts.name ?? workerName(hostname(), process.pid);
  }

  get stages(): Stage[] {
    return this.runners.map((r) => r.stage);
  }

  /** probes each runner and takes jobs only for the stages this host can run */
  async start(): Promise<{ stage: Stage; available: boolean; reason?: string }[]> {
    const offered: { stage: Stage; available: boolean; reason?: string }[] = [];
    for (const runner of this.runners) {
      const probe = await runner.probe();
      offered.push({ stage: runner.stage, available: probe.available, ...(probe.reason ? { reason: probe.reason } : {}) });
      if (!probe.available) continue;
      const lockDuration = this.opts.lockMs ?? 10_000;
      const w = new Worker<QueueJobData, QueueJobResult>(queueName(runner.stage), (job, _token, signal) => this.process(runner, job, signal), {
        connection: this.client(),
        prefix: QUEUE_PREFIX,
        name: this.name,
        concurrency: this.opts.concurrency ?? 2,
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        // a job a crashed worker held goes back to waiting this many times before it fails
        maxStalledCount: 3,
      });
      w.on('error', (err) => this.opts.log?.(`worker ${runner.stage}: ${err.message}`));
      this.workers.push(w);
    }
    if (this.workers.length) {
      // the lab's caller gave up on a run: the processor's signal kills it (process group, isolate, ...)
      const sub = this.client();
      sub.on('message', (_channel: string, runId: string) => {
        for (const w of this.workers) w.cancelJob(runId, 'OLA_ERR_ABORTED: the lab aborted the run');
      });
      await sub.subscribe(CANCEL_CHANNEL);
    }
    return offered;
  }

  private async process(runner: SandboxRunner, job: Job<QueueJobData, QueueJobResult>, signal?: AbortSignal): Promise<QueueJobResult> {
    const startedAt = Date.now();
    try {
      const runs = await runner.run(unpack<SandboxJob>(job.data.job), signal ?? new AbortController().signal);
      this.opts.onJob?.(runner.stage, 'ok');
      return { runId: job.data.runId, runs: pack(runs), worker: this.name, waitMs: startedAt - job.data.enqueuedAt };
    } catch (err) {
      this.opts.onJob?.(runner.stage, 'failed');
      const e = asOlaError(err);
      // the lab turns `CODE: message` back into its error
      throw new Error(`${e.code}: ${e.message}`);
    }
  }

  private client(): Redis {
    const c = connect(this.opts.redisUrl);
    this.clients.push(c);
    return c;
  }

  /** graceful: stop taking jobs, let running ones finish, then close the runners */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    for (const c of this.clients) c.disconnect();
    await Promise.all(this.runners.map((r) => r.close()));
  }
}

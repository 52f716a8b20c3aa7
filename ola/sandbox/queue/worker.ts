// a host's side of the job queue: takes entries for the stages this host offers and runs their
// jobs in its own runners. it holds only the lab's public key: each job's token is checked
// (signature, stage, artifact, code, expiry) before it runs. single use is the lab's: it spent
// the nonce before enqueueing, and an entry's id comes from its run ids, so a token is on the
// queue at most once and a retry after a crash is the same run. each job's result is published
// to the lab as soon as it finishes, and the entry completes with all of them (the record a lab
// reads when it missed a reply). graceful stop: close() lets running entries finish.
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SandboxJob, SandboxRunner } from '../../core/contracts.ts';
import { asOlaError } from '../../core/errors.ts';
import type { Stage } from '../../core/vocabulary.ts';
import { Outbox } from './outbox.ts';
import { CANCEL_CHANNEL, connect, pack, QUEUE_PREFIX, queueName, workerName, type QueueJobData, type QueueJobResult, type QueueRun, type QueueRunResult, unpack } from './protocol.ts';

export interface QueueWorkerOptions {
  redisUrl: string;
  /** entries run at once per stage (the runner's own pool size is a good figure) */
  concurrency?: number;
  /** an entry whose worker stops renewing its lock this long is given to another worker */
  lockMs?: number;
  name?: string;
  log?: (line: string) => void;
  /** counts each finished job (the worker's /metrics) */
  onJob?: (stage: Stage, outcome: 'ok' | 'failed') => void;
}

/** run ids the lab cancelled before this worker started them, remembered this long */
const CANCELLED_MS = 60_000;

export class QueueWorker {
  readonly name: string;
  private readonly workers: Worker<QueueJobData, QueueJobResult>[] = [];
  /** bullmq leaves clients it was handed open */
  private readonly clients: Redis[] = [];
  /** the jobs in hand, by run id, so the lab's cancel reaches one job of a batch */
  private readonly running = new Map<string, AbortController>();
  private readonly cancelled = new Map<string, number>();
  private outbox?: Outbox;

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
      this.outbox ??= new Outbox(this.client(), this.name);
      const w = new Worker<QueueJobData, QueueJobResult>(queueName(runner.stage), (job, _token, signal) => this.process(runner, job, signal), {
        connection: this.client(),
        prefix: QUEUE_PREFIX,
        name: this.name,
        concurrency: this.opts.concurrency ?? 2,
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        // an entry a crashed worker held goes back to waiting this many times before it fails
        maxStalledCount: 3,
      });
      w.on('error', (err) => this.opts.log?.(`worker ${runner.stage}: ${err.message}`));
      this.workers.push(w);
    }
    if (this.workers.length) {
      // the lab's caller gave up on a run: its signal kills it (process group, isolate, ...)
      const sub = this.client();
      sub.on('message', (_channel: string, runId: string) => this.cancel(runId));
      await sub.subscribe(CANCEL_CHANNEL);
    }
    return offered;
  }

  private cancel(runId: string): void {
    const now = Date.now();
    for (const [id, at] of this.cancelled) if (at < now - CANCELLED_MS) this.cancelled.delete(id);
    this.cancelled.set(runId, now);
    this.running.get(runId)?.abort();
  }

  /** every job of the entry at once (the runner's pool bounds how many run), each with its own token */
  private async process(runner: SandboxRunner, entry: Job<QueueJobData, QueueJobResult>, signal?: AbortSignal): Promise<QueueJobResult> {
    const startedAt = Date.now();
    const results = await Promise.all(entry.data.runs.map((r) => this.runOne(runner, r, startedAt, entry.data.reply, signal)));
    return { worker: this.name, results };
  }

  private async runOne(runner: SandboxRunner, r: QueueRun, startedAt: number, reply: string | undefined, entrySignal?: AbortSignal): Promise<QueueRunResult> {
    const base = { runId: r.runId, waitMs: startedAt - r.enqueuedAt };
    let out: QueueRunResult;
    if (this.cancelled.has(r.runId)) out = { ...base, error: 'OLA_ERR_ABORTED: the lab aborted the run' };
    else {
      const ac = new AbortController();
      this.running.set(r.runId, ac);
      try {
        const runs = await runner.run(unpack<SandboxJob>(r.job), entrySignal ? AbortSignal.any([entrySignal, ac.signal]) : ac.signal);
        this.opts.onJob?.(runner.stage, 'ok');
        out = { ...base, runs: pack(runs) };
      } catch (err) {
        this.opts.onJob?.(runner.stage, 'failed');
        const e = asOlaError(err);
        // the lab turns `CODE: message` back into its error
        out = { ...base, error: `${e.code}: ${e.message}` };
      } finally {
        this.running.delete(r.runId);
      }
    }
    // an entry whose lock was lost goes to another worker: its results are that one's to give
    if (reply && !entrySignal?.aborted) this.outbox?.post(reply, out);
    return out;
  }

  private client(): Redis {
    const c = connect(this.opts.redisUrl);
    this.clients.push(c);
    return c;
  }

  /** graceful: stop taking entries, let running ones finish, then close the runners */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.outbox?.drain();
    for (const c of this.clients) c.disconnect();
    await Promise.all(this.runners.map((r) => r.close()));
  }
}

// what the lab and its workers agree on over redis: queue names, an entry's data, run ids,
// priorities and the lab's reply channel. one bullmq queue per stage; an entry carries one job
// or a batch of several (docs/workers.md, batching). an entry of one job has the run id as its
// id; a batch's id is a digest of its run ids, so a token is on the queue at most once.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { Redis } from 'ioredis';
import type { RunResult, SandboxJob } from '../../core/contracts.ts';
import type { Stage } from '../../core/vocabulary.ts';

export const QUEUE_PREFIX = 'ola';

/** the lab publishes a run id here when its caller aborts: the worker running it kills the run */
export const CANCEL_CHANNEL = 'ola:sandbox-cancel';

export function queueName(stage: Stage): string {
  return `sandbox-${stage}`;
}

/** where a worker publishes results for one lab's runner as they finish (the entry names it) */
export function replyChannel(labId: string): string {
  return `ola:sandbox-done:${labId}`;
}

/** bullmq priorities: lower runs first; people's proposals go before evolution's children */
export const PRIORITY = { people: 1, evolution: 10 } as const;
export type JobPriority = keyof typeof PRIORITY;

/** a run id from the token's nonce: one token, one run, one recorded result */
export function runId(nonce: string): string {
  return `r_${createHash('sha256').update(nonce).digest('hex').slice(0, 32)}`;
}

/** an entry's id: the run id of a lone job, a digest of the run ids of a batch */
export function entryId(runIds: string[]): string {
  if (runIds.length === 1) return runIds[0]!;
  return `b_${createHash('sha256').update(runIds.join(',')).digest('hex').slice(0, 32)}`;
}

/** one job of an entry */
export interface QueueRun {
  runId: string;
  /** the SandboxJob, v8-serialized (base64): inputs and outputs keep typed arrays, NaN, undefined, as in-process */
  job: string;
  /** ms since epoch when the lab enqueued it (wait time is measured from here) */
  enqueuedAt: number;
}

export interface QueueJobData {
  runs: QueueRun[];
  /** the lab's reply channel: results are published there as each run finishes */
  reply?: string;
}

/** one job's outcome: its runs, or the `CODE: message` of its failure */
export interface QueueRunResult {
  runId: string;
  /** RunResult[], v8-serialized (base64) */
  runs?: string;
  error?: string;
  /** from enqueue to a worker starting it */
  waitMs: number;
}

/** an entry's return value (every job of it), and what a reply message carries (those just finished) */
export interface QueueJobResult {
  /** the worker that ran it (host:pid) */
  worker: string;
  results: QueueRunResult[];
}

export function pack(value: SandboxJob | RunResult[]): string {
  return serialize(value).toString('base64');
}

export function unpack<T extends SandboxJob | RunResult[]>(text: string): T {
  return deserialize(Buffer.from(text, 'base64')) as T;
}

/** a worker's name as bullmq's client name: host and pid, so /stages can list them */
export function workerName(host: string, pid: number): string {
  return `${host.replace(/[^A-Za-z0-9_.-]/g, '_')}:${pid}`;
}

/**
 * a redis client for one queue, event stream or worker (bullmq needs ioredis built by the
 * caller under esm): commands wait through a redis restart instead of failing
 */
export function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (n) => Math.min(50 * n, 1000) });
  // while redis is away the client retries; the error events must not crash the process
  client.on('error', () => undefined);
  return client;
}

// what the lab and its workers agree on over redis: queue names, the job's data, its run id
// and priority. one bullmq queue per stage; the job id is the run id, so a token enqueues once.
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

/** bullmq priorities: lower runs first; people's proposals go before evolution's children */
export const PRIORITY = { people: 1, evolution: 10 } as const;
export type JobPriority = keyof typeof PRIORITY;

/** a run id from the token's nonce: one token, one run, one recorded result */
export function runId(nonce: string): string {
  return `r_${createHash('sha256').update(nonce).digest('hex').slice(0, 32)}`;
}

export interface QueueJobData {
  runId: string;
  /** the SandboxJob, v8-serialized (base64): inputs and outputs keep typed arrays, NaN, undefined, as in-process */
  job: string;
  /** ms since epoch when the lab enqueued it (wait time is measured from here) */
  enqueuedAt: number;
}

export interface QueueJobResult {
  runId: string;
  /** RunResult[], v8-serialized (base64) */
  runs: string;
  /** the worker that ran it (host:pid) */
  worker: string;
  /** from enqueue to a worker starting it */
  waitMs: number;
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

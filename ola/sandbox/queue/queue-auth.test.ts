// the queue's redis with a password, as docs/workers.md sets it up: a lab and a worker given it
// in their url run jobs; a client without it gets no job onto the queue and no result to the lab.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../tests/helpers/redis-server.ts';
import { sandboxJob } from '../../../tests/helpers/sandbox-job.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { IsolateRunner } from '../isolate-runner.ts';
import { MemoryLedger, SpentByLab, TokenGuard } from '../runner.ts';
import { connect, runId } from './protocol.ts';
import { QueueRunner } from './queue-runner.ts';
import { QueueWorker } from './worker.ts';

const keys = generateKeyPairSync('ed25519');
const tokens = new TokenService(keys);
const PASSWORD = 'a long queue password/with+signs';

let redis: TestRedis;
let lab: QueueRunner;
let worker: QueueWorker;

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  lab = new QueueRunner('isolate', new TokenGuard(tokens, new MemoryLedger()), { redisUrl: redis.url, pollMs: 200 });
  const guard = new TokenGuard(new TokenService({ publicKey: keys.publicKey }), new SpentByLab());
  worker = new QueueWorker([new IsolateRunner(guard, { workers: 1, graceMs: 500 })], { redisUrl: redis.url, concurrency: 1, name: 'w-auth' });
  await worker.start();
});
afterAll(async () => {
  await worker?.close();
  await lab?.close();
  await redis?.stop();
});

describe('the job queue behind a redis password', () => {
  it('runs jobs for a lab and a worker that have it', async () => {
    expect(redis.url).toContain('@');
    const job = await sandboxJob(tokens, 'export function run(x) { return x * 2; }', [21]);
    expect(await lab.run(job, new AbortController().signal)).toMatchObject([{ ok: true, output: 42 }]);
    expect(await lab.probe()).toMatchObject({ available: true, detail: { workers: 1, hosts: 'w-auth' } });
  });

  it('gives a client without it nothing: no job queued, no result heard, and the lab keeps serving', async () => {
    const bare = redis.url.replace(/\/\/[^@]*@/, '//');
    const rogue = new QueueRunner('isolate', new TokenGuard(tokens, new MemoryLedger()), { redisUrl: bare, pollMs: 200 });
    const ac = new AbortController();
    try {
      expect(await rogue.probe()).toMatchObject({ available: false, reason: expect.stringMatching(/unreachable.*(NOAUTH|auth)/i) });
      const job = await sandboxJob(tokens, 'export function run() { return "rogue"; }', [0]);
      const run = rogue.run(job, ac.signal);
      run.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
      // nothing reached the queue: the lab's own counts see no entry
      expect(await lab.counts()).toMatchObject({ waiting: 0, prioritized: 0, active: 0 });
      ac.abort();
      await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/OLA_ERR_(ABORTED|SANDBOX_CRASH)/) });
    } finally {
      await rogue.close();
    }
    // a forged result published without the password is refused by redis
    const outsider = connect(bare);
    try {
      await expect(outsider.publish(lab.channel, JSON.stringify({ worker: 'x', results: [{ runId: runId('n'), waitMs: 0, error: 'OLA_ERR_SANDBOX_CRASH: forged' }] }))).rejects.toThrow(/NOAUTH|auth/i);
    } finally {
      outsider.disconnect();
    }
    const job = await sandboxJob(tokens, 'export function run() { return 5; }', [0]);
    expect(await lab.run(job, new AbortController().signal)).toMatchObject([{ ok: true, output: 5 }]);
  });
});

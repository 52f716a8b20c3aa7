// a whole lab with OLA_REDIS_URL set: proposals are judged by workers taking the isolate
// queue, with the same verdicts and scores as a lab judging in-process, and /stages and
// /metrics show the workers and the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../ola/promotion/tokens.ts';
import { IsolateRunner } from '../../ola/sandbox/isolate-runner.ts';
import type { Redis } from 'ioredis';
import { publicPem } from '../../ola/registry/key-chain.ts';
import { redisKeyFollower } from '../../ola/sandbox/queue/key-feed.ts';
import { connect } from '../../ola/sandbox/queue/protocol.ts';
import { QueueWorker } from '../../ola/sandbox/queue/worker.ts';
import { SpentByLab, TokenGuard } from '../../ola/sandbox/runner.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { proposeAndSettle, startTestLab, type TestLab } from '../helpers/test-lab.ts';

let redis: TestRedis;
let queued: TestLab;
let local: TestLab;
let worker: QueueWorker;
let keyRedis: Redis;

beforeAll(async () => {
  redis = await startRedis();
  queued = await startTestLab({ queue: { redisUrl: redis.url } });
  local = await startTestLab();
  // the worker gets the lab's public key only, and follows the rotations the lab publishes from it
  keyRedis = connect(redis.url);
  const keys = redisKeyFollower(publicPem(queued.lab.keys.publicKey), keyRedis);
  const guard = new TokenGuard(new TokenService(keys, { keysFor: (t) => keys.keysFor(t) }), new SpentByLab());
  worker = new QueueWorker([new IsolateRunner(guard, { workers: 2, graceMs: 1000 })], { redisUrl: redis.url, name: 'w-lab' });
  await worker.start();
});
afterAll(async () => {
  await queued?.close();
  await local?.close();
  await worker?.close();
  keyRedis?.disconnect();
  await redis?.stop();
});

describe('a lab whose sandbox runs go on the job queue', () => {
  it('judges proposals on the workers as it would in-process (same seeds, same verdicts and scores)', async () => {
    expect(queued.lab.judge.constructor.name).toBe('QueueRunner');
    const source = queued.lab.catalog.get('clock')!.baseline;
    const body = { niche: 'clock', source, language: 'js', proposer: 'person:test' };
    const [a, b] = [await proposeAndSettle(queued, body), await proposeAndSettle(local, body)];
    expect(a.status).toBe(b.status);
    const [sa, sb] = [await queued.lab.store.artifact(a.artifactId!), await local.lab.store.artifact(b.artifactId!)];
    const view = (s: typeof sa) => s?.score?.scenarios.map((x) => ({ id: x.scenarioId, ok: x.ok }));
    expect(view(sa)).toEqual(view(sb));
    expect(sa?.score?.crashes).toBe(sb?.score?.crashes);
  });

  it("keeps judging on the workers after the lab's key is rotated, with no worker restarted", async () => {
    const before = queued.lab.keys.fingerprint;
    const done = await queued.lab.actions.request('rotate-key', 'olga', 'a test of workers following the key');
    expect(done).toMatchObject({ state: 'done' });
    expect(queued.lab.keys.fingerprint).not.toBe(before);
    const source = queued.lab.catalog.get('clock')!.baseline;
    const after = await proposeAndSettle(queued, { niche: 'clock', source: `${source}\n// after the rotation`, language: 'js', proposer: 'person:test' });
    expect(after.status, JSON.stringify(await queued.lab.store.eventsOf({ types: ['proposal_failed', 'token_refused'] }))).toBe('gated');
    // every run came back from a worker that took the new key's token
    const a = await queued.lab.store.artifact(after.artifactId!);
    expect(a?.score?.crashes).toBe(0);
    expect(a?.score?.scenarios.every((x) => x.ok)).toBe(true);
    expect(await queued.lab.store.eventsOf({ types: ['token_refused'] })).toEqual([]);
    expect((await queued.lab.store.verify({ full: true })).ok).toBe(true);
  });

  it('shows the workers behind the stage at /stages and the queue at /metrics', async () => {
    const stages = (await queued.app.inject({ url: '/stages' })).json().stages as { stage: string; available: boolean; detail?: Record<string, unknown> }[];
    expect(stages.find((s) => s.stage === 'isolate')).toMatchObject({ available: true, detail: { workers: 1, hosts: 'w-lab' } });
    // nobody takes the jail's jobs: the rung says so
    expect(stages.find((s) => s.stage === 'jail')).toMatchObject({ available: false });
    const metrics = (await queued.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^ola_workers\{stage="isolate"\} 1$/m);
    expect(metrics).toMatch(/^ola_queue_jobs\{stage="isolate",state="active"\} 0$/m);
    expect(metrics).toMatch(/^ola_queue_wait_seconds_count\{stage="isolate"\} [1-9]/m);
  });
});

// sandbox runs on the job queue against a real redis (tests/helpers/redis-server.ts): the
// same results as in-process runs, tokens checked on both sides, priorities, a worker killed
// with -9 mid-job, a redis restart mid-run (with its data and without), and the queue's metrics.
import { generateKeyPairSync } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../tests/helpers/redis-server.ts';
import { sandboxJob } from '../../../tests/helpers/sandbox-job.ts';
import type { RegistryStore, SandboxJob } from '../../core/contracts.ts';
import { LabMetrics } from '../../core/metrics.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { IsolateRunner } from '../isolate-runner.ts';
import { MemoryLedger, SpentByLab, TokenGuard, type Refusal } from '../runner.ts';
import { connect, QUEUE_PREFIX, queueName, runId } from './protocol.ts';
import { QueueRunner } from './queue-runner.ts';
import { spawnWorker as spawnOlaWorker, until } from './queue-test-kit.ts';
import { QueueWorker } from './worker.ts';

const keys = generateKeyPairSync('ed25519');
const tokens = new TokenService(keys);
const signal = new AbortController().signal;
const SPIN = 'export function run(n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i * 7) % 1000003; return x; }';
const LONG = { wallMs: 20_000, cpuMs: 20_000 };

let redis: TestRedis;
let lab: QueueRunner;
const labRefusals: Refusal[] = [];
const workerRefusals: Refusal[] = [];
const workers: QueueWorker[] = [];

/** a worker as `ola worker` builds it: the public key only, no ledger of its own */
function worker(opts: { concurrency?: number; lockMs?: number; name?: string } = {}): QueueWorker {
  const guard = new TokenGuard(new TokenService({ publicKey: keys.publicKey }), new SpentByLab(), (r) => void workerRefusals.push(r));
  const w = new QueueWorker([new IsolateRunner(guard, { workers: 2, graceMs: 500 })], { redisUrl: redis.url, concurrency: 2, lockMs: 2000, ...opts });
  workers.push(w);
  return w;
}

const job = (src: string, inputs: unknown[], o: Parameters<typeof sandboxJob>[3] = {}) => sandboxJob(tokens, src, inputs, o);
const noStore = { countByStage: async () => ({}), headSeq: async () => 0, subscribe: () => () => undefined } as unknown as RegistryStore;

beforeAll(async () => {
  redis = await startRedis();
  lab = new QueueRunner('isolate', new TokenGuard(tokens, new MemoryLedger(), (r) => void labRefusals.push(r)), { redisUrl: redis.url, pollMs: 200 });
});
afterAll(async () => {
  for (const w of workers) await w.close().catch(() => undefined);
  await lab?.close();
  await redis?.stop();
});

describe('sandbox runs on the job queue', () => {
  it('says the stage is unavailable, and why, while no worker takes its jobs', async () => {
    const p = await lab.probe();
    expect(p.available).toBe(false);
    expect(p.reason).toMatch(/no worker takes isolate jobs/);
  });

  it('returns what an in-process run returns for the same jobs', async () => {
    const offered = await worker({ name: 'w-equal' }).start();
    expect(offered).toEqual([{ stage: 'isolate', available: true }]);
    const local = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 500 });
    try {
      const sources = [SPIN, 'export function run(x) { return { sum: x.a + x.b, s: JSON.stringify(x) }; }', 'export function run() { throw new Error("no"); }', 'export function run() { for (;;) {} }'];
      const inputs = [[1000, 20_000], [{ a: 1, b: 2 }, { a: 3, b: 4 }], [0], [0]];
      for (let i = 0; i < sources.length; i++) {
        const [a, b] = [await job(sources[i]!, inputs[i]!), await job(sources[i]!, inputs[i]!)];
        const strip = (rs: Awaited<ReturnType<typeof lab.run>>) => rs.map((r) => ({ id: r.scenarioId, ok: r.ok, output: r.output, code: r.error?.code }));
        expect(strip(await lab.run(a, signal))).toEqual(strip(await local.run(b, signal)));
      }
    } finally {
      await local.close();
    }
    const p = await lab.probe();
    expect(p).toMatchObject({ available: true, detail: { workers: 1, hosts: 'w-equal' } });
  });

  it('spends the token in the lab (a replay never reaches the queue) and the worker checks it with the public key', async () => {
    const good = await job('export function run() { return 1; }', [0]);
    expect(await lab.run(good, signal)).toMatchObject([{ ok: true, output: 1 }]);
    await expect(lab.run(good, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID', message: expect.stringContaining('replay') });
    // a writer to redis that is not the lab: its tokens pass its own check, not the worker's
    const forger = new TokenService(generateKeyPairSync('ed25519'));
    const rogue = new QueueRunner('isolate', new TokenGuard(forger), { redisUrl: redis.url, pollMs: 200 });
    try {
      const forged = await sandboxJob(forger, 'export function run() { return 2; }', [0]);
      await expect(rogue.run(forged, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID', message: expect.stringMatching(/signature/) });
      expect(workerRefusals.at(-1)).toMatchObject({ stage: 'isolate', artifactId: forged.artifactId });
    } finally {
      await rogue.close();
    }
  });

  it('kills the run on the worker when the caller aborts, and keeps serving', async () => {
    const ac = new AbortController();
    const spin = await job('export function run() { for (;;) {} }', [0], { limits: { wallMs: 30_000, cpuMs: 30_000 } });
    setTimeout(() => ac.abort(), 500);
    const t0 = Date.now();
    await expect(lab.run(spin, ac.signal)).rejects.toMatchObject({ code: 'OLA_ERR_ABORTED' });
    // the worker's slot is free again well before the run's 30 s wall limit
    await until(async () => (await lab.counts()).active === 0, 5000);
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(await lab.run(await job('export function run() { return 3; }', [0]), signal)).toMatchObject([{ ok: true, output: 3 }]);
  });

  it("runs people's proposals before evolution's children", async () => {
    for (const w of workers.splice(0)) await w.close();
    const order: string[] = [];
    const submit = async (name: string, priority: SandboxJob['priority']) => {
      const j = await job(`export function run() { return ${JSON.stringify(name)}; }`, [0]);
      return lab.run({ ...j, priority }, signal).then((r) => void order.push(String(r[0]!.output)));
    };
    const runs = [submit('e1', 'evolution'), submit('e2', 'evolution'), submit('e3', 'evolution'), submit('p1', 'people')];
    await until(async () => (await lab.counts()).prioritized === 4);
    await worker({ concurrency: 1, name: 'w-prio' }).start();
    await Promise.all(runs);
    expect(order[0]).toBe('p1');
    expect(order.slice(1).sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('exports queue depth, wait time and workers per stage', async () => {
    const metrics = new LabMetrics(noStore);
    metrics.watchQueues([lab]);
    metrics.queueWait('isolate', 0.01);
    metrics.queueResent('isolate');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^ola_queue_resent_total\{stage="isolate"\} 1$/m);
    expect(text).toMatch(/^ola_queue_jobs\{stage="isolate",state="waiting"\} 0$/m);
    expect(text).toMatch(/^ola_workers\{stage="isolate"\} 1$/m);
    expect(text).toMatch(/^ola_queue_wait_seconds_count\{stage="isolate"\} 1$/m);
  });

  it('gives the job of a worker killed with -9 mid-job to another worker, and returns its result once', async () => {
    for (const w of workers.splice(0)) await w.close();
    const { proc: child, out } = spawnWorker('w-doomed');
    await until(async () => out().includes('ready'), 30_000);
    const j = await job(SPIN, [3e8], { limits: LONG });
    const id = runId((await tokens.require(j.token, { stage: 'isolate', artifactId: j.artifactId, sha256: j.sha256 })).nonce);
    const result = lab.run(j, signal);
    await until(async () => (await lab.counts()).active === 1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    worker({ name: 'w-heir' });
    await workers.at(-1)!.start();
    const runs = await result;
    const local = new IsolateRunner(new TokenGuard(tokens), { workers: 1, graceMs: 500 });
    try {
      const [expected] = await local.run(await job(SPIN, [3e8], { limits: LONG }), signal);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ ok: true, output: expected!.output });
    } finally {
      await local.close();
    }
    const client = connect(redis.url);
    const q = new Queue(queueName('isolate'), { connection: client, prefix: QUEUE_PREFIX });
    try {
      const done = await Job.fromId(q, id);
      // started twice (the dead worker's attempt, the heir's), completed once
      expect(done!.attemptsStarted).toBeGreaterThanOrEqual(2);
      expect(await done!.getState()).toBe('completed');
      expect(done!.returnvalue).toMatchObject({ worker: 'w-heir', results: [{ runId: id }] });
      // adding the same run id again is the same job: nothing runs twice
      const again = await q.add('run', done!.data, { jobId: id });
      expect(again.id).toBe(id);
      expect(await again.getState()).toBe('completed');
    } finally {
      await q.close();
      client.disconnect();
    }
  }, 90_000);

  it('drains on SIGTERM: the job in hand finishes and returns, then the worker exits 0', async () => {
    for (const w of workers.splice(0)) await w.close();
    const child = spawnWorker('w-drain');
    await until(async () => child.out().includes('ready'), 30_000);
    const result = lab.run(await job(SPIN, [2e8], { limits: LONG }), signal);
    await until(async () => (await lab.counts()).active === 1);
    // the worker's own /metrics: process metrics under their usual names
    const url = /metrics at (\S+)/.exec(child.out())![1]!;
    expect(await (await fetch(url)).text()).toMatch(/^process_resident_memory_bytes \d+/m);
    child.proc.kill('SIGTERM');
    const [runs, code] = await Promise.all([result, new Promise((r) => child.proc.once('exit', r))]);
    expect(runs[0]).toMatchObject({ ok: true });
    expect(code).toBe(0);
    expect(child.out()).toContain('draining');
    expect(child.out()).not.toMatch(/refused/);
    worker({ name: 'w-after-drain' });
    await workers.at(-1)!.start();
  }, 60_000);

  it('survives redis restarting mid-run: every job resumes and returns', async () => {
    const js = await Promise.all([1, 2, 3, 4].map((k) => job(SPIN, [5e7 + k], { limits: LONG })));
    const runs = js.map((j) => lab.run(j, signal));
    await until(async () => ((await lab.counts()).active ?? 0) >= 1);
    await redis.restart({ downMs: 300 });
    const results = await Promise.all(runs);
    const local = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 500 });
    try {
      const expected = await Promise.all([1, 2, 3, 4].map(async (k) => ((await local.run(await job(SPIN, [5e7 + k], { limits: LONG }), signal))[0]!).output));
      expect(results.map((r) => r[0]!.output)).toEqual(expected);
    } finally {
      await local.close();
    }
  }, 90_000);

  it('sends again what redis lost: jobs queued and running when it came back without its data return, each once', async () => {
    for (const w of workers.splice(0)) await w.close();
    await worker({ concurrency: 1, name: 'w-amnesia' }).start();
    const inputs = [1e8, 5e6 + 1, 5e6 + 2];
    const js = await Promise.all(inputs.map((n) => job(SPIN, [n], { limits: LONG })));
    const settled: number[] = [];
    const runs = js.map((j, i) => lab.run(j, signal).then((r) => (settled.push(i), r)));
    // the first runs on the worker, the other two wait on the queue
    await until(async () => {
      const c = await lab.counts();
      return c.active === 1 && (c.prioritized ?? 0) + (c.waiting ?? 0) === 2;
    });
    const before = lab.resent;
    await redis.restart({ downMs: 300, wipe: true });
    const results = await Promise.all(runs);
    // the entries were gone (without the lab's copy the two waiting ones would wait forever)
    expect(lab.resent - before).toBeGreaterThanOrEqual(2);
    expect(settled.sort()).toEqual([0, 1, 2]);
    expect(lab.kept).toBe(0);
    const local = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 500 });
    try {
      const expected = await Promise.all(inputs.map(async (n) => ((await local.run(await job(SPIN, [n], { limits: LONG }), signal))[0]!).output));
      expect(results.map((r) => r[0]!.output)).toEqual(expected);
    } finally {
      await local.close();
    }
    // the queue keeps serving after
    expect(await lab.run(await job('export function run() { return 4; }', [0]), signal)).toMatchObject([{ ok: true, output: 4 }]);
    expect(lab.kept).toBe(0);
  }, 90_000);
});

const spawnWorker = (name: string) => spawnOlaWorker(redis.url, keys.publicKey, name);

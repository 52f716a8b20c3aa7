// several jobs to one queue entry, against a real redis: each job keeps its own token, run id
// and result; a lone job waits no longer than the batch's bound; one job of a batch can be
// cancelled; priorities hold; and an `ola worker` killed with -9 mid-batch loses nothing and
// settles nothing twice.
import { generateKeyPairSync } from 'node:crypto';
import { Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../../tests/helpers/redis-server.ts';
import { sandboxJob } from '../../../tests/helpers/sandbox-job.ts';
import type { RunResult, SandboxJob } from '../../core/contracts.ts';
import { TokenService } from '../../promotion/tokens.ts';
import { IsolateRunner } from '../isolate-runner.ts';
import { MemoryLedger, SpentByLab, TokenGuard } from '../runner.ts';
import type { BatchPolicy } from './batcher.ts';
import { connect, entryId, QUEUE_PREFIX, queueName, runId, type QueueJobData, type QueueJobResult } from './protocol.ts';
import { QueueRunner } from './queue-runner.ts';
import { spawnWorker, until } from './queue-test-kit.ts';
import { QueueWorker } from './worker.ts';

const keys = generateKeyPairSync('ed25519');
const tokens = new TokenService(keys);
const signal = new AbortController().signal;
const SPIN = 'export function run(n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i * 7) % 1000003; return x; }';
const LONG = { wallMs: 30_000, cpuMs: 30_000 };

let redis: TestRedis;
let queue: Queue<QueueJobData, QueueJobResult>;
const runners: QueueRunner[] = [];
const workers: QueueWorker[] = [];

/** a lab-side runner that batches from the first job (alone: 0) */
function lab(batch: Partial<BatchPolicy>, onWait?: () => void): QueueRunner {
  const r = new QueueRunner('isolate', new TokenGuard(tokens, new MemoryLedger()), { redisUrl: redis.url, pollMs: 200, batch: { alone: 0, ...batch }, onWait });
  runners.push(r);
  return r;
}

function worker(name: string, concurrency = 2): QueueWorker {
  const guard = new TokenGuard(new TokenService({ publicKey: keys.publicKey }), new SpentByLab());
  const w = new QueueWorker([new IsolateRunner(guard, { workers: 2, graceMs: 500 })], { redisUrl: redis.url, concurrency, lockMs: 2000, name });
  workers.push(w);
  return w;
}

async function stopWorkers(): Promise<void> {
  for (const w of workers.splice(0)) await w.close();
}

const job = (src: string, inputs: unknown[], o: Parameters<typeof sandboxJob>[3] = {}) => sandboxJob(tokens, src, inputs, o);
const idOf = async (j: SandboxJob) => runId((await tokens.require(j.token, { stage: 'isolate', artifactId: j.artifactId, sha256: j.sha256 })).nonce);
const outputs = (rs: RunResult[]) => rs.map((r) => (r.ok ? r.output : r.error?.code));

beforeAll(async () => {
  redis = await startRedis();
  queue = new Queue(queueName('isolate'), { connection: connect(redis.url), prefix: QUEUE_PREFIX });
});
afterAll(async () => {
  await stopWorkers().catch(() => undefined);
  for (const r of runners) await r.close();
  await queue?.close();
  await redis?.stop();
});

describe('several jobs to one queue entry', () => {
  it('returns each job of a batch its own result, under its own run id', async () => {
    await worker('w-batch').start();
    const b = lab({ max: 4, waitMs: 200 });
    const made = () => Promise.all([job(SPIN, [1000]), job('export function run() { throw new Error("no"); }', [0]), job('export function run(x) { return x.a * 2; }', [{ a: 21 }]), job(SPIN, [2000, 3000])]);
    const js = await made();
    const ids = await Promise.all(js.map(idOf));
    const results = await Promise.all(js.map((j) => b.run(j, signal)));
    const local = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 500 });
    try {
      const expected = await Promise.all((await made()).map((j) => local.run(j, signal)));
      expect(results.map(outputs)).toEqual(expected.map(outputs));
      expect(results.map(outputs)[2]).toEqual([42]);
    } finally {
      await local.close();
    }
    // one entry held all four, and its record names each run
    const entry = await Job.fromId<QueueJobData, QueueJobResult>(queue, entryId(ids));
    expect(entry?.data.runs.map((r) => r.runId)).toEqual(ids);
    expect(await entry!.getState()).toBe('completed');
    expect(entry!.returnvalue.results.map((r) => r.runId)).toEqual(ids);
    // a spent token stays spent: the same job again never reaches the queue
    await expect(b.run(js[0]!, signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID' });
  });

  it('holds a lone job no longer than the batch bound', async () => {
    const bound = 400;
    const b = lab({ max: 8, waitMs: bound });
    const j = await job('export function run() { return 7; }', [0]);
    const t0 = Date.now();
    expect(outputs(await b.run(j, signal))).toEqual([7]);
    const took = Date.now() - t0;
    // it waited for company up to the bound (so the bound is what held it), and then went
    expect(took).toBeGreaterThanOrEqual(bound - 5);
    expect(took).toBeLessThan(bound + 3000);
    // while few jobs are in flight, the default runner sends a job at once
    const quick = lab({ alone: 4, waitMs: 5000 });
    const t1 = Date.now();
    expect(outputs(await quick.run(await job('export function run() { return 8; }', [0]), signal))).toEqual([8]);
    expect(Date.now() - t1).toBeLessThan(3000);
  });

  it('cancels one job of a batch and lets the others finish', async () => {
    const b = lab({ max: 2, waitMs: 200 });
    const ac = new AbortController();
    const [spin, short] = [await job('export function run() { for (;;) {} }', [0], { limits: LONG }), await job('export function run() { return 9; }', [0])];
    const runs = [b.run(spin, ac.signal), b.run(short, signal)];
    await until(async () => (await b.counts()).active === 1);
    setTimeout(() => ac.abort(), 300);
    await expect(runs[0]).rejects.toMatchObject({ code: 'OLA_ERR_ABORTED' });
    expect(outputs(await runs[1]!)).toEqual([9]);
    // the entry completes once its cancelled job is killed, well before the 30 s wall limit
    await until(async () => (await b.counts()).active === 0, 8000);
  });

  it("runs a batch of people's proposals before one of evolution's children", async () => {
    await stopWorkers();
    const b = lab({ max: 3, waitMs: 100 });
    const order: string[] = [];
    const submit = async (name: string, priority: SandboxJob['priority']) => {
      const j = await job(`export function run() { return ${JSON.stringify(name)}; }`, [0]);
      return b.run({ ...j, priority }, signal).then((r) => void order.push(String(r[0]!.output)));
    };
    const runs = [submit('e1', 'evolution'), submit('e2', 'evolution'), submit('e3', 'evolution'), submit('p1', 'people'), submit('p2', 'people')];
    await until(async () => b.held === 0 && (await b.counts()).prioritized === 2);
    await worker('w-prio', 1).start();
    await Promise.all(runs);
    expect(order.slice(0, 2).sort()).toEqual(['p1', 'p2']);
    expect(order.slice(2).sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('loses nothing and settles nothing twice when a worker is killed with -9 mid-batch', async () => {
    await stopWorkers();
    const doomed = spawnWorker(redis.url, keys.publicKey, 'w-batch-doomed');
    await until(() => doomed.out().includes('ready'), 30_000);
    let settles = 0;
    const b = lab({ max: 4, waitMs: 200 }, () => void settles++);
    // every reply the lab is sent, by run id and worker
    const heard: { runId: string; worker: string }[] = [];
    const ear = connect(redis.url);
    ear.on('message', (_c: string, text: string) => {
      const m = JSON.parse(text) as QueueJobResult;
      for (const r of m.results) heard.push({ runId: r.runId, worker: m.worker });
    });
    await ear.subscribe(b.channel);
    // four like jobs on a pool of two: the first two to finish are replied by the doomed worker,
    // the other two are running when it is killed
    const ns = [2e8, 2e8 + 1, 2e8 + 2, 2e8 + 3];
    const js = await Promise.all(ns.map((n) => job(SPIN, [n], { limits: LONG })));
    const ids = await Promise.all(js.map(idOf));
    const settled: string[] = [];
    const runs = js.map((j, i) => b.run(j, signal).then((r) => (settled.push(ids[i]!), outputs(r)[0])));
    await until(() => heard.filter((h) => h.worker === 'w-batch-doomed').length === 2, 120_000);
    doomed.proc.kill('SIGKILL');
    await new Promise((r) => doomed.proc.once('exit', r));
    await worker('w-batch-heir').start();
    const out = await Promise.all(runs);
    const local = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 500 });
    try {
      const expected = await Promise.all(ns.map(async (n) => outputs(await local.run(await job(SPIN, [n], { limits: LONG }), signal))[0]));
      expect(out).toEqual(expected);
    } finally {
      await local.close();
    }
    // each run settled once, though two were replied twice (the dead worker's, the heir's)
    expect([...settled].sort()).toEqual([...ids].sort());
    await until(() => heard.filter((h) => h.worker === 'w-batch-heir').length === 4, 10_000);
    expect(settles).toBe(4);
    const early = heard.filter((h) => h.worker === 'w-batch-doomed').map((h) => h.runId);
    expect(early).toHaveLength(2);
    for (const id of ids) expect(heard.filter((h) => h.runId === id).map((h) => h.worker).sort()).toEqual(early.includes(id) ? ['w-batch-doomed', 'w-batch-heir'] : ['w-batch-heir']);
    const entry = await Job.fromId<QueueJobData, QueueJobResult>(queue, entryId(ids));
    expect(entry!.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(await entry!.getState()).toBe('completed');
    expect(entry!.returnvalue).toMatchObject({ worker: 'w-batch-heir' });
    expect(entry!.returnvalue.results.map((r) => r.runId)).toEqual(ids);
    ear.disconnect();
  }, 240_000);
});

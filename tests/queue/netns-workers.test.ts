// three workers as separate hosts: each `ola worker` in a network namespace of its own,
// reaching redis over a veth pair (a private /30 per worker, redis bound to the host sides).
// the same results as in-process runs, a worker killed with -9 mid-job loses nothing and
// records nothing twice (in the queue, and in a lab's registry), and a redis restart mid-run is
// survived. needs root (ip netns).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueRunner as LabQueue } from '../../ola/sandbox/queue/queue-runner.ts';
import { loadOrCreateKeys } from '../../ola/registry/keys.ts';
import { TokenService } from '../../ola/promotion/tokens.ts';
import { IsolateRunner } from '../../ola/sandbox/isolate-runner.ts';
import { QueueRunner } from '../../ola/sandbox/queue/queue-runner.ts';
import { MemoryLedger, TokenGuard } from '../../ola/sandbox/runner.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { sandboxJob } from '../helpers/sandbox-job.ts';
import { seedLabKey, startTestLab } from '../helpers/test-lab.ts';
import { tmpStorage } from '../helpers/tmp-storage.ts';

const HOSTS = 3;
const root = join(import.meta.dirname, '..', '..');
// the key every test lab is seeded with: the workers check a test lab's tokens too
const keyDir = tmpStorage();
seedLabKey(keyDir.dir);
const keys = loadOrCreateKeys(keyDir.dir);
const tokens = new TokenService(keys);
const signal = new AbortController().signal;
const SPIN = 'export function run(n) { let x = 0; for (let i = 0; i < n; i++) x = (x + i * 7) % 1000003; return x; }';
const LONG = { wallMs: 20_000, cpuMs: 20_000 };
// names and a /30 per worker that no other test process picks
const tag = process.pid % 10_000;
const net = (k: number) => ({ ns: `ola-w${tag}-${k}`, host: `ov${tag}h${k}`, peer: `ov${tag}n${k}`, hostIp: `10.213.${(tag % 80) * 3 + k}.1`, nsIp: `10.213.${(tag % 80) * 3 + k}.2` });
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

let redis: TestRedis;
let lab: QueueRunner;
let local: IsolateRunner;
let pem: string;
const procs: { proc: ChildProcess; out: () => string }[] = [];

function startWorker(k: number) {
  const n = net(k);
  const args = ['netns', 'exec', n.ns, join(root, 'bin', 'ola'), 'worker', '--redis', `redis://${n.hostIp}:${redis.port}`, '--public-key', pem, '--stages', 'isolate', '--concurrency', '1', '--lock-ms', '1500', '--name', `host-${k}`];
  // its own process group: -9 reaches the worker, not just `ip netns exec`
  const proc = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const w = { proc, out: () => out };
  procs[k] = w;
  return w;
}

beforeAll(async () => {
  for (let k = 0; k < HOSTS; k++) {
    const n = net(k);
    ip('netns', 'add', n.ns);
    ip('link', 'add', n.host, 'type', 'veth', 'peer', 'name', n.peer);
    ip('link', 'set', n.peer, 'netns', n.ns);
    ip('addr', 'add', `${n.hostIp}/30`, 'dev', n.host);
    ip('link', 'set', n.host, 'up');
    ip('netns', 'exec', n.ns, 'ip', 'addr', 'add', `${n.nsIp}/30`, 'dev', n.peer);
    ip('netns', 'exec', n.ns, 'ip', 'link', 'set', n.peer, 'up');
    ip('netns', 'exec', n.ns, 'ip', 'link', 'set', 'lo', 'up');
  }
  redis = await startRedis({ bind: ['127.0.0.1', ...Array.from({ length: HOSTS }, (_, k) => net(k).hostIp)] });
  const dir = mkdtempSync(join(tmpdir(), 'ola-netns-'));
  pem = join(dir, 'lab.pub.pem');
  writeFileSync(pem, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  lab = new QueueRunner('isolate', new TokenGuard(tokens, new MemoryLedger()), { redisUrl: redis.url, pollMs: 200 });
  local = new IsolateRunner(new TokenGuard(tokens), { workers: 2, graceMs: 500 });
  for (let k = 0; k < HOSTS; k++) startWorker(k);
  await until(async () => procs.every((p) => p.out().includes('ready')), 60_000);
}, 120_000);

afterAll(async () => {
  for (const p of procs) if (p && p.proc.exitCode === null) killGroup(p.proc, 'SIGKILL');
  await lab?.close();
  await local?.close();
  await redis?.stop();
  keyDir.cleanup();
  // deleting a namespace deletes the veth pair with it
  for (let k = 0; k < HOSTS; k++) {
    try {
      ip('netns', 'del', net(k).ns);
    } catch {
      // never made
    }
  }
});

function killGroup(proc: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-proc.pid!, sig);
  } catch {
    // gone
  }
}

const expected = async (n: number) => (await local.run(await sandboxJob(tokens, SPIN, [n], { limits: LONG }), signal))[0]!.output;

describe('three workers as hosts in network namespaces', () => {
  it('are listed behind the stage, and return what in-process runs return', async () => {
    await until(async () => (await lab.workers()).length === HOSTS);
    const p = await lab.probe();
    expect(p.available).toBe(true);
    expect(String(p.detail?.hosts).split(',').sort()).toEqual(['host-0', 'host-1', 'host-2']);
    const ns = Array.from({ length: 9 }, (_, i) => 1000 + i * 77_777);
    const runs = await Promise.all(ns.map(async (n) => (await lab.run(await sandboxJob(tokens, SPIN, [n], { limits: LONG }), signal))[0]!));
    expect(runs.map((r) => r.output)).toEqual(await Promise.all(ns.map(expected)));
  });

  it('loses nothing and records nothing twice when a worker is killed with -9 mid-job', async () => {
    const ns = [3e8, 3e8 + 1, 3e8 + 2];
    const results: unknown[][] = [];
    const runs = ns.map(async (n) => {
      const r = await lab.run(await sandboxJob(tokens, SPIN, [n], { limits: LONG }), signal);
      results.push(r);
      return r[0]!.output;
    });
    // one job per worker (concurrency 1): each host holds one when all three are active
    await until(async () => (await lab.counts()).active === HOSTS);
    killGroup(procs[0]!.proc, 'SIGKILL');
    const outputs = await Promise.all(runs);
    expect(outputs).toEqual(await Promise.all(ns.map(expected)));
    expect(results).toHaveLength(3);
    expect((await lab.counts()).failed).toBe(0);
    startWorker(0);
    await until(async () => procs[0]!.out().includes('ready'), 60_000);
  }, 120_000);

  it('a lab on the queue records each run once in its registry when a worker is killed with -9 mid-job', async () => {
    const t = await startTestLab({ queue: { redisUrl: redis.url, stages: ['isolate'] }, lifecycle: { stepTimeoutMs: 120_000 } });
    try {
      // the clock baseline, slowed down so that a job lasts long enough to be killed in
      const base = t.lab.catalog.get('clock')!.baseline.replace('export function estimate(mono)', 'function baseEstimate(mono)');
      const slow = (k: number) => `${base}\nexport function estimate(mono) {\n  let x = ${k};\n  for (let i = 0; i < 40000; i++) x = (x * 31 + i) % 1000003;\n  return baseEstimate(mono) + (x === -1 ? 1 : 0);\n}\n`;
      const ids = await Promise.all([1, 2, 3].map(async (k) => (await t.lab.engine.submit({ niche: 'clock', source: slow(k), language: 'js', proposer: 'person:netns' })).id));
      const queue = t.lab.judge as LabQueue;
      await until(async () => (await queue.counts()).active === HOSTS, 60_000);
      killGroup(procs[1]!.proc, 'SIGKILL');
      const done = await Promise.all(ids.map((id) => t.lab.engine.settled(id, 180_000)));
      expect(done.map((p) => p.status)).toEqual(['gated', 'gated', 'gated']);
      for (const id of ids) {
        const runs = await t.lab.store.eventsOf({ types: ['run_executed'], subject: id });
        // one public and one held-out run record per proposal, whatever the queue went through
        expect(runs.map((e) => e.payload.phase).sort()).toEqual(['heldout', 'public']);
        expect(await t.lab.store.eventsOf({ types: ['score_recorded'], subject: id })).toHaveLength(1);
      }
      const spent = (await t.lab.store.eventsOf({ types: ['token_refused'] })).map((e) => e.payload.reason);
      expect(spent).toEqual([]);
      expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
    } finally {
      await t.close();
      startWorker(1);
      await until(async () => procs[1]!.out().includes('ready'), 60_000);
    }
  }, 300_000);

  it('survives redis restarting mid-run: the jobs resume and every result arrives once', async () => {
    const ns = Array.from({ length: 6 }, (_, i) => 5e7 + i);
    const runs = ns.map(async (n) => (await lab.run(await sandboxJob(tokens, SPIN, [n], { limits: LONG }), signal))[0]!.output);
    await until(async () => ((await lab.counts()).active ?? 0) >= 1);
    await redis.restart({ downMs: 500 });
    expect(await Promise.all(runs)).toEqual(await Promise.all(ns.map(expected)));
  }, 120_000);
});

async function until(cond: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// npm run bench:scale: evaluations per second in-process and through the job queue with 1, 2
// and 3 `ola worker` processes on this machine (a redis-server of its own on a free port), the
// queue's overhead per job, registry appends per second on sqlite and postgresql side by side,
// and an estimate for N worker hosts from the measured per-job cpu. prints a table, writes
// storage/bench/scale-*.json.
import { Command } from 'commander';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS } from '../core/config.ts';
import { TokenService } from '../promotion/tokens.ts';
import { IsolateRunner } from '../sandbox/isolate-runner.ts';
import { BATCH_DEFAULTS } from '../sandbox/queue/batcher.ts';
import { QueueRunner } from '../sandbox/queue/queue-runner.ts';
import { MemoryLedger, TokenGuard } from '../sandbox/runner.ts';
import { startPgCluster } from '../../tests/helpers/pg-cluster.ts';
import { startRedis } from '../../tests/helpers/redis-server.ts';
import { finish, printTable, writeJson } from './report.ts';
import { childNamed } from './scale-cpu.ts';
import { appendRates, type AppendRates } from './scale-registry.ts';
import { estimateRows, registryRows, sandboxRows } from './scale-rows.ts';
import { WORKLOADS } from './scale-runs.ts';
import { bar, sandboxRounds, type Pairs } from './scale-sandbox.ts';
import type { BenchWorker } from './scale-workers.ts';

const opts = new Command('bench:scale')
  .option('--quick', 'smaller counts, one round (a smoke run, figures not comparable)')
  .option('--rounds <n>', 'rounds per setup', (v) => Number(v), 3)
  .option('--batch-max <n>', 'most jobs in one queue entry (1: batching off; default the runner\'s)', (v) => Number(v))
  .option('--worker-concurrency <n>', "each worker's --concurrency (and isolate pool); default ola worker's", (v) => Number(v), 2)
  .option('--fsync <mode>', "redis's appendfsync: everysec (as docs/workers.md recommends) or always", 'everysec')
  .option('--storage <dir>', 'bench json goes under <dir>/bench/', 'storage')
  .parse()
  .opts<{ quick?: boolean; rounds: number; batchMax?: number; fsync: 'always' | 'everysec'; workerConcurrency: number; storage: string }>();

const q = opts.quick === true;
const rounds = q ? 1 : opts.rounds;
/** jobs per measure: in flight (throughput), then back to back (latency) */
const COUNTS: Record<string, { flight: number; latency: number }> = { trivial: { flight: q ? 150 : 800, latency: q ? 30 : 150 }, spin: { flight: q ? 40 : 200, latency: q ? 10 : 50 } };
/** jobs in flight: the lab's default proposals at once (lifecycle.concurrency) */
const IN_FLIGHT = DEFAULTS.lifecycle.concurrency;
const APPENDS = q ? 300 : 1500;
const APPENDS_IN_FLIGHT = 16;
const HOSTS = [1, 2, 4, 8, 16, 32, 64];

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version };
if (opts.fsync !== 'always' && opts.fsync !== 'everysec') {
  console.error(`--fsync takes always or everysec, not ${String(opts.fsync)}`);
  process.exit(2);
}
if (!Number.isInteger(opts.workerConcurrency) || opts.workerConcurrency < 1) {
  console.error('--worker-concurrency takes a whole number of 1 or more');
  process.exit(2);
}
console.log(`bench:scale on ${machine.cores} cores (${machine.cpu}), node ${machine.node}${q ? ' (quick)' : ''}, ${rounds} round(s), redis appendfsync ${opts.fsync}`);

const keys = generateKeyPairSync('ed25519');
const tokens = new TokenService(keys);
const guard = () => new TokenGuard(tokens, new MemoryLedger());
const dir = mkdtempSync(join(tmpdir(), 'ola-bench-scale-'));
const publicKeyPem = join(dir, 'lab.pub.pem');
writeFileSync(publicKeyPem, keys.publicKey.export({ type: 'spki', format: 'pem' }));

const workers: BenchWorker[] = [];
const redis = await startRedis({ fsync: opts.fsync });
const redisPid = childNamed(process.pid, 'redis-server') ?? -1;
if (redisPid < 0) console.log('redis-server not found under this process: its cpu reads 0');
const local = new IsolateRunner(guard(), { workers: 2, graceMs: 2000 });
const queue = new QueueRunner('isolate', guard(), { redisUrl: redis.url, ...(opts.batchMax === undefined ? {} : { batch: { max: opts.batchMax } }) });
const registry: Record<'sqlite' | 'postgresql', AppendRates[]> = { sqlite: [], postgresql: [] };
let sandboxOpen = true;
const closeSandbox = async () => {
  if (!sandboxOpen) return;
  sandboxOpen = false;
  await Promise.all([local.close(), queue.close(), ...workers.map((w) => w.stop())]);
};
let pairs: Pairs;
try {
  pairs = await sandboxRounds({ tokens, local, queue, redisUrl: redis.url, redisPid, publicKeyPem, maxWorkers: 3, workerConcurrency: opts.workerConcurrency, rounds, inFlight: IN_FLIGHT, counts: COUNTS }, workers);
  // the registry is timed with the sandbox's processes gone
  await closeSandbox();
  const pg = await startPgCluster();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const backend of ['sqlite', 'postgresql'] as const) {
        const b = bar(`registry appends, ${backend}, round ${r + 1}`, APPENDS * 2);
        try {
          registry[backend].push(await appendRates(backend === 'postgresql' ? await pg.createDatabase() : undefined, APPENDS, APPENDS_IN_FLIGHT, b.tick));
        } finally {
          b.stop();
        }
        const a = registry[backend].at(-1)!;
        console.log(`registry, ${backend}, round ${r + 1}: ${a.sequential.toFixed(0)} appends/s one at a time, ${a.concurrent.toFixed(0)} with ${APPENDS_IN_FLIGHT} in flight`);
      }
    }
  } finally {
    await pg.stop();
  }
} finally {
  await closeSandbox();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}

const { rows: estimated, estimates } = estimateRows(pairs, HOSTS, machine.cores);
const results = finish([...sandboxRows(pairs, IN_FLIGHT), ...registryRows(registry, APPENDS_IN_FLIGHT), ...estimated]);
printTable(`bench:scale (medians of rounds; isolate stage, pool of 2 per runner; redis appendfsync ${opts.fsync}; worker concurrency ${opts.workerConcurrency})`, results);
const file = writeJson(resolve(opts.storage), 'scale', {
  machine,
  quick: q,
  rounds,
  redis: { appendfsync: opts.fsync },
  workerConcurrency: opts.workerConcurrency,
  batch: { ...BATCH_DEFAULTS, ...(opts.batchMax === undefined ? {} : { max: opts.batchMax }) },
  counts: { jobs: COUNTS, inFlight: IN_FLIGHT, appends: APPENDS, appendsInFlight: APPENDS_IN_FLIGHT },
  workloads: WORKLOADS,
  results,
  raw: Object.fromEntries([...pairs].map(([k, v]) => [`${k} worker(s)`, Object.fromEntries(v)])),
  registry,
  estimates,
});
console.log(`\nwrote ${file}`);
process.exit(0);

// ola worker: takes sandbox jobs off the lab's redis queues and runs them in this host's own
// runners. it holds only the lab's public key; SIGTERM drains (running jobs finish) and exits.
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.ts';

const STAGE_LIST = 'isolate,jail,container,vm';

export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description("run sandbox jobs from the lab's job queue (OLA_REDIS_URL) on this host")
    .requiredOption('--redis <url>', 'the redis the lab enqueues on (env OLA_REDIS_URL)', process.env.OLA_REDIS_URL)
    .requiredOption('--public-key <file>', "the lab's public key, pem (or its private key file: only the public half is kept)")
    .option('--stages <list>', `the stages to take jobs for, of ${STAGE_LIST}`, 'isolate')
    .option('--concurrency <n>', 'jobs at once per stage', (v) => Number(v), 2)
    .option('--lock-ms <ms>', "a dead worker's job goes to another worker after this", (v) => Number(v), 10_000)
    .option('--name <name>', 'how the lab lists this worker (default host:pid)')
    .option('--metrics-port <port>', "serve this worker's /metrics (prometheus job ola-workers) on this port", (v) => Number(v))
    .option('--metrics-host <host>', 'the address /metrics listens on', '127.0.0.1')
    .action(async (opts: { redis: string; publicKey: string; stages: string; concurrency: number; lockMs: number; name?: string; metricsPort?: number; metricsHost: string }) => {
      const { fromEnv, loadConfig } = await import('../../core/config.ts');
      const { TokenService } = await import('../../promotion/tokens.ts');
      const { TokenGuard, SpentByLab } = await import('../../sandbox/runner.ts');
      const { hostRunner, RUNNABLE_STAGES } = await import('../../sandbox/host-runners.ts');
      const { QueueWorker } = await import('../../sandbox/queue/worker.ts');
      const { redisKeyFollower } = await import('../../sandbox/queue/key-feed.ts');
      const { connect } = await import('../../sandbox/queue/protocol.ts');
      const { publicPem } = await import('../../registry/key-chain.ts');
      const { WorkerMetrics } = await import('../../sandbox/queue/worker-metrics.ts');
      const stages = opts.stages.split(',').map((s) => s.trim());
      const bad = stages.filter((s) => !(RUNNABLE_STAGES as readonly string[]).includes(s));
      if (bad.length || stages.length === 0) {
        console.error(`ola worker: --stages takes some of ${STAGE_LIST}, not ${bad.join(',') || '(none)'}`);
        process.exit(EXIT.usage);
      }
      // createPublicKey accepts a private pem too and keeps only its public half
      const anchor = publicPem(createPublicKey(readFileSync(opts.publicKey, 'utf8')));
      // the key given is the anchor: rotations the lab publishes in redis are followed from it
      const keyRedis = connect(opts.redis);
      const keys = redisKeyFollower(anchor, keyRedis, (l) => console.log(`worker: ${l}`));
      await Promise.race([keys.refresh(true), new Promise((r) => setTimeout(r, 2000).unref())]);
      const tokens = new TokenService(keys, { keysFor: (t) => keys.keysFor(t) });
      const guard = new TokenGuard(tokens, new SpentByLab(), (r) => console.error(`refused a job for ${r.stage} (${r.artifactId}): ${r.reason}`));
      const config = loadConfig(fromEnv(process.env), { sandbox: { workers: Math.max(1, opts.concurrency) } });
      const runners = stages.map((s) => hostRunner(s as (typeof RUNNABLE_STAGES)[number], guard, config));
      const metrics = new WorkerMetrics();
      const worker = new QueueWorker(runners, { redisUrl: opts.redis, concurrency: opts.concurrency, lockMs: opts.lockMs, name: opts.name, log: (l) => console.error(l), onJob: (s, o) => metrics.job(s, o) });
      const offered = await worker.start();
      for (const o of offered) console.log(`${o.stage}: ${o.available ? 'taking jobs' : `not offered (${o.reason})`}`);
      if (!offered.some((o) => o.available)) {
        await worker.close();
        console.error('ola worker: this host offers none of the stages asked for');
        process.exit(EXIT.error);
      }
      if (opts.metricsPort !== undefined) console.log(`metrics at ${await metrics.listen(opts.metricsPort, opts.metricsHost)}`);
      console.log(`worker ${worker.name} ready`);
      let closing = false;
      const drain = async () => {
        if (closing) return;
        closing = true;
        console.log(`worker ${worker.name} draining`);
        await worker.close();
        await metrics.close();
        keyRedis.disconnect();
        process.exit(EXIT.ok);
      };
      process.on('SIGTERM', () => void drain());
      process.on('SIGINT', () => void drain());
    });
}

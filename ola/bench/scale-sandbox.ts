// bench:scale's sandbox rounds: 1, then 2, then 3 `ola worker`s on one redis, and in every round
// an in-process measure right before each queued one, so that each overhead compares two
// measures taken under the same load (a shared machine drifts between minutes).
import type { SandboxRunner } from '../core/contracts.ts';
import type { TokenService } from '../promotion/tokens.ts';
import { progress } from './progress.ts';
import { makeJobs, measure, runOf, WORKLOADS, type Measure, type SentCount, type Workload } from './scale-runs.ts';
import { startWorker, type BenchWorker } from './scale-workers.ts';
import { timeRuns } from './stages-measure.ts';

export interface SandboxPlan {
  tokens: TokenService;
  local: SandboxRunner;
  queue: SandboxRunner & { sent?: SentCount };
  redisUrl: string;
  redisPid: number;
  publicKeyPem: string;
  maxWorkers: number;
  /** each worker's `--concurrency` (its isolate pool's size too) */
  workerConcurrency: number;
  rounds: number;
  inFlight: number;
  counts: Record<string, { flight: number; latency: number }>;
}

/** per worker count, per workload: the queued measures and the in-process ones paired with them */
export type Pairs = Map<number, Map<string, { local: Measure[]; queued: Measure[] }>>;

/** the shared progress (a bar on a terminal, lines off one), counted a job at a time */
export function bar(label: string, total: number): { tick: () => void; stop: () => void } {
  const p = progress(label, total, { clear: true });
  let done = 0;
  return { tick: () => p.update(++done), stop: () => p.stop() };
}

/** every isolate host started, the artifact compiled, the queue's code paths hot in each process */
async function warm(plan: SandboxPlan, runner: SandboxRunner, w: Workload): Promise<void> {
  const jobs = await makeJobs(plan.tokens, w, Math.max(plan.inFlight * 2, plan.counts[w.name]!.latency));
  await timeRuns(jobs.length, plan.inFlight, runOf(runner, jobs));
}

export async function sandboxRounds(plan: SandboxPlan, workers: BenchWorker[]): Promise<Pairs> {
  const pairs: Pairs = new Map();
  const once = async (label: string, runner: SandboxRunner & { sent?: SentCount }, w: Workload): Promise<Measure> => {
    const c = plan.counts[w.name]!;
    const b = bar(label, c.flight + c.latency);
    try {
      const pids = { workers: workers.map((x) => x.pid), redis: plan.redisPid };
      const m = await measure(runner, (n) => makeJobs(plan.tokens, w, n), { ...c, inFlight: plan.inFlight }, pids, b.tick, runner.sent);
      b.stop();
      const entries = m.perEntry === undefined ? '' : `, ${m.perEntry.toFixed(2)} jobs/entry`;
      console.log(`${label}: ${m.perSecond.toFixed(1)} evals/s, p50 ${m.p50.toFixed(2)} ms, cpu ${m.cpu.total.toFixed(2)} ms/job${entries}`);
      return m;
    } finally {
      b.stop();
    }
  };
  for (const w of WORKLOADS) await warm(plan, plan.local, w);
  for (let k = 1; k <= plan.maxWorkers; k++) {
    workers.push(await startWorker(plan.redisUrl, plan.publicKeyPem, `bench-w${k}`, plan.workerConcurrency));
    const byWorkload = new Map(WORKLOADS.map((w) => [w.name, { local: [] as Measure[], queued: [] as Measure[] }]));
    pairs.set(k, byWorkload);
    for (const w of WORKLOADS) await warm(plan, plan.queue, w);
    for (let r = 0; r < plan.rounds; r++) {
      for (const w of WORKLOADS) {
        const pair = byWorkload.get(w.name)!;
        const setup = `${k} worker${k > 1 ? 's' : ''}`;
        pair.local.push(await once(`${w.name}, in-process beside ${setup}, round ${r + 1}`, plan.local, w));
        pair.queued.push(await once(`${w.name}, ${setup}, round ${r + 1}`, plan.queue, w));
      }
    }
  }
  return pairs;
}

// the jobs bench:scale times, and one measure of a runner: evaluations per second with several
// jobs in flight, latency back to back, and the cpu each process spent per job.
import type { SandboxJob, SandboxRunner } from '../core/contracts.ts';
import type { TokenService } from '../promotion/tokens.ts';
import { sha256Hex } from '../registry/chain.ts';
import { toScript } from '../validate/validator.ts';
import { treeCpuMs } from './scale-cpu.ts';
import { p, timeRuns } from './stages-measure.ts';

export interface Workload {
  name: string;
  source: string;
  /** inputs of one job (one evaluation): each is a run in a fresh context */
  inputs: unknown[];
  note: string;
}

export const WORKLOADS: Workload[] = [
  { name: 'trivial', source: 'export function run(x) { return x + 1; }', inputs: [1], note: 'one run of a one-line artifact: the overhead alone' },
  {
    name: 'spin',
    // a few ms of cpu per run, 4 runs a job: closer to a niche's public scenarios
    source: 'export function run(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * i) % 1000003; return s; }',
    inputs: [400_000, 400_001, 400_002, 400_003],
    note: '4 runs of a spin loop a job',
  },
];

/** jobs with fresh single-use tokens, made before the clock starts */
export async function makeJobs(tokens: TokenService, w: Workload, n: number): Promise<SandboxJob[]> {
  const script = await toScript(w.source);
  const sha256 = sha256Hex(w.source);
  const artifactId = `a_BENCHSCALE${w.name.toUpperCase()}`;
  return Promise.all(
    Array.from({ length: n }, async () => ({
      artifactId,
      sha256,
      script,
      token: (await tokens.issue({ artifactId, sha256, from: 'proposed', to: 'isolate', ttlSeconds: 3600 })).token,
      driver: 'function drive(a, input) { return a.run(input); }',
      inputs: w.inputs.map((input, i) => ({ scenarioId: `s${i}`, input })),
      // generous: a run on a machine shared with other work must not fail the bench
      limits: { memoryMb: 64, cpuMs: 10_000, wallMs: 20_000, maxOutputBytes: 1024 },
    })),
  );
}

export function runOf(runner: SandboxRunner, list: SandboxJob[]): (i: number) => Promise<void> {
  const signal = new AbortController().signal;
  return async (i) => {
    const runs = await runner.run(list[i]!, signal);
    const bad = runs.find((r) => !r.ok);
    if (bad) throw new Error(`${runner.stage} run failed: ${JSON.stringify(bad)}`);
  };
}

/** whose cpu is counted: the lab (this process and its children), each worker's tree, redis */
export interface CpuParts {
  lab: number;
  workers: number[];
  redis: number;
}

export interface Measure {
  perSecond: number;
  /** p50 of back-to-back jobs (one at a time) */
  p50: number;
  /** cpu ms per job, in flight */
  cpu: { lab: number; workers: number; redis: number; total: number };
  /** jobs per queue entry, in flight (queued measures) */
  perEntry?: number;
}

/** what a queued runner counts of its entries (QueueRunner.sent) */
export interface SentCount {
  entries: number;
  jobs: number;
}

export function cpuParts(workers: number[], redis: number): CpuParts {
  return { lab: treeCpuMs(process.pid, new Set([...workers, redis])), workers: workers.map((w) => treeCpuMs(w)), redis: treeCpuMs(redis) };
}

export async function measure(
  runner: SandboxRunner,
  jobs: (n: number) => Promise<SandboxJob[]>,
  counts: { flight: number; inFlight: number; latency: number },
  pids: { workers: number[]; redis: number },
  tick: () => void,
  sent?: SentCount,
): Promise<Measure> {
  const flight = await jobs(counts.flight);
  const sent0 = sent && { ...sent };
  const before = cpuParts(pids.workers, pids.redis);
  const t = await timeRuns(counts.flight, counts.inFlight, runOf(runner, flight), tick);
  const after = cpuParts(pids.workers, pids.redis);
  const perEntry = sent && sent0 ? (sent.jobs - sent0.jobs) / Math.max(1, sent.entries - sent0.entries) : undefined;
  const back = await timeRuns(counts.latency, 1, runOf(runner, await jobs(counts.latency)), tick);
  const per = (ms: number) => ms / counts.flight;
  const lab = per(after.lab - before.lab);
  const workers = per(after.workers.reduce((a, w, i) => a + w - before.workers[i]!, 0));
  const redis = per(after.redis - before.redis);
  return { perSecond: t.perSecond, p50: p(back.ms, 0.5), cpu: { lab, workers, redis, total: lab + workers + redis }, ...(perEntry === undefined ? {} : { perEntry }) };
}

// npm run bench:stages: runs per second and p50/p99 latency of each sandbox stage (isolate,
// jail, container) on the same trivial artifact, beside the raw tool in the same run: a bare
// bubblewrap spawn of node, a bare `docker run --rm` with runc and with runsc. prints a table,
// writes storage/bench/stages-*.json.
import { Command } from 'commander';
import { generateKeyPairSync } from 'node:crypto';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { SandboxJob, SandboxRunner } from '../core/contracts.ts';
import type { Stage } from '../core/vocabulary.ts';
import { TokenService } from '../promotion/tokens.ts';
import { sha256Hex } from '../registry/chain.ts';
import { ContainerRunner } from '../sandbox/container/container-runner.ts';
import { IsolateRunner } from '../sandbox/isolate-runner.ts';
import { jailFiles } from '../sandbox/jail/jail-files.ts';
import { JailRunner } from '../sandbox/jail/jail-runner.ts';
import { MemoryLedger, TokenGuard } from '../sandbox/runner.ts';
import { toScript } from '../validate/validator.ts';
import { finish, printTable, writeJson, type BenchRow } from './report.ts';
import { bareBwrap, bareDockerRun } from './stages-raw.ts';
import { p, timePaced, timeRuns, type Timing } from './stages-measure.ts';
import { progress } from './progress.ts';

const opts = new Command('bench:stages')
  .option('--quick', 'smaller counts, one round (a smoke run, figures not comparable)')
  .option('--rounds <n>', 'rounds per measure', (v) => Number(v), 3)
  .option('--storage <dir>', 'where bench json goes (storage/bench/)', 'storage')
  .parse()
  .opts<{ quick?: boolean; rounds: number; storage: string }>();

const q = opts.quick === true;
const rounds = q ? 1 : opts.rounds;
/** runs per measure: back-to-back (one at a time) and concurrent (two at a time, the pool size) */
const N = { isolate: q ? 50 : 300, jail: q ? 20 : 60, container: q ? 8 : 24, docker: q ? 5 : 12, paced: q ? 4 : 8 };
const WORKERS = 2;
const PACE_MS = 2500;
const TRIVIAL = 'export function run(x) { return x + 1; }';

const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version };
console.log(`bench:stages on ${machine.cores} cores (${machine.cpu}), node ${machine.node}${q ? ' (quick)' : ''}, ${rounds} round(s)`);

function bar(label: string, total: number): { tick: () => void; stop: () => void } {
  const b = progress(label, total, { clear: true });
  let n = 0;
  return { tick: () => b.update(++n), stop: () => b.stop() };
}

async function measure(label: string, n: number, concurrency: number, once: (i: number) => Promise<void>): Promise<Timing> {
  const b = bar(label, n);
  try {
    return await timeRuns(n, concurrency, once, b.tick);
  } finally {
    b.stop();
  }
}

const tokens = new TokenService(generateKeyPairSync('ed25519'));
const script = await toScript(TRIVIAL);
const sha256 = sha256Hex(TRIVIAL);

/**
 * jobs with fresh single-use tokens, made before the clock starts: all of the same trivial
 * artifact (the issue's measure: a rung's process may serve one artifact's jobs), or each of
 * a new artifact (every job then needs a process of its own)
 */
async function jobs(stage: Stage, n: number, distinct = false): Promise<SandboxJob[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const src = distinct ? `${TRIVIAL} // ${stage} ${i} ${Math.random()}` : TRIVIAL;
      const one = distinct ? { sha256: sha256Hex(src), script: await toScript(src) } : { sha256, script };
      return { id: distinct ? `a_BENCHNEW${i}` : 'a_BENCHSTAGES', src, ...one };
    }),
  ).then((list) => Promise.all(list.map(async ({ id, sha256, script }, i) => ({
      artifactId: id,
      sha256,
      script,
      token: (await tokens.issue({ artifactId: id, sha256, from: 'proposed', to: stage, ttlSeconds: 3600 })).token,
      driver: 'function drive(a, input) { return a.run(input); }',
      inputs: [{ scenarioId: 's0', input: i }],
      limits: { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1024 },
    }))));
}

function runOf(runner: SandboxRunner, list: SandboxJob[]): (i: number) => Promise<void> {
  const signal = new AbortController().signal;
  return async (i) => {
    const [r] = await runner.run(list[i]!, signal);
    if (!r?.ok) throw new Error(`${runner.stage} run failed: ${JSON.stringify(r)}`);
  };
}

interface Series {
  perSecond: number[];
  p50: number[];
  p99: number[];
}
const series = new Map<string, Series>();
function keep(name: string, back: Timing, together: Timing): void {
  const s = series.get(name) ?? { perSecond: [], p50: [], p99: [] };
  s.perSecond.push(together.perSecond);
  s.p50.push(p(back.ms, 0.5));
  s.p99.push(p(back.ms, 0.99));
  series.set(name, s);
}

/** back-to-back latency, then runs per second two at a time */
async function stageRounds(name: string, runner: SandboxRunner, n: number, distinct = false): Promise<void> {
  const probe = await runner.probe();
  if (!probe.available) throw new Error(`${name}: ${probe.reason}`);
  // warm: the pool starts all its children, the first jobs pay for the probe
  const warm = runOf(runner, await jobs(runner.stage, WORKERS, distinct));
  await Promise.all(Array.from({ length: WORKERS }, (_, i) => warm(i)));
  for (let r = 0; r < rounds; r++) {
    const back = await measure(`${name} back-to-back, round ${r + 1}`, n, 1, runOf(runner, await jobs(runner.stage, n, distinct)));
    const together = await measure(`${name} x${WORKERS}, round ${r + 1}`, n, WORKERS, runOf(runner, await jobs(runner.stage, n, distinct)));
    keep(name, back, together);
  }
}

async function rawRounds(name: string, once: () => Promise<void>, n: number): Promise<void> {
  await once();
  for (let r = 0; r < rounds; r++) {
    const back = await measure(`${name} back-to-back, round ${r + 1}`, n, 1, once);
    const together = await measure(`${name} x${WORKERS}, round ${r + 1}`, n, WORKERS, once);
    keep(name, back, together);
  }
}

const guard = () => new TokenGuard(tokens, new MemoryLedger());
const isolate = new IsolateRunner(guard(), { workers: WORKERS, graceMs: 1000 });
const jail = new JailRunner(guard(), { workers: WORKERS, graceMs: 1000 });
const container = new ContainerRunner(guard(), { workers: WORKERS, graceMs: 1000 });
const paced: number[] = [];
let containerDetail: Record<string, unknown> = {};
try {
  await stageRounds('isolate', isolate, N.isolate);
  await isolate.close();
  await stageRounds('jail', jail, N.jail);
  await stageRounds('jail, a new artifact each run', jail, N.jail, true);
  await jail.close();
  await rawRounds('raw bwrap node -e 0', bareBwrap(await jailFiles()), N.jail);
  const probe = await container.probe();
  containerDetail = probe.detail ?? {};
  await stageRounds('container', container, N.container);
  await stageRounds('container, a new artifact each run', container, N.container, true);
  {
    const list = await jobs('container', N.paced * rounds);
    const b = bar(`container paced (1 per ${PACE_MS / 1000} s)`, list.length);
    paced.push(...(await timePaced(list.length, PACE_MS, runOf(container, list), b.tick)));
    b.stop();
  }
  await container.close();
  const image = String(containerDetail.image);
  await rawRounds('raw docker run runc', bareDockerRun(image, 'runc'), N.docker);
  await rawRounds('raw docker run runsc', bareDockerRun(image, 'runsc'), N.docker);
} finally {
  await Promise.all([isolate.close(), jail.close(), container.close()]);
}

const get = (name: string) => series.get(name)!;
const ratio = (a: number[], b: number[]) => a.map((x, i) => x / b[i]!);
const rows: BenchRow[] = [];
const runtime = String(containerDetail.runtime);
for (const [name, s] of series) {
  const fresh = name.includes('new artifact');
  const note = name.startsWith('container')
    ? `runtime ${runtime}, warm pool of ${WORKERS}, ${fresh ? 'a container per artifact' : "one artifact's jobs share a container"}`
    : name.startsWith('raw')
      ? 'same run, no pool'
      : `pool of ${WORKERS}${name.startsWith('jail') ? (fresh ? ', a process per artifact' : ", one artifact's jobs share a process") : ''}`;
  rows.push({
    name: `${name}: runs x${WORKERS}`,
    unit: 'runs/s',
    rounds: s.perSecond,
    note,
    ...(name === 'jail' ? { target: { op: '>=' as const, value: 20 } } : {}),
  });
  rows.push({ name: `  p50 back-to-back`, unit: 'ms', rounds: s.p50, ...(name === 'container' ? { target: { op: '<=' as const, value: 600 } } : {}) });
  rows.push({ name: `  p99 back-to-back`, unit: 'ms', rounds: s.p99 });
}
rows.push({ name: 'jail / raw bwrap spawn rate', unit: 'x', rounds: ratio(get('jail').perSecond, get('raw bwrap node -e 0').perSecond), target: { op: '>=', value: 1 } });
rows.push({ name: `container p50 / raw docker run runsc p50`, unit: 'x', rounds: ratio(get('container').p50, get('raw docker run runsc').p50), target: { op: '<=', value: 1.2 } });
rows.push({ name: 'container p50, paced (pool keeps up)', unit: 'ms', rounds: [p(paced, 0.5)], note: `p99 ${p(paced, 0.99).toFixed(0)} ms over ${paced.length} runs, one per ${PACE_MS} ms` });

const results = finish(rows);
printTable('bench:stages (medians of rounds; latency is per run, back-to-back)', results);
const file = writeJson(resolve(opts.storage), 'stages', { machine, quick: q, rounds, counts: N, container: containerDetail, results, raw: Object.fromEntries(series), paced });
console.log(`\nwrote ${file}`);

// npm run bench:pipeline: lifecycles/s, isolate runs/s, registry appends/s, verify time
// and resident memory under load. prints a table, writes storage/bench/pipeline-*.json.
import { Command } from 'commander';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab } from '../lab.ts';
import { clockNiche } from '../niches/clock/index.ts';
import { finish, printTable, writeJson, type BenchRow } from './report.ts';
import { appendsPerSecond, verifyTimes } from './measure-registry.ts';
import { bareContextsPerSecond, isolateRunsPerSecond, trivialJob } from './measure-isolate.ts';
import { lifecycles, memoryUnderLoad } from './measure-lifecycles.ts';
import { progress, type Progress } from './progress.ts';

const opts = new Command('bench:pipeline')
  .option('--quick', 'smaller counts (a smoke run, figures not comparable)')
  .option('--rounds <n>', 'rounds per measure', (v) => Number(v), 3)
  .option('--storage <dir>', 'where bench json goes (storage/bench/)', 'storage')
  .parse()
  .opts<{ quick?: boolean; rounds: number; storage: string }>();

const q = opts.quick === true;
const N = {
  lifecycles: q ? 100 : 600,
  appends: q ? 5_000 : 20_000,
  verifyEvents: q ? 20_000 : 100_000,
  memoryProposals: q ? 1_000 : 10_000,
  isolateSeconds: q ? 1 : 3,
};

const bar = (label: string, total: number): Progress => progress(label, total, { clear: true });

const rows: BenchRow[] = [];
const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version };
console.log(`bench:pipeline on ${machine.cores} cores (${machine.cpu}), node ${machine.node}${q ? ' (quick)' : ''}`);

// registry
const chained: number[] = [];
const reference: number[] = [];
{
  const b = bar('registry appends, rounds', opts.rounds);
  for (let r = 0; r < opts.rounds; r++) {
    const a = appendsPerSecond(N.appends);
    chained.push(a.chained);
    reference.push(a.reference);
    b.update(r + 1);
  }
  b.stop();
}
rows.push({ name: 'registry appends (hash+sign+mirror)', unit: 'events/s', rounds: chained, target: { op: '>=', value: 5000 } });
rows.push({ name: '  reference: bare sqlite insert', unit: 'rows/s', rounds: reference, reference: 'same process' });
{
  const b = bar('building registry for verify', N.verifyEvents);
  const v = await verifyTimes(N.verifyEvents, opts.rounds, (d) => b.update(d));
  b.stop();
  rows.push({ name: `verify ${N.verifyEvents.toLocaleString('en-US')} events`, unit: 'ms', rounds: v.ms, target: { op: '<=', value: 2000 }, note: v.ok ? 'chain ok' : 'VERIFY FAILED' });
  rows.push({ name: '  verify --full (every signature)', unit: 'ms', rounds: [v.fullMs], note: 'one round' });
}

// sandbox and lifecycle, on a lab with its own storage
const storage = tmpStorage();
const lab = await createLab(loadConfig({ storage: { dir: storage.dir }, senses: { enabled: false }, server: { logLevel: 'silent' } }));
try {
  const workers = lab.config.sandbox.workers;
  const job = await trivialJob(lab.tokens, 50);
  const iso: number[] = [];
  const bare: number[] = [];
  const ib = bar('isolate runs, rounds', opts.rounds);
  for (let r = 0; r < opts.rounds; r++) {
    iso.push(await isolateRunsPerSecond(lab.runner, lab.tokens, job, workers, N.isolateSeconds));
    bare.push(bareContextsPerSecond(N.isolateSeconds / 2));
    ib.update(r + 1);
  }
  ib.stop();
  rows.push({ name: `isolate runs (${workers} children)`, unit: 'runs/s', rounds: iso, target: { op: '>=', value: 2000 }, note: 'trivial artifact, fresh context per run' });
  rows.push({ name: '  reference: bare context, 1 core', unit: 'contexts/s', rounds: bare, reference: 'same process' });

  const lc: number[] = [];
  let passed = 0;
  for (let r = 0; r < opts.rounds; r++) {
    const b = bar(`lifecycles round ${r + 1}`, N.lifecycles);
    const res = await lifecycles(lab, clockNiche.baseline, N.lifecycles, (d) => b.update(d));
    b.stop();
    lc.push(res.perSecond);
    passed = res.passed;
  }
  rows.push({ name: 'full lifecycles, clock baseline', unit: 'lifecycles/s', rounds: lc, target: { op: '>=', value: 200 }, note: `${passed}/50 sampled gated pass` });

  const b = bar('memory under load', N.memoryProposals);
  const mem = await memoryUnderLoad(lab, clockNiche.baseline, N.memoryProposals, (d) => b.update(d));
  b.stop();
  const n = N.memoryProposals.toLocaleString('en-US');
  rows.push({ name: `lab process rss, ${n} proposals`, unit: 'MB max', rounds: [mem.lab.maxMb], target: { op: '<=', value: 300 }, note: 'the api process, after warm-up' });
  rows.push({ name: '  its growth after warm-up', unit: '%', rounds: [mem.lab.growth * 100], target: { op: '<=', value: 10 }, note: 'last fifth vs first fifth (medians)' });
  const hosts = `api + ${lab.config.sandbox.workers} isolate hosts`;
  rows.push({ name: `lab + sandbox children, pss`, unit: 'MB max', rounds: [mem.together.maxMb], target: { op: '<=', value: 300 }, note: `${hosts}, pss summed: a page shared by n of them counts 1/n in each` });
  rows.push({ name: '  its growth after warm-up', unit: '%', rounds: [mem.together.growth * 100], target: { op: '<=', value: 10 } });
  rows.push({ name: '  rss summed', unit: 'MB max', rounds: [mem.total.maxMb], note: "node's code and the shared libraries counted once per process" });

  const results = finish(rows);
  printTable('bench:pipeline (medians of rounds)', results);
  const file = writeJson(resolve(opts.storage), 'pipeline', { machine, quick: q, counts: N, results, memory: mem.samples });
  console.log(`\nwrote ${file}`);
} finally {
  await lab.close();
  storage.cleanup();
}

// bench:scale's table: evaluations per second by setup, the queue's overhead against the
// in-process measure taken beside it, registry appends, and the estimate for N hosts.
import { median } from '../niches/shared/stats.ts';
import type { BenchRow } from './report.ts';
import { estimate, type Estimate } from './scale-estimate.ts';
import type { AppendRates } from './scale-registry.ts';
import { WORKLOADS, type Measure } from './scale-runs.ts';
import type { Pairs } from './scale-sandbox.ts';

const fixed = (xs: number[]) => median(xs).toFixed(2);

function setupRow(name: string, m: Measure[], inFlight: number, local: boolean): BenchRow {
  const cpu = (k: 'lab' | 'workers' | 'redis') => fixed(m.map((x) => x.cpu[k]));
  const split = local ? `cpu ${cpu('lab')} ms/job` : `cpu ms/job: lab ${cpu('lab')}, workers ${cpu('workers')}, redis ${cpu('redis')}; ${fixed(m.map((x) => x.perEntry ?? 1))} jobs/entry`;
  return { name, unit: 'evals/s', rounds: m.map((x) => x.perSecond), note: `${inFlight} in flight; p50 back-to-back ${fixed(m.map((x) => x.p50))} ms; ${split}` };
}

export function sandboxRows(pairs: Pairs, inFlight: number): BenchRow[] {
  const rows: BenchRow[] = [];
  const max = Math.max(...pairs.keys());
  for (const w of WORKLOADS) {
    const all = [...pairs.values()].map((p) => p.get(w.name)!);
    rows.push(setupRow(`${w.name}: in-process`, all.flatMap((p) => p.local), inFlight, true));
    for (const [k, p] of pairs) rows.push(setupRow(`${w.name}: ${k} worker${k > 1 ? 's' : ''}`, p.get(w.name)!.queued, inFlight, false));
    const one = pairs.get(1)!.get(w.name)!;
    const top = pairs.get(max)!.get(w.name)!;
    rows.push({ name: `${w.name}: queue overhead, latency`, unit: 'ms/job', rounds: one.queued.map((q, i) => q.p50 - one.local[i]!.p50), target: { op: '<=', value: 2 }, note: 'p50 back-to-back, 1 worker minus in-process beside it' });
    rows.push({ name: `${w.name}: queue overhead, cpu`, unit: 'ms/job', rounds: one.queued.map((q, i) => q.cpu.total - one.local[i]!.cpu.total), target: { op: '<=', value: 2 }, note: 'cpu of every process, 1 worker minus in-process beside it' });
    rows.push({ name: `${w.name}: ${max} workers / in-process`, unit: 'x', rounds: top.queued.map((q, i) => q.perSecond / top.local[i]!.perSecond), target: { op: '>=', value: 0.9 }, note: 'throughput on this machine, beside each other' });
    // with every process on the same cores, throughput follows cpu per job
    rows.push({ name: `${w.name}: ${max} workers / in-process, cpu bound`, unit: 'x', rounds: top.queued.map((q, i) => top.local[i]!.cpu.total / q.cpu.total), note: 'in-process cpu per job / queued cpu per job: where the ratio above sits when both keep the cores busy' });
  }
  return rows;
}

export function registryRows(registry: Record<'sqlite' | 'postgresql', AppendRates[]>, inFlight: number): BenchRow[] {
  return (['sqlite', 'postgresql'] as const).flatMap((backend) => [
    { name: `registry appends, ${backend}, one at a time`, unit: 'appends/s', rounds: registry[backend].map((x) => x.sequential) },
    { name: `registry appends, ${backend}, ${inFlight} in flight`, unit: 'appends/s', rounds: registry[backend].map((x) => x.concurrent) },
  ]);
}

/** from the 1-worker measures: the worker's, the lab's and redis's cpu per job */
export function estimateRows(pairs: Pairs, hosts: number[], cores: number): { rows: BenchRow[]; estimates: Record<string, Estimate[]> } {
  const rows: BenchRow[] = [];
  const estimates: Record<string, Estimate[]> = {};
  for (const w of WORKLOADS) {
    const one = pairs.get(1)!.get(w.name)!.queued;
    const cpu = { worker: median(one.map((x) => x.cpu.workers)), lab: median(one.map((x) => x.cpu.lab)), redis: median(one.map((x) => x.cpu.redis)) };
    estimates[w.name] = hosts.map((n) => estimate(cpu, n, cores));
    for (const e of estimates[w.name]!) {
      rows.push({ name: `${w.name}: estimate, ${e.hosts} host${e.hosts > 1 ? 's' : ''} of ${cores} cores`, unit: 'evals/s', rounds: [e.perSecond], note: `limited by ${e.limitedBy}` });
    }
  }
  return { rows, estimates };
}

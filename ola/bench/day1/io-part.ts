// io scheduler stub: user-space read coalescing throughput and its variance, beside the naive
// one-read-per-request plan on the same real files in the same run.
import { benchmarkCoalesce, type IoScenario } from '../../niches/io.coalesce/index.ts';
import { median, variance } from '../../niches/shared/stats.ts';
import { failure, prepare, type Day1Context } from './context.ts';
import { row, type PartResult, type Plot } from './types.ts';

const histogram = (xs: number[], edges: number[]): [number, number][] =>
  edges.slice(0, -1).map((lo, i) => [Number(lo.toFixed(4)), xs.filter((x) => x >= lo && x < edges[i + 1]!).length / Math.max(1, xs.length)]);

export async function ioPart(ctx: Day1Context, progress: (label: string) => void): Promise<PartResult> {
  const p = await prepare(ctx, 'io.coalesce');
  const scenarios = ctx.catalog.scenarios('io.coalesce').public as IoScenario[];
  progress('planning the reads in the sandbox');
  const runs = await p.run(scenarios);
  const repeats = ctx.quick ? 3 : 7;
  const plan = { mbs: [] as number[], lat: [] as number[], reads: 0 };
  const naive = { mbs: [] as number[], lat: [] as number[], reads: 0 };
  const rows = [];
  for (const [i, s] of scenarios.entries()) {
    progress(`reading ${s.id} (${i + 1}/${scenarios.length}) both ways, ${repeats} times`);
    const why = failure(runs[i]);
    const b = why ? { ok: false as const, reason: why } : benchmarkCoalesce(s, runs[i]!.output, repeats);
    if (!b.ok) {
      rows.push(row('io', `${s.id}: failed`, NaN, '', undefined, b.reason));
      continue;
    }
    // per scenario the median repeat; latencies pooled over repeats
    plan.mbs.push(median(b.plan.throughputMbS));
    naive.mbs.push(median(b.naive.throughputMbS));
    for (const l of b.plan.latencyMs) plan.lat.push(...l);
    for (const l of b.naive.latencyMs) naive.lat.push(...l);
    plan.reads += b.counts.backing_reads ?? 0;
    naive.reads += b.counts.requests ?? 0;
  }
  const speedup = median(plan.mbs) / median(naive.mbs);
  rows.push(row('io', 'coalesced throughput (median of scenarios)', median(plan.mbs), 'MB/s'));
  rows.push(row('io', 'naive throughput (same run)', median(naive.mbs), 'MB/s'));
  rows.push(row('io', 'speed-up over naive', speedup, 'x', undefined, 'page-cached files: fewer syscalls, one more copy'));
  rows.push(row('io', 'backing reads, coalesced / naive', plan.reads / Math.max(1, naive.reads), 'share'));
  rows.push(row('io', 'request latency variance, coalesced', variance(plan.lat), 'ms²'));
  rows.push(row('io', 'request latency variance, naive', variance(naive.lat), 'ms²'));
  const hi = Math.max(1e-6, ...plan.lat, ...naive.lat);
  const edges = Array.from({ length: 21 }, (_, k) => (hi * k) / 20);
  const plots: Plot[] = [
    {
      id: 'io-latency',
      kind: 'hist',
      title: 'io: request latency distribution',
      x: 'ms from window start',
      y: 'share of requests',
      series: [
        { name: 'coalesced', points: histogram(plan.lat, edges) },
        { name: 'naive', points: histogram(naive.lat, edges) },
      ],
    },
  ];
  return { part: 'io', niche: 'io.coalesce', title: 'io scheduler stub: read coalescing vs naive', artifact: p.artifact, rows, plots };
}

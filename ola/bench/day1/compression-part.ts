// compression fs: ratio on the corpus with exact read-back, beside node:zlib gzip (level 6)
// and brotli measured on the same slices and blocks in the same run.
import type { Scenario } from '../../core/contracts.ts';
import { referenceRatios } from '../../niches/fuse.compress/index.ts';
import type { FuseInput, FuseTruth } from '../../niches/fuse.compress/scenarios.ts';
import { failure, prepare, type Day1Context } from './context.ts';
import { row, type PartResult, type Plot } from './types.ts';

export async function compressionPart(ctx: Day1Context, progress: (label: string) => void): Promise<PartResult> {
  const p = await prepare(ctx, 'fuse.compress');
  const set = ctx.catalog.scenarios('fuse.compress');
  const scenarios = set.public as Scenario<FuseInput, FuseTruth>[];
  progress('compressing the corpus in the sandbox');
  const runs = await p.run(scenarios);
  const judged = scenarios.map((s, i) => {
    const why = failure(runs[i]);
    return why ? { scenarioId: s.id, ok: false, reason: why, metrics: {} } : p.niche.judge.judge(s, runs[i]!.output, runs[i]!);
  });
  const ok = judged.filter((j) => j.ok);
  const rows = [];
  for (const j of judged.filter((x) => !x.ok)) rows.push(row('compression', `${j.scenarioId}: read-back failed`, NaN, '', undefined, j.reason));
  const agg = ok.length > 0 ? p.niche.judge.aggregate(ok) : {};
  progress('gzip and brotli on the same blocks');
  const ref = referenceRatios(scenarios);
  rows.push(row('compression', 'exact read-back (blocks and fs ops)', ok.length / scenarios.length, 'share', { op: '>=', value: 1 }));
  rows.push(row('compression', 'ratio, artifact', agg.ratio ?? NaN, 'x', { op: '>=', value: 1 }, 'original bytes / compressed bytes'));
  rows.push(row('compression', 'ratio, gzip level 6 (reference)', ref.gzip.ratio, 'x'));
  rows.push(row('compression', 'ratio, brotli (reference)', ref.brotli.ratio, 'x'));
  rows.push(row('compression', 'artifact ratio / gzip ratio', (agg.ratio ?? NaN) / ref.gzip.ratio, 'x'));
  rows.push(row('compression', 'artifact MB/s (both directions, sandbox cpu)', agg.roundtrip_mb_s ?? agg.compress_mb_s ?? NaN, 'MB/s'));
  rows.push(row('compression', 'gzip compress MB/s (host)', ref.gzip.compress_mb_s, 'MB/s'));
  rows.push(row('compression', 'brotli compress MB/s (host)', ref.brotli.compress_mb_s, 'MB/s'));
  const kinds = [...new Set(scenarios.map((s) => s.kind))];
  const byKind = (m: Record<string, number>) => kinds.map((k) => [k, m[`ratio_${k}`] ?? m[k] ?? 0] as [string, number]);
  const plots: Plot[] = [
    {
      id: 'compression-kinds',
      kind: 'bar',
      title: 'compression: ratio by file kind',
      x: 'file kind',
      y: 'ratio (x)',
      series: [
        { name: `artifact (${p.artifact.origin})`, points: byKind(agg) },
        { name: 'gzip -6', points: byKind(ref.gzip.ratio_by_kind) },
        { name: 'brotli', points: byKind(ref.brotli.ratio_by_kind) },
      ],
    },
  ];
  return { part: 'compression', niche: 'fuse.compress', title: 'compression fs: ratio with exact read-back', artifact: p.artifact, rows, plots };
}

// npm run bench:evolve: a fixed-seed evolution on each niche from its baseline, with a fixed
// evaluation budget; best headline metric per generation beside the baseline. json + html.
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab } from '../lab.ts';
import { ALL_NICHES } from '../niches/catalog.ts';
import { writeSeededKey } from '../registry/keys.ts';
import type { RoundReport, RunSummary } from '../proposers/drive.ts';
import { svgPlot } from './day1/svg-plot.ts';
import { writeJson } from './report.ts';

const o = new Command('bench:evolve')
  .option('--seed <n>', 'evolution seed', (v) => Number(v), 1)
  .option('--budget <n>', 'evaluations per niche', (v) => Number(v), 2000)
  .option('--niche <ids>', 'comma-separated niches (default: all)')
  .option('--quick', 'a smoke run (150 evaluations per niche)')
  .option('--storage <dir>', 'where bench json goes', 'storage')
  .parse()
  .opts<{ seed: number; budget: number; niche?: string; quick?: boolean; storage: string }>();

const budget = o.quick ? 150 : o.budget;
const niches = o.niche ? ALL_NICHES.filter((n) => o.niche!.split(',').includes(n.id)) : ALL_NICHES;
interface Result {
  niche: string;
  better: string;
  metric: string;
  summary?: RunSummary;
  /** utility of the seed (the baseline as judged in this run) */
  baselineUtility?: number;
  generations: RoundReport[];
  error?: string;
}
const results: Result[] = [];

for (const niche of niches) {
  const storage = tmpStorage();
  // a fixed lab key: the held-out set, and so the gate, is the same on every run
  writeSeededKey(storage.dir, Buffer.alloc(32, 1));
  const lab = await createLab(loadConfig({ storage: { dir: storage.dir }, senses: { enabled: false }, server: { logLevel: 'silent' } }));
  const bar = new SingleBar({ format: `${niche.id.padEnd(16)} [{bar}] {value}/{total} evals | best {best}`, hideCursor: true }, Presets.shades_classic);
  bar.start(budget, 0, { best: '-' });
  try {
    const v = lab.ola.start({ niche: niche.id, seed: o.seed, budget: { evaluations: budget } });
    const t = setInterval(() => {
      const x = lab.ola.get(v.id)!;
      bar.update(Math.min(budget, x.evaluations), { best: x.generations.at(-1)?.best?.headline.toPrecision(4) ?? '-' });
    }, 500);
    const done = await lab.ola.wait(v.id);
    clearInterval(t);
    const r: Result = { niche: niche.id, better: niche.headline.better, metric: niche.headline.metric, summary: done?.summary, baselineUtility: done?.summary?.baselineFitness, generations: done?.generations ?? [], error: done?.error };
    results.push(r);
  } catch (err) {
    results.push({ niche: niche.id, better: niche.headline.better, metric: niche.headline.metric, generations: [], error: (err as Error).message });
  } finally {
    bar.stop();
    await lab.close();
    storage.cleanup();
  }
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toPrecision(4));
const lines = results.map((r) => {
  const s = r.summary;
  const change = s?.best && s.baseline ? ((s.best.headline - s.baseline) / Math.abs(s.baseline || 1)) * 100 : NaN;
  const headlineSame = s?.best?.headline === s?.baseline;
  const outcome = r.error ? `ERROR ${r.error}` : s?.improved ? (headlineSame ? 'improved (utility; headline unchanged)' : 'improved') : 'nothing better found';
  return [r.niche, `${r.metric} (${r.better})`, fmt(s?.baseline), fmt(s?.best?.headline), Number.isFinite(change) ? `${change > 0 ? '+' : ''}${change.toFixed(1)}%` : '-', fmt(r.baselineUtility), fmt(s?.best?.fitness), String(s?.evaluations ?? 0), fmt(s?.evalsPerSecond), outcome];
});
const head = ['niche', 'metric', 'baseline', 'best', 'change', 'utility base', 'utility best', 'evals', 'evals/s', 'outcome'];
const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const out = (c: string[]) => console.log(c.map((x, i) => x.padEnd(w[i]!)).join('  ').trimEnd());
console.log(`\nbench:evolve seed ${o.seed}, ${budget} evaluations per niche`);
out(head);
console.log(w.map((n) => '-'.repeat(n)).join('  '));
lines.forEach(out);
const improved = results.filter((r) => r.summary?.improved).length;
console.log(`\nimproved on ${improved} of ${results.length} niches (target: at least 3)`);

const data = { seed: o.seed, budget, quick: o.quick === true, results };
const file = writeJson(resolve(o.storage), 'evolve', data);
const plots = results.map((r) =>
  svgPlot({
    id: r.niche,
    kind: 'line',
    title: `${r.niche}: best ${r.metric} per generation (${r.better} is better)`,
    x: 'evaluations',
    y: r.metric,
    series: [
      { name: 'best', points: r.generations.filter((g) => g.best).map((g) => [g.evaluations, g.best!.headline] as [number, number]) },
      { name: 'baseline', points: r.summary?.baseline === undefined ? [] : [[0, r.summary.baseline], [budget, r.summary.baseline]] },
    ],
  }),
);
const html = file.replace(/\.json$/, '.html');
writeFileSync(html, `<!doctype html><meta charset="utf-8"><title>bench:evolve</title><body style="font-family:sans-serif;max-width:900px;margin:2em auto"><h1>bench:evolve — seed ${o.seed}, ${budget} evaluations per niche</h1><pre>${[head, ...lines].map((l) => l.map((x, i) => x.padEnd(w[i]!)).join('  ')).join('\n')}</pre>${plots.join('')}</body>`);
console.log(`wrote ${file}\n      ${html}`);
process.exit(0);

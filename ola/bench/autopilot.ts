// npm run bench:autopilot [-- --minutes 60 --budget 200]: what `ola serve --evolve` discovers on its
// own in a given time. a lab on embedded defaults with the autopilot on (senses off, so it never
// waits on the machine's load), sampled every --sample seconds: per niche the runs and evaluations so
// far and the registry's best, on the public scenarios (what the proposer chose by) and the held-out
// ones (what the gate judged). the report says, per quarter of the time, how often each niche's best
// improved: a long run that keeps discovering does not stop at its first plateau. json + html.
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArtifactRecord, Niche } from '../core/contracts.ts';
import { loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab } from '../lab.ts';
import { writeSeededKey } from '../registry/keys.ts';
import { svgPlot } from './day1/svg-plot.ts';
import { renderTable, type Table } from './evolve/tables.ts';
import { progress } from './progress.ts';
import { writeJson } from './report.ts';

const o = new Command('bench:autopilot')
  .option('--minutes <n>', 'how long the autopilot runs', (v) => Number(v), 60)
  .option('--budget <n>', 'evaluations per autonomous run (ola serve --evolve-budget)', (v) => Number(v), 200)
  .option('--sample <s>', 'seconds between samples', (v) => Number(v), 30)
  .option('--quick', 'a smoke run: 3 minutes, 60 evaluations a run')
  .option('--storage <dir>', 'where bench json goes', 'storage')
  .parse()
  .opts<{ minutes: number; budget: number; sample: number; quick?: boolean; storage: string }>();

const minutes = o.quick ? 3 : o.minutes;
const budget = o.quick ? 60 : o.budget;
const sampleMs = (o.quick ? 10 : o.sample) * 1000;

/** one niche at one moment */
interface Point {
  minute: number;
  runs: number;
  evaluations: number;
  best?: { id: string; publicUtility: number; publicHeadline: number; heldOutHeadline?: number; heldOutUtility?: number };
}

interface NicheReport {
  niche: string;
  metric: string;
  better: string;
  baseline?: { publicHeadline?: number; heldOutHeadline?: number };
  points: Point[];
  /** times the best's public utility rose, per quarter of the run */
  improvementsByQuarter: number[];
  lastImprovementMinute?: number;
}

const storage = tmpStorage();
writeSeededKey(storage.dir, Buffer.alloc(32, 1));
const lab = await createLab(
  loadConfig({ storage: { dir: storage.dir }, senses: { enabled: false }, server: { logLevel: 'silent' }, autopilot: { enabled: true, budget } }),
);
const niches: Niche[] = lab.catalog.list();
const series = new Map<string, Point[]>(niches.map((n) => [n.id, []]));
const t0 = performance.now();
const minuteNow = () => (performance.now() - t0) / 60_000;

const figures = (a: ArtifactRecord | undefined, n: Niche): Point['best'] =>
  a?.score
    ? {
        id: a.id,
        publicUtility: a.score.utility,
        publicHeadline: a.score.metrics[n.headline.metric] ?? NaN,
        heldOutHeadline: a.heldOut?.runs ? a.heldOut.metrics[n.headline.metric] : undefined,
        heldOutUtility: a.heldOut?.runs ? a.heldOut.utility : undefined,
      }
    : undefined;

async function sample(): Promise<void> {
  const runs = lab.ola.list();
  const minute = minuteNow();
  for (const n of niches) {
    const mine = runs.filter((r) => r.niche === n.id);
    series.get(n.id)!.push({ minute, runs: mine.length, evaluations: mine.reduce((s, r) => s + r.evaluations, 0), best: figures(await lab.store.best(n.id), n) });
  }
}

const bar = progress('autopilot minutes', minutes, { detail: ' | {runs} runs, {evals} evaluations' });
const end = t0 + minutes * 60_000;
await sample();
while (performance.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(sampleMs, Math.max(0, end - performance.now()))));
  await sample();
  const runs = lab.ola.list();
  bar.update(Math.min(minutes, Math.floor(minuteNow())), { runs: runs.length, evals: runs.reduce((s, r) => s + r.evaluations, 0) });
}
bar.stop();
await lab.autopilot.stop();
await sample();

const reports: NicheReport[] = [];
for (const n of niches) {
  const points = series.get(n.id)!;
  // the baseline: the seed of the niche's first run
  const first = lab.ola.list().filter((r) => r.niche === n.id).at(-1);
  const seed = first ? (await lab.store.artifactsOfRun(first.id)).find((a) => a.meta?.role === 'seed') : undefined;
  const quarters = [0, 0, 0, 0];
  let last: number | undefined;
  let lastMinute: number | undefined;
  for (const p of points) {
    const u = p.best?.publicUtility;
    if (u === undefined) continue;
    if (last !== undefined && u > last + 1e-12) {
      quarters[Math.min(3, Math.floor((p.minute / minutes) * 4))]!++;
      lastMinute = p.minute;
    }
    last = u;
  }
  reports.push({
    niche: n.id,
    metric: n.headline.metric,
    better: n.headline.better,
    baseline: seed ? { publicHeadline: seed.score?.metrics[n.headline.metric], heldOutHeadline: seed.heldOut?.runs ? seed.heldOut.metrics[n.headline.metric] : undefined } : undefined,
    points,
    improvementsByQuarter: quarters,
    ...(lastMinute !== undefined ? { lastImprovementMinute: lastMinute } : {}),
  });
}
const decisions = lab.autopilot.decisions;
await lab.close();
storage.cleanup();

const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toPrecision(4));
const table: Table = {
  head: ['niche', 'metric', 'runs', 'evals', 'baseline public', 'best public', 'baseline held-out', 'best held-out', 'best utility (held-out)', 'improvements by quarter', 'last improvement'],
  rows: reports.map((r) => {
    const last = r.points.at(-1)!;
    return [
      r.niche,
      `${r.metric} (${r.better})`,
      String(last.runs),
      String(last.evaluations),
      f(r.baseline?.publicHeadline),
      f(last.best?.publicHeadline),
      f(r.baseline?.heldOutHeadline),
      f(last.best?.heldOutHeadline),
      f(last.best?.heldOutUtility),
      r.improvementsByQuarter.join(' / '),
      r.lastImprovementMinute === undefined ? '-' : `minute ${r.lastImprovementMinute.toFixed(0)}`,
    ];
  }),
};
const runs = reports.reduce((s, r) => s + r.points.at(-1)!.runs, 0);
const title = `bench:autopilot: ola serve --evolve for ${minutes} minutes, ${budget} evaluations a run, ${runs} runs`;
console.log(`\n${title}\n`);
renderTable(table).forEach((l) => console.log(l));
const lateQuarter = reports.filter((r) => r.improvementsByQuarter[3]! > 0).length;
const lateHalf = reports.filter((r) => r.improvementsByQuarter[2]! + r.improvementsByQuarter[3]! > 0).length;
console.log(`\nniches whose best still improved in the last half: ${lateHalf} of ${reports.length}; in the last quarter: ${lateQuarter}`);

const file = writeJson(resolve(o.storage), 'autopilot', { minutes, budget, sampleS: sampleMs / 1000, quick: o.quick === true, reports, decisions });
const html = file.replace(/\.json$/, '.html');
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
const plots = reports.map((r) => {
  const pts = (k: 'publicHeadline' | 'heldOutHeadline') => r.points.filter((p) => p.best?.[k] !== undefined && Number.isFinite(p.best[k])).map((p) => [p.minute, p.best![k]!] as [number, number]);
  const flat = (v: number | undefined): [number, number][] => (v === undefined || !Number.isFinite(v) ? [] : [[0, v], [minutes, v]]);
  return svgPlot({
    id: r.niche,
    kind: 'line',
    title: `${r.niche}: the registry's best ${r.metric} (${r.better} is better) over the run`,
    x: 'minutes',
    y: r.metric,
    series: [
      { name: 'best, public', points: pts('publicHeadline') },
      { name: 'best, held-out', points: pts('heldOutHeadline') },
      { name: 'baseline, held-out', points: flat(r.baseline?.heldOutHeadline) },
    ],
  });
});
writeFileSync(
  html,
  `<!doctype html><meta charset="utf-8"><title>bench:autopilot</title><body style="font-family:sans-serif;max-width:1100px;margin:2em auto"><h1>${esc(title)}</h1><pre style="overflow-x:auto">${esc(renderTable(table).join('\n'))}</pre>${plots.join('')}</body>`,
);
console.log(`wrote ${file}\n      ${html}`);
process.exit(0);

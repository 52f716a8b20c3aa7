// npm run bench:autopilot [-- --minutes 60 --budget 200]: what `ola serve --evolve` discovers on its
// own in a given time. a lab on embedded defaults with the autopilot on (senses off, so it never
// waits on the machine's load), sampled every --sample seconds: per niche the runs and evaluations so
// far and the registry's best, on the public scenarios (what the proposer chose by) and the held-out
// ones (what the gate judged). the report says, per quarter of the time, how often each niche's best
// improved: a long run that keeps discovering does not stop at its first plateau. json + html;
// --report renders a saved json again.
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArtifactRecord, Niche } from '../core/contracts.ts';
import { loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab } from '../lab.ts';
import { writeSeededKey } from '../registry/keys.ts';
import { render, type AutopilotData, type NicheReport, type Point } from './autopilot/report.ts';
import { renderTable } from './evolve/tables.ts';
import { progress } from './progress.ts';
import { benchStamp, writeJson } from './report.ts';

const o = new Command('bench:autopilot')
  .option('--minutes <n>', 'how long the autopilot runs', (v) => Number(v), 60)
  .option('--budget <n>', 'evaluations per autonomous run (ola serve --evolve-budget)', (v) => Number(v), 200)
  .option('--sample <s>', 'seconds between samples', (v) => Number(v), 30)
  .option('--quick', 'a smoke run: 3 minutes, 60 evaluations a run')
  .option('--report <json>', 'render a saved run again (table and html), without running')
  .option('--storage <dir>', 'where bench json goes', 'storage')
  .parse()
  .opts<{ minutes: number; budget: number; sample: number; quick?: boolean; report?: string; storage: string }>();

function show(d: AutopilotData, file: string): void {
  const r = render(d);
  console.log(`\n${r.title}\n`);
  renderTable(r.table).forEach((l) => console.log(l));
  console.log(`\n${r.closing}`);
  const html = file.replace(/\.json$/, '.html');
  writeFileSync(html, r.html);
  console.log(`wrote ${file}\n      ${html}`);
}

if (o.report) {
  show(JSON.parse(readFileSync(o.report, 'utf8')) as AutopilotData, resolve(o.report));
  process.exit(0);
}

const minutes = o.quick ? 3 : o.minutes;
const budget = o.quick ? 60 : o.budget;
const sampleMs = (o.quick ? 10 : o.sample) * 1000;

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

const memory: NonNullable<AutopilotData['lab']> = [];
const stamp = benchStamp();

async function sample(): Promise<void> {
  const runs = lab.ola.list();
  const minute = minuteNow();
  for (const n of niches) {
    const mine = runs.filter((r) => r.niche === n.id);
    series.get(n.id)!.push({ minute, runs: mine.length, evaluations: mine.reduce((s, r) => s + r.evaluations, 0), best: figures(await lab.store.best(n.id), n) });
  }
  const m = process.memoryUsage();
  // what the registry says is waiting to climb or climbing (held ones are not)
  const climbs = (await lab.store.onLadder(['queued', 'running'], 100_000)).length;
  memory.push({ minute, heapMb: m.heapUsed / 2 ** 20, rssMb: m.rss / 2 ** 20, climbs });
}

/** the report as it stands: written at every sample, so a run cut off still renders with --report */
async function data(finished: boolean): Promise<AutopilotData> {
  const reports: NicheReport[] = [];
  for (const n of niches) {
    // the baseline: the seed of the niche's first run
    const first = lab.ola.list().filter((r) => r.niche === n.id).at(-1);
    const seed = first ? (await lab.store.artifactsOfRun(first.id)).find((a) => a.meta?.role === 'seed') : undefined;
    const held = seed?.heldOut?.runs ? seed.heldOut : undefined;
    reports.push({
      niche: n.id,
      metric: n.headline.metric,
      better: n.headline.better,
      ...(seed ? { baseline: { publicHeadline: seed.score?.metrics[n.headline.metric], heldOutHeadline: held?.metrics[n.headline.metric], heldOutUtility: held?.utility } } : {}),
      points: series.get(n.id)!,
    });
  }
  return { minutes, budget, sampleS: sampleMs / 1000, quick: o.quick === true, reports, decisions: lab.autopilot.decisions, lab: memory, finished };
}

const bar = progress('autopilot minutes', minutes, { detail: ' | {runs} runs, {evals} evaluations' });
const end = t0 + minutes * 60_000;
await sample();
while (performance.now() < end) {
  await new Promise((r) => setTimeout(r, Math.min(sampleMs, Math.max(0, end - performance.now()))));
  await sample();
  writeJson(resolve(o.storage), 'autopilot', await data(false), stamp);
  const runs = lab.ola.list();
  bar.update(Math.min(minutes, Math.floor(minuteNow())), { runs: runs.length, evals: runs.reduce((s, r) => s + r.evaluations, 0) });
}
bar.stop();
await lab.autopilot.stop();
await sample();

const final = await data(true);
await lab.close();
storage.cleanup();
show(final, writeJson(resolve(o.storage), 'autopilot', final, stamp));
process.exit(0);

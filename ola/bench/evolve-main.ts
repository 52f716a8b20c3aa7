// npm run bench:evolve: a fixed-seed evolution on each niche from its baseline, with a fixed
// evaluation budget; best headline metric per generation beside the baseline. then, on the
// held-out scenarios: the baseline, the evolved best and the niche's human-designed
// references (never handed to the proposer), and the goal of issue #11. json + html.
import { Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig } from '../core/config.ts';
import { tmpStorage } from '../core/tmp-storage.ts';
import { createLab } from '../lab.ts';
import { ALL_NICHES } from '../niches/catalog.ts';
import { writeSeededKey } from '../registry/keys.ts';
import { heldOutOfRun } from './evolve/held-out.ts';
import { writeHtml } from './evolve/html.ts';
import { heldOutTable, renderTable, summaryTable, type EvolveResult } from './evolve/tables.ts';
import { evaluateReferences } from './references/evaluate.ts';
import { goalOf } from './references/goals.ts';
import { coldFigures } from './references/io-cold.ts';
import { defaultClickBound } from './references/input.predictor/click-bound.ts';
import type { ColdFigures } from '../niches/io.coalesce/cold.ts';
import type { IoScenario } from '../niches/io.coalesce/scenarios.ts';
import { progress, type Progress } from './progress.ts';
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
const results: EvolveResult[] = [];
const t0 = performance.now();

for (const niche of niches) {
  const storage = tmpStorage();
  // a fixed lab key: the held-out set, and so the gate, is the same on every run
  writeSeededKey(storage.dir, Buffer.alloc(32, 1));
  const lab = await createLab(loadConfig({ storage: { dir: storage.dir }, senses: { enabled: false }, server: { logLevel: 'silent' } }));
  const base = { niche: niche.id, better: niche.headline.better, metric: niche.headline.metric };
  const bar: Progress = progress(`${niche.id} evaluations`, budget, { detail: ' | best {best}' });
  let barOn = true;
  try {
    const v = lab.ola.start({ niche: niche.id, seed: o.seed, budget: { evaluations: budget } });
    const t = setInterval(() => {
      const x = lab.ola.get(v.id)!;
      const b = x.generations.at(-1)?.best;
      // the headline can sit at its ceiling (gui.fb's hit rate) while the utility still climbs
      bar.update(Math.min(budget, x.evaluations), { best: b ? `${b.headline.toPrecision(4)} (fitness ${b.fitness.toPrecision(4)})` : '-' });
    }, 500);
    const done = await lab.ola.wait(v.id);
    clearInterval(t);
    bar.update(Math.min(budget, lab.ola.get(v.id)?.evaluations ?? 0));
    bar.stop();
    barOn = false;
    const generations = done?.generations ?? [];
    const heldSet = lab.catalog.scenarios(niche.id).heldOut;
    const held = await heldOutOfRun(lab.store, v.id, niche, generations, done?.summary?.best?.id);
    process.stdout.write(`${niche.id.padEnd(16)} references on ${heldSet.length} held-out scenarios...`);
    const references = await evaluateReferences({ runner: lab.runner, tokens: lab.tokens }, niche, heldSet, new AbortController().signal);
    process.stdout.write(` ${references.map((r) => `${r.name} ${r.ok ? 'ok' : 'failed'}`).join(', ') || 'none'}\n`);
    // io.coalesce's throughput part: the best's plans on files whose page cache was dropped
    const cold = niche.id === 'io.coalesce' ? await coldFigures({ store: lab.store, runner: lab.runner, tokens: lab.tokens }, niche, heldSet as IoScenario[], done?.summary?.best?.id) : undefined;
    if (cold) {
      const f = (c?: ColdFigures) =>
        c
          ? `${c.ratio.toFixed(2)}x naive (${c.planMBs.toFixed(0)} against ${c.naiveMBs.toFixed(0)} MB/s, ${c.planReads} against ${c.naiveReads} device reads; by kind ${Object.entries(c.ratioByKind)
              .map(([k, r]) => `${k} ${r.toFixed(2)}x`)
              .join(', ')})`
          : 'not measured';
      process.stdout.write(`${niche.id.padEnd(16)} direct-I/O throughput: best ${f(cold.best)}\n${''.padEnd(16)} offline sort-merge ${f(cold.reference)}${cold.why ? ` (${cold.why})` : ''}\n`);
    }
    // input.predictor's click intent: how far any predictor can go on these scenarios
    const clickBound = niche.id === 'input.predictor' ? defaultClickBound() : undefined;
    if (clickBound) {
      process.stdout.write(
        `${niche.id.padEnd(16)} click intent bound: an oracle that knows when the pointer stops reaches f1 ${clickBound.f1.toFixed(3)} (precision ${clickBound.precision.toFixed(3)}, recall ${clickBound.recall.toFixed(3)}; ${clickBound.testScenarios} scenarios)\n`,
      );
    }
    const coldGoal = cold && (cold.best ? { ratio: cold.best.ratio, planMBs: cold.best.planMBs, naiveMBs: cold.best.naiveMBs } : { why: cold.why ?? 'not measured' });
    const goal = goalOf(niche.id, { baseline: held.baseline, best: held.best, references, ...(coldGoal ? { cold: coldGoal } : {}), ...(clickBound ? { clickBoundF1: clickBound.f1 } : {}) });
    const bestId = done?.summary?.best?.id;
    const bestRec = bestId ? await lab.store.artifact(bestId) : undefined;
    const winnerSource = bestRec ? await lab.store.getSource(bestRec.sha256) : undefined;
    results.push({ ...base, ...(winnerSource ? { winnerSource } : {}), summary: done?.summary, baselineUtility: done?.summary?.baselineFitness, generations, heldOut: { ...held, scenarios: heldSet.length }, references, goal, error: done?.error, ...(cold ? { cold } : {}), ...(clickBound ? { clickBound } : {}) });
  } catch (err) {
    results.push({ ...base, generations: [], references: [], error: (err as Error).message });
  } finally {
    if (barOn) bar.stop();
    await lab.close();
    storage.cleanup();
  }
}

const elapsedS = (performance.now() - t0) / 1000;
const title = `bench:evolve seed ${o.seed}, budget ${budget} evaluations per niche${o.quick ? ' (--quick)' : ''}, ${Math.round(elapsedS)} s in all`;
const summary = summaryTable(results);
const held = heldOutTable(results);
console.log(`\n${title}\n\nrun summary (public scenarios, as the proposer saw them)`);
renderTable(summary).forEach((l) => console.log(l));
console.log('fitness: what the proposer selects by, the niche\'s utility unless the niche says otherwise (clock: the worst estimate and the mean per-trace p99, averaged, on its utility\'s scale)');
console.log('\nheld-out scenarios: baseline, evolved best, references (same judge, same set) and the goal of issue #11');
renderTable(held).forEach((l) => console.log(l));
const improved = results.filter((r) => r.summary?.improved).length;
const goals = results.filter((r) => r.goal);
console.log(`\nimproved on ${improved} of ${results.length} niches (target: at least 3)`);
console.log(`goal met on ${goals.filter((r) => r.goal!.met === true).length} of ${goals.length} niches with a goal (issue #11 asks for four)`);

const data = { seed: o.seed, budget, quick: o.quick === true, elapsedS, results };
const file = writeJson(resolve(o.storage), 'evolve', data);
const html = file.replace(/\.json$/, '.html');
writeHtml(html, title, [{ caption: 'run summary (public scenarios)', table: summary }, { caption: 'held-out scenarios: baseline, evolved best, references, goal', table: held }], results, budget);
console.log(`wrote ${file}\n      ${html}`);
process.exit(0);

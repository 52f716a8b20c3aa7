// bench:evolve's html report: both tables, and per niche the best headline per generation on
// the public scenarios (what the proposer chose by) and on the held-out ones, beside the
// baseline and the references on the held-out set.
import { writeFileSync } from 'node:fs';
import { svgPlot } from '../day1/svg-plot.ts';
import { renderTable, type EvolveResult, type Table } from './tables.ts';

/** the evolved best's source, folded */
const winner = (r: EvolveResult) => (r.winnerSource ? `<details><summary>${esc(r.niche)}: the evolved best's source</summary><pre style="overflow-x:auto">${esc(r.winnerSource)}</pre></details>` : '');
const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

function plot(r: EvolveResult, budget: number): string {
  const flat = (v: number | undefined): [number, number][] => (v === undefined || !Number.isFinite(v) ? [] : [[0, v], [budget, v]]);
  const series = [
    { name: 'best, public', points: r.generations.filter((g) => g.best).map((g) => [g.evaluations, g.best!.headline] as [number, number]) },
    { name: 'best, held-out', points: r.heldOut?.curve ?? [] },
    { name: 'baseline, held-out', points: flat(r.heldOut?.baseline?.metrics[r.metric]) },
    ...r.references.map((ref) => ({ name: ref.name, points: flat(ref.ok ? ref.metrics[r.metric] : undefined) })),
  ];
  return svgPlot({ id: r.niche, kind: 'line', title: `${r.niche}: ${r.metric} (${r.better} is better)`, x: 'evaluations', y: r.metric, series });
}

export function writeHtml(file: string, title: string, tables: { caption: string; table: Table }[], results: EvolveResult[], budget: number): void {
  const pre = tables.map((t) => `<h2>${esc(t.caption)}</h2><pre style="overflow-x:auto">${esc(renderTable(t.table).join('\n'))}</pre>`).join('');
  writeFileSync(file, `<!doctype html><meta charset="utf-8"><title>bench:evolve</title><body style="font-family:sans-serif;max-width:1100px;margin:2em auto"><h1>${esc(title)}</h1>${pre}${results.map((r) => plot(r, budget) + winner(r)).join('')}</body>`);
}

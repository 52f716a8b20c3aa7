// bench:evolve's tables as rows of text: the run summary (public scenarios, as the proposer
// saw them) and, per niche, baseline, evolved best and references on the held-out scenarios
// with the goal.
import type { RoundReport, RunSummary } from '../../proposers/drive.ts';
import { describeLineage, lineageOf } from '../../proposers/evolve/lineage.ts';
import type { ReferenceFigures } from '../references/evaluate.ts';
import type { GoalCheck } from '../references/goals.ts';
import type { HeldOut } from './held-out.ts';
import type { ColdResult } from '../references/io-cold.ts';
import type { ClickBound } from '../references/input.predictor/click-bound.ts';

export interface EvolveResult {
  niche: string;
  better: string;
  metric: string;
  summary?: RunSummary;
  /** utility of the seed (the baseline as judged in this run) */
  baselineUtility?: number;
  generations: RoundReport[];
  heldOut?: HeldOut & { scenarios: number };
  references: ReferenceFigures[];
  goal?: GoalCheck;
  error?: string;
  /** io.coalesce: cold-cache throughput of the best and of the offline sort-merge against naive */
  cold?: ColdResult;
  /** input.predictor: the click intent an oracle that knows when the pointer stops reaches (click-bound.ts) */
  clickBound?: ClickBound;
  /** the evolved best's source, so the report shows what it invented */
  winnerSource?: string;
}

export interface Table {
  head: string[];
  rows: string[][];
}

export const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toPrecision(4));

export function summaryTable(results: EvolveResult[]): Table {
  const rows = results.map((r) => {
    const s = r.summary;
    const change = s?.best && s.baseline ? ((s.best.headline - s.baseline) / Math.abs(s.baseline || 1)) * 100 : NaN;
    const headlineSame = s?.best?.headline === s?.baseline;
    const outcome = r.error ? `ERROR ${r.error}` : s?.improved ? (headlineSame ? 'improved (fitness; headline unchanged)' : 'improved') : 'nothing better found';
    return [r.niche, `${r.metric} (${r.better})`, fmt(s?.baseline), fmt(s?.best?.headline), Number.isFinite(change) ? `${change > 0 ? '+' : ''}${change.toFixed(1)}%` : '-', fmt(r.baselineUtility), fmt(s?.best?.fitness), String(s?.evaluations ?? 0), fmt(s?.evalsPerSecond), outcome];
  });
  return { head: ['niche', 'metric', 'baseline', 'best', 'change', 'fitness base', 'fitness best', 'evals', 'evals/s', 'outcome'], rows };
}

const verdict = (met: boolean | undefined) => (met === true ? 'met' : met === false ? 'NOT MET' : 'not measured');

/** one row per entry (baseline, evolved best, each reference), then the goal */
export function heldOutTable(results: EvolveResult[]): Table {
  const rows: string[][] = [];
  for (const r of results) {
    const h = r.heldOut;
    const entry = (what: string, f: { utility: number; metrics: Record<string, number>; crashes: number } | undefined, note = '') =>
      rows.push([r.niche, what, fmt(f?.metrics[r.metric]), fmt(f?.utility), f && f.crashes > 0 ? `${f.crashes} failed scenario(s) ${note}`.trim() : note]);
    entry('baseline', h?.baseline);
    entry('evolved best', h?.best, h?.best ? '' : 'no held-out score');
    // the operators and blocks along the winner's descent, when the proposer kept them
    const best = r.summary?.best;
    const used = lineageOf(best && 'lineage' in best ? best.lineage : undefined);
    if (used) rows.push([r.niche, 'winner used', '', '', describeLineage(used)]);
    for (const ref of r.references) entry(`ref ${ref.name}`, ref, [ref.note, ...ref.reasons.slice(0, 1)].filter(Boolean).join('; '));
    if (r.goal) rows.push([r.niche, 'goal (issue #11)', verdict(r.goal.met), '', r.goal.parts.map((p) => `${p.text}: ${verdict(p.met)}`).join('; ')]);
  }
  return { head: ['niche', 'entry', 'headline', 'utility', 'note'], rows };
}

export function renderTable(t: Table): string[] {
  const w = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((l) => l[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join('  ').trimEnd();
  return [line(t.head), w.map((n) => '-'.repeat(n)).join('  '), ...t.rows.map(line)];
}

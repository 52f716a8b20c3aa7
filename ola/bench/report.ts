// bench output: a table on stdout and json under storage/bench/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../niches/shared/stats.ts';

export interface BenchRow {
  name: string;
  unit: string;
  /** each round's figure; the median is what is quoted */
  rounds: number[];
  target?: { op: '>=' | '<='; value: number };
  reference?: string;
  note?: string;
}

export interface BenchResult extends BenchRow {
  median: number;
  met?: boolean;
}

export function finish(rows: BenchRow[]): BenchResult[] {
  return rows.map((r) => {
    const m = median(r.rounds);
    const met = r.target ? (r.target.op === '>=' ? m >= r.target.value : m <= r.target.value) : undefined;
    return { ...r, median: m, met };
  });
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(3);
}

export function printTable(title: string, results: BenchResult[]): void {
  const lines = results.map((r) => [
    r.name,
    `${fmt(r.median)} ${r.unit}`,
    r.rounds.map(fmt).join(' / '),
    r.target ? `${r.target.op} ${fmt(r.target.value)}` : '',
    r.met === undefined ? '' : r.met ? 'met' : 'NOT MET',
    r.note ?? '',
  ]);
  const head = ['measure', 'median', 'rounds', 'target', '', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(row(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(row(l));
}

/** the file a run writes to (a run that writes as it goes keeps one stamp) */
export const benchStamp = (): string => new Date().toISOString().replace(/[:.]/g, '-');

export function writeJson(storageDir: string, name: string, data: unknown, stamp = benchStamp()): string {
  const dir = join(storageDir, 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${stamp}.json`);
  const text = `${JSON.stringify(data, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, `${name}-latest.json`), text);
  return file;
}

// the day-1 table on stdout.
import type { Day1Result } from './types.ts';

function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);
}

export function printDay1(r: Day1Result): void {
  const lines = r.parts.flatMap((p) =>
    p.rows.map((x) => [
      x.part,
      x.measure,
      `${fmt(x.value)} ${x.unit}`.trim(),
      x.target ? `${x.target.op} ${fmt(x.target.value)}` : '',
      x.met === undefined ? '' : x.met ? 'met' : 'NOT MET',
      x.note ?? '',
    ]),
  );
  const head = ['part', 'measure', 'value', 'target', '', 'note'];
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const out = (cells: string[]) => console.log(cells.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd());
  console.log(`\nday-1 validation (${r.machine}${r.quick ? ', quick' : ''}, ${r.durationS.toFixed(1)} s)`);
  out(head);
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const l of lines) out(l);
  console.log('\nartifacts run:');
  for (const p of r.parts) console.log(`  ${p.niche.padEnd(16)} ${p.artifact.id} (${p.artifact.origin})`);
  for (const e of r.errors) console.log(`  ERROR ${e.part}: ${e.message}`);
  if (r.files) console.log(`\nwrote ${r.files.json}\n      ${r.files.html}`);
}

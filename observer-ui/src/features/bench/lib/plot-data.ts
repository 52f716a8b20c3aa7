// a plot's series merged into recharts rows keyed by x ({x, [series]: y}).
import type { Plot } from '../api/get-bench-runs.ts';

export function plotRows(p: Plot): Record<string, number | string>[] {
  const rows = new Map<number | string, Record<string, number | string>>();
  for (const s of p.series) {
    for (const [x, y] of s.points) {
      const row = rows.get(x) ?? { x };
      row[s.name] = y;
      rows.set(x, row);
    }
  }
  const out = [...rows.values()];
  if (out.every((r) => typeof r.x === 'number')) out.sort((a, b) => (a.x as number) - (b.x as number));
  return out;
}

// what made an artifact: the operators (by name, counted) and building blocks along its
// line of descent from the baseline. kept in each child's meta, so a report can say what
// the winners used.
import { z } from 'zod';

const LineageSchema = z.object({ operators: z.record(z.string(), z.number()), blocks: z.array(z.string()) });
export type Lineage = z.infer<typeof LineageSchema>;

export function extend(parent: Lineage | undefined, operators: readonly string[], blocks: readonly string[]): Lineage {
  const counts: Record<string, number> = { ...parent?.operators };
  for (const o of operators) counts[o] = (counts[o] ?? 0) + 1;
  return { operators: counts, blocks: [...new Set([...(parent?.blocks ?? []), ...blocks])].sort() };
}

/** a lineage read back from meta (plain json), or undefined when it has none */
export function lineageOf(v: unknown): Lineage | undefined {
  const r = LineageSchema.safeParse(v);
  return r.success ? r.data : undefined;
}

/** e.g. 'insert-block 2, perturb-constant 5; blocks: least-squares' */
export function describeLineage(l: Lineage): string {
  const ops = Object.entries(l.operators).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return `${ops.map(([o, n]) => `${o} ${n}`).join(', ') || 'none (the baseline)'}; blocks: ${l.blocks.join(', ') || 'none'}`;
}

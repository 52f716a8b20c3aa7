// the lineage a winner carries reaches bench:evolve's held-out table as a `winner used` row.
import { describe, expect, it } from 'vitest';
import { heldOutTable, type EvolveResult } from '../../bench/evolve/tables.ts';
import { describeLineage, extend } from './lineage.ts';

const base: EvolveResult = { niche: 'clock', better: 'lower', metric: 'max_abs_error_ms', generations: [], references: [] };
const summary = { runId: 'r', niche: 'clock', proposer: 'evolve', evaluations: 10, generations: 1, improved: true, stopped: 'budget' as const, elapsedS: 1, evalsPerSecond: 10 };

describe('lineage in the report', () => {
  it('describes operators by count, then the blocks', () => {
    expect(describeLineage(extend(extend(undefined, ['perturb-constant'], []), ['insert-block', 'perturb-constant'], ['least-squares']))).toBe('perturb-constant 2, insert-block 1; blocks: least-squares');
    expect(describeLineage(extend(undefined, [], []))).toBe('none (the baseline); blocks: none');
  });

  it('adds a winner-used row only when the best carries a lineage', () => {
    // the proposer's best() carries more than the summary's type names
    const best = { id: 'a', fitness: 1, headline: 1, lineage: extend(undefined, ['optional-export'], ['count-min']) };
    const rows = heldOutTable([{ ...base, summary: { ...summary, best } }]).rows;
    expect(rows.find((r) => r[1] === 'winner used')?.[4]).toBe('optional-export 1; blocks: count-min');
    expect(heldOutTable([{ ...base, summary: { ...summary, best: { id: 'a', fitness: 1, headline: 1 } } }]).rows.some((r) => r[1] === 'winner used')).toBe(false);
  });
});

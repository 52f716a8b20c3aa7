// bench:evolve's report: the held-out table has baseline, evolved best and each reference
// per niche, then the goal's parts; the html carries both tables and a plot per niche.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goalOf } from '../references/goals.ts';
import { writeHtml } from './html.ts';
import { heldOutTable, renderTable, summaryTable, type EvolveResult } from './tables.ts';

const ref = { name: 'least-squares', about: '', kind: 'artifact' as const, ok: true, utility: 0.8, metrics: { max_abs_error_ms: 0.9 }, crashes: 0, runs: 4, reasons: [] };
const result: EvolveResult = {
  niche: 'clock',
  better: 'lower',
  metric: 'max_abs_error_ms',
  generations: [{ generation: 1, evaluations: 16, passed: 10, best: { id: 'a_1', fitness: 0.8, headline: 1.2 }, archive: 3, elapsedS: 1 }],
  heldOut: {
    scenarios: 4,
    baseline: { id: 'a_0', utility: 0.7, metrics: { max_abs_error_ms: 2 }, crashes: 0, runs: 4 },
    best: { id: 'a_1', utility: 0.75, metrics: { max_abs_error_ms: 1.5 }, crashes: 0, runs: 4 },
    curve: [[16, 1.5]],
  },
  references: [ref],
  goal: goalOf('clock', { references: [ref], best: { utility: 0.75, metrics: { max_abs_error_ms: 1.5 }, crashes: 0, runs: 4 } }),
};

describe('bench:evolve tables', () => {
  it('lists baseline, evolved best, each reference and the goal, per niche', () => {
    const t = heldOutTable([result]);
    expect(t.rows.map((r) => r.slice(0, 3))).toEqual([
      ['clock', 'baseline', '2.000'],
      ['clock', 'evolved best', '1.500'],
      ['clock', 'ref least-squares', '0.9000'],
      ['clock', 'goal (issue #11)', 'NOT MET'],
    ]);
    expect(t.rows[3]![4]).toBe('max_abs_error_ms <= 0.5: NOT MET; <= least-squares: NOT MET');
    const lines = renderTable(t);
    expect(lines[0]).toMatch(/^niche\s+entry\s+headline\s+utility\s+note$/);
  });

  it('says when a niche has no held-out score or a reference failed', () => {
    const t = heldOutTable([{ ...result, heldOut: { scenarios: 4, curve: [] }, references: [{ ...ref, ok: false, crashes: 2, reasons: ['s1: boom'] }], goal: undefined }]);
    expect(t.rows[1]).toEqual(['clock', 'evolved best', '-', '-', 'no held-out score']);
    expect(t.rows[2]![4]).toBe('2 failed scenario(s) s1: boom');
    expect(summaryTable([{ ...result, error: 'no lab' }]).rows[0]!.at(-1)).toBe('ERROR no lab');
  });

  it('writes an html report with both tables and a plot per niche', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evolve-html-'));
    try {
      const file = join(dir, 'r.html');
      writeHtml(file, 'bench:evolve <test>', [{ caption: 'held-out', table: heldOutTable([result]) }], [result], 150);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('bench:evolve &lt;test&gt;');
      expect(html).toContain('ref least-squares');
      expect(html.match(/<svg /g)).toHaveLength(1);
      expect(html).toContain('best, held-out');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

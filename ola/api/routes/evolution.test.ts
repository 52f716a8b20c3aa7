import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';
import type { ArtifactRecord } from '../../core/contracts.ts';
import { generationStats } from './evolution.ts';

const art = (generation: number, utility: number, pass: boolean): ArtifactRecord =>
  ({ id: `a${generation}${utility}`, meta: { generation }, score: { utility }, gate: { pass }, parents: [], tokens: [] }) as unknown as ArtifactRecord;

describe('generationStats', () => {
  it('takes best (passed only) and median (all scored) per generation, and the best so far', () => {
    const g = generationStats([art(1, 0.5, true), art(1, 0.1, false), art(1, 0.3, true), art(2, 0.2, true), art(2, 0.9, false)]);
    expect(g).toEqual([
      { generation: 1, evaluated: 3, passed: 2, best: 0.5, median: 0.3, bestSoFar: 0.5 },
      { generation: 2, evaluated: 2, passed: 1, best: 0.2, median: 0.55, bestSoFar: 0.5 },
    ]);
  });
});

describe('GET /ola/runs/:id/progress', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab();
  });
  afterAll(() => t.close());

  it('charts a finished run: generations, baseline, archive cells and the lineage of the best', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/ola/runs', payload: { niche: 'clock', seed: 3, budget: { evaluations: 12 }, batch: 4, islands: 2 } });
    expect(res.statusCode).toBe(202);
    const id = res.json<{ id: string }>().id;
    for (let i = 0; i < 600 && t.lab.ola.get(id)!.state === 'running'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(t.lab.ola.get(id)!.state).toBe('done');
    const p = (await t.app.inject({ url: `/ola/runs/${id}/progress` })).json<{
      baseline: number;
      generations: { generation: number; evaluated: number }[];
      archive: { cells: { x: number; y: number; artifactId: string }[]; axes: { xBins: number; yBins: number } };
      best: { id: string; lineage: string[] } | null;
    }>();
    expect(p.baseline).toBeGreaterThan(0);
    expect(p.generations.reduce((n, g) => n + g.evaluated, 0)).toBe(12);
    expect(p.archive.cells.length).toBeGreaterThan(0);
    for (const c of p.archive.cells) expect(c.x < p.archive.axes.xBins && c.y < p.archive.axes.yBins).toBe(true);
    expect(p.best?.lineage[0]).toBe(p.best?.id);
    // the lineage ends at the run's seed (the baseline), which has no parents
    const root = await t.lab.store.artifact(p.best!.lineage.at(-1)!);
    expect(root?.parents).toEqual([]);
  });

  it('answers 404 for an unknown run and 400 naming the field for a malformed id', async () => {
    const unknown = await t.app.inject({ url: `/ola/runs/r_${'0'.repeat(26)}/progress` });
    expect(unknown.statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/ola/runs/nope/progress' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { detail: { field: 'params.id' } } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../../../tests/helpers/test-lab.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

describe('POST /bench/runs (day-1 validation)', () => {
  it('runs the day-1 suite, reports progress, and serves the table and the html report', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/bench/runs', payload: { suite: 'day1', quick: true } });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    let run = res.json();
    const seen = new Set<string>();
    for (let i = 0; i < 600 && run.state !== 'done' && run.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await t.app.inject({ url: `/bench/runs/${id}` })).json();
      if (run.progress) seen.add(run.progress.part);
    }
    expect(run.state).toBe('done');
    expect(seen.size).toBeGreaterThan(1);
    const parts = run.result.parts.map((p: { part: string }) => p.part);
    expect(parts).toEqual(['clock', 'framebuffer', 'compression', 'io']);
    expect(run.result.errors).toEqual([]);
    for (const p of run.result.parts) expect(p.artifact.origin).toBe('baseline');
    const clock = run.result.parts.find((p: { part: string }) => p.part === 'clock');
    expect(clock.rows[0]).toMatchObject({ unit: 'ms', target: { op: '<=', value: 5 }, met: expect.any(Boolean) });
    const html = await t.app.inject({ url: `/bench/runs/${id}/report` });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('<svg');
    expect(html.body).toContain('day-1 validation');
  });

  it('refuses unknown suites and ids', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/bench/runs', payload: { suite: 'day9' } })).json().error.detail.field).toBe('body.suite');
    expect((await t.app.inject({ url: `/bench/runs/b_${'0'.repeat(26)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/bench/runs/nope' })).statusCode).toBe(400);
  });
});

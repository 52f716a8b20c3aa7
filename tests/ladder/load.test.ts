// verdicts do not depend on load: limits count from the moment a run starts, so a good
// artifact passes with hundreds of others queued ahead of it, at every rung it climbs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../helpers/test-lab.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab({ promotion: { enabled: true } });
});
afterAll(() => t.close());

it('400 queued proposals of a good artifact all pass, and the first climbs every rung meanwhile', async () => {
  const source = t.lab.catalog.get('clock')!.baseline;
  const ids: string[] = [];
  // one person's proposal (it climbs), then 399 evolved copies queued behind it (held at the gate)
  ids.push((await t.lab.engine.submit({ niche: 'clock', source, language: 'js', proposer: 'person:load' })).id);
  for (let i = 1; i < 400; i++) ids.push((await t.lab.engine.submit({ niche: 'clock', source: `${source}\n// copy ${i}`, language: 'js', proposer: 'evolve', meta: { runId: 'r_load' } })).id);
  expect(t.lab.engine.pending).toBeGreaterThan(300);
  await t.lab.engine.idle();
  const proposals = await Promise.all(ids.map((id) => t.lab.store.proposal(id)));
  const verdicts = proposals.map((p) => (p?.status === 'gated' ? (p.steps.at(-1)?.result?.decision as { pass: boolean }).pass : p?.status));
  expect(verdicts.filter((v) => v !== true)).toEqual([]);
  await t.lab.promotion.idle();
  const first = (await t.lab.store.artifact(proposals[0]!.artifactId!))!;
  const available = (await t.lab.stages.all()).filter((s) => s.available && !s.needsApproval).map((s) => s.stage);
  for (const s of available) expect(first.stages?.[s]?.status, `${s}: ${JSON.stringify(first.stages?.[s])} ${JSON.stringify(first.promotion)}`).toBe('passed');
  expect((await t.lab.store.verify()).ok).toBe(true);
}, 300_000);

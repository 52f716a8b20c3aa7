// the climb queue stays bounded: an evolved artifact that a better one of its niche overtook
// before it started climbing is held (on the new best's gate, or when its turn comes), while
// people's proposals and the new best keep their tokens. promotions are halted here, so that
// nothing climbs and each test sees only the holding.
import { afterEach, describe, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { proposeAndSettle, startTestLab, type TestLab } from '../helpers/test-lab.ts';

/** the clock baseline with its median window set: a narrower window follows jitter more */
function clock(t: TestLab, window: number, tag: string): string {
  const src = t.lab.catalog.get('clock')!.baseline;
  return `${src.replace(/const WINDOW = \d+;/, `const WINDOW = ${window};`)}\n// ${tag}`;
}

async function propose(t: TestLab, source: string, evolved: boolean): Promise<ArtifactRecord> {
  const body = evolved ? { niche: 'clock', source, language: 'js', proposer: 'evolve', meta: { runId: 'r_overtaken' } } : { niche: 'clock', source, language: 'js', proposer: 'person:test' };
  const p = await proposeAndSettle(t, body);
  expect(p.status).toBe('gated');
  return (await t.lab.store.artifact(p.artifactId!))!;
}

const labs: TestLab[] = [];
afterEach(async () => {
  for (const t of labs.splice(0)) await t.close();
});

describe('an evolved artifact overtaken before it climbs', () => {
  it('is held as soon as a better one of its niche passes the gate; a person\'s proposal keeps its token', async () => {
    const t = await startTestLab({ promotion: { enabled: true } });
    labs.push(t);
    await t.lab.breaker.trip('tests hold every climb', ['test'], false);
    const weak = await propose(t, clock(t, 3, 'weak'), true);
    expect(weak.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    const person = await propose(t, clock(t, 3, 'a person'), false);
    const best = await propose(t, clock(t, 9, 'best'), true);
    expect(best.score!.utility).toBeGreaterThan(weak.score!.utility);
    expect(best.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    await expect.poll(async () => (await t.lab.store.artifact(weak.id))!.promotion?.state, { timeout: 10_000 }).toBe('held');
    const held = (await t.lab.store.artifact(weak.id))!;
    expect(held.promotion).toMatchObject({ stage: 'jail', why: expect.stringContaining(`overtaken before it climbed: ${best.id}`) });
    expect(held.stages?.jail).toBeUndefined();
    expect((await t.lab.store.artifact(person.id))!.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    expect((await t.lab.store.artifact(best.id))!.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
  }, 60_000);

  it('is held when its turn comes after a restart, before any rung runs', async () => {
    // first life: the ladder is off, so every gate winner waits with its jail token
    const first = await startTestLab({ promotion: { enabled: false } });
    const weak = await propose(first, clock(first, 3, 'weak'), true);
    const best = await propose(first, clock(first, 9, 'best'), true);
    expect(best.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    expect((await first.lab.store.artifact(weak.id))!.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    await first.lab.breaker.trip('tests hold every climb', ['test'], false);
    await first.close({ keepStorage: true });

    const second = await startTestLab({ promotion: { enabled: true } }, first.dir);
    labs.push(second);
    await second.lab.promotion.idle();
    const held = (await second.lab.store.artifact(weak.id))!;
    expect(held.promotion).toMatchObject({ state: 'held', stage: 'jail', why: expect.stringContaining(best.id) });
    expect(held.stages?.jail).toBeUndefined();
    // the best is not overtaken: it waits for the resume
    expect((await second.lab.store.artifact(best.id))!.promotion).toMatchObject({ state: 'queued', stage: 'jail' });
    expect((await second.lab.store.verify({ full: true })).ok).toBe(true);
  }, 60_000);
});

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../../tests/helpers/test-lab.ts';
import { RESTART_AFTER } from './evolve/evolve-proposer.ts';

let t: TestLab;
beforeAll(async () => {
  t = await startTestLab();
});
afterAll(() => t.close());

describe('evolution runs', () => {
  it('evolves the clock niche past its baseline, with lineage and events', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/ola/runs', payload: { niche: 'clock', seed: 42, budget: { evaluations: 96 }, batch: 16 } });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    const run = (await t.lab.ola.wait(id))!;
    expect(run.state).toBe('done');
    expect(run.summary).toMatchObject({ evaluations: 96, improved: true, stopped: 'budget', proposer: 'evolve' });
    expect(run.summary!.best!.headline).toBeLessThan(run.summary!.baseline!);
    expect(run.generations.length).toBeGreaterThanOrEqual(5);

    const best = await t.lab.store.artifact(run.summary!.best!.id);
    expect(best).toMatchObject({ proposer: 'evolve', gate: { pass: true }, meta: { runId: id } });
    expect(best!.parents.length).toBeGreaterThan(0);
    const types = new Set((await t.lab.store.eventsOf({ subject: id })).map((e) => e.type));
    expect([...types]).toEqual(expect.arrayContaining(['evolution_started', 'evolution_generation', 'elite_added', 'evolution_finished']));
    const view = (await t.app.inject({ url: `/ola/runs/${id}` })).json();
    expect(view.summary.best.id).toBe(best!.id);
  });

  it('restarts an island whose best stops getting fitter, from the seed and another island\'s elite, saying why', async () => {
    const run = (await t.lab.ola.wait(t.lab.ola.start({ niche: 'ram.strategy', seed: 3, budget: { evaluations: 17 * 4 }, batch: 4, islands: 4 }).id))!;
    expect(run.state).toBe('done');
    const restarts = await t.lab.store.eventsOf({ types: ['island_restarted'], subject: run.id });
    expect(restarts.length).toBeGreaterThan(0);
    for (const e of restarts) {
      expect(e.payload.round).toBeGreaterThanOrEqual(RESTART_AFTER);
      expect(e.payload.island).toBeLessThan(4);
      expect((e.payload.reseeded as string[]).length).toBeGreaterThan(0);
      expect(String(e.payload.why)).toMatch(/had not got fitter for \d+ rounds/);
    }
    // the run still reports its best: the island holding it is never restarted
    expect(run.summary!.best).toBeDefined();
  }, 120_000);

  it('repeats a run exactly from its seed', async () => {
    const a = await startTestLab();
    const b = await startTestLab();
    try {
      const go = async (x: TestLab) => (await x.lab.ola.wait(x.lab.ola.start({ niche: 'clock', seed: 7, budget: { evaluations: 48 } }).id))!;
      const [ra, rb] = await Promise.all([go(a), go(b)]);
      expect(ra.generations.map((g) => g.best?.headline)).toEqual(rb.generations.map((g) => g.best?.headline));
      expect(ra.summary!.best!.headline).toBe(rb.summary!.best!.headline);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('resumes a run after a restart and finishes its budget', async () => {
    const first = await startTestLab();
    const v = first.lab.ola.start({ niche: 'clock', seed: 5, budget: { evaluations: 64 }, batch: 16 });
    // wait for a generation or two, then stop the lab under it
    for (let i = 0; i < 200 && (first.lab.ola.get(v.id)?.evaluations ?? 0) < 16; i++) await new Promise((r) => setTimeout(r, 50));
    await first.close({ keepStorage: true });
    const second = await startTestLab({}, first.dir);
    try {
      const run = await second.lab.ola.wait(v.id);
      expect(run?.state).toBe('done');
      expect(run?.summary?.evaluations).toBe(64);
      const started = await second.lab.store.eventsOf({ subject: v.id, types: ['evolution_started'] });
      expect(started).toHaveLength(1);
      expect(await second.lab.store.eventsOf({ subject: v.id, types: ['evolution_finished'] })).toHaveLength(1);
      expect((await second.lab.store.verify()).ok).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('refuses bad run requests with a 4xx naming the field', async () => {
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/ola/runs', payload });
    expect((await post({ niche: 'clock', budget: { evaluations: 0 } })).json().error.detail.field).toBe('body.budget.evaluations');
    expect((await post({ niche: 'teleport', budget: { evaluations: 5 } })).statusCode).toBe(422);
    expect((await post({ niche: 'clock', budget: { evaluations: 5 }, proposer: 'oracle' })).json().error.detail.field).toBe('body.proposer');
    const llm = await post({ niche: 'clock', budget: { evaluations: 5 }, proposer: 'llm' });
    expect(llm.statusCode).toBe(409);
    expect(llm.json().error.code).toBe('OLA_ERR_LLM_UNCONFIGURED');
    expect((await t.app.inject({ url: `/ola/runs/r_${'0'.repeat(26)}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/ola/runs/r_${'0'.repeat(26)}/stop` })).statusCode).toBe(404);
  });

  it('frees a finished run\'s proposer (its archive and history), keeping only the view', async () => {
    // the autopilot starts a run every few seconds for hours: a run that kept its archive leaked ~3 mb
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const runs = t.lab.ola as unknown as { proposer: (...a: unknown[]) => { proposer: object } };
    const made = runs.proposer.bind(runs);
    const refs: WeakRef<object>[] = [];
    runs.proposer = (...a) => {
      const r = made(...a);
      refs.push(new WeakRef(r.proposer));
      return r;
    };
    try {
      const run = (await t.lab.ola.wait(t.lab.ola.start({ niche: 'ram.strategy', seed: 4, budget: { evaluations: 32 }, batch: 16 }).id))!;
      expect(run.state).toBe('done');
      expect(refs).toHaveLength(1);
      // a weak target survives the job that made it: collect across a few turns of the loop
      for (let i = 0; i < 10 && refs[0]!.deref(); i++) {
        await new Promise((r) => setTimeout(r, 20));
        gc();
      }
      expect(refs[0]!.deref()).toBeUndefined();
      expect(t.lab.ola.get(run.id)?.summary?.evaluations).toBe(32);
    } finally {
      delete (runs as { proposer?: unknown }).proposer;
    }
  });

  it('stops a run on request', async () => {
    const v = t.lab.ola.start({ niche: 'clock', seed: 9, budget: { evaluations: 100_000 } });
    await new Promise((r) => setTimeout(r, 300));
    const res = await t.app.inject({ method: 'POST', url: `/ola/runs/${v.id}/stop` });
    expect(res.json()).toMatchObject({ state: 'stopped', summary: { stopped: 'stopped' } });
  });
});

// the ladder end to end on a real lab: an artifact climbs every rung this host offers on its
// own, a token per step, and waits at the first rung that is not available, saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactRecord } from '../../ola/core/contracts.ts';
import { SANDBOX_STAGES } from '../../ola/core/ladder.ts';
import { proposeAndSettle, startTestLab, type TestLab } from '../helpers/test-lab.ts';
import { STAGES, type Stage } from '../../ola/core/vocabulary.ts';


async function baseline(t: TestLab): Promise<string> {
  return t.lab.catalog.get('clock')!.baseline;
}

describe('an artifact climbs the ladder on its own', () => {
  let t: TestLab;
  let artifact: ArtifactRecord;
  let available: Stage[];

  beforeAll(async () => {
    t = await startTestLab({ promotion: { enabled: true, recheckMs: 60_000 } });
    available = (await t.lab.stages.all()).filter((s) => s.available).map((s) => s.stage);
    const p = await proposeAndSettle(t, { niche: 'clock', source: await baseline(t), language: 'js', proposer: 'person:test' });
    expect(p.status).toBe('gated');
    await t.lab.promotion.idle();
    artifact = (await t.lab.store.artifact(p.artifactId!))!;
  }, 120_000);
  afterAll(() => t.close());

  it('passes every available sandboxed rung in order, with evidence per stage', () => {
    const climbed = SANDBOX_STAGES.filter((s) => artifact.stages?.[s]?.status === 'passed');
    // the rungs it passed are exactly the available ones up to the first that is not
    const firstMissing = SANDBOX_STAGES.find((s) => !available.includes(s));
    const expected = SANDBOX_STAGES.slice(0, firstMissing ? SANDBOX_STAGES.indexOf(firstMissing) : undefined);
    expect(climbed).toEqual(expected);
    expect(climbed).toContain('jail');
    for (const s of climbed) {
      const e = artifact.stages![s]!;
      expect(e.gate?.pass).toBe(true);
      expect(e.score!.runs).toBeGreaterThan(0);
      expect(e.heldOut!.runs).toBeGreaterThan(0);
    }
    expect(artifact.stage).toBe(climbed.at(-1));
  });

  it('leaves the vm stage only after green runs on scenarios from seeds drawn at random, recorded', () => {
    const vm = artifact.stages?.vm;
    if (!available.includes('vm') || vm?.status !== 'passed') return expect(vm?.status).not.toBe('passed');
    const n = t.lab.catalog.get('clock')!.fuzzRuns!.vm!;
    expect(vm.fuzzed!.seeds).toHaveLength(n);
    expect(vm.fuzzed!.runs).toBe(n);
    expect(vm.fuzzed!.crashes).toBe(0);
    // the seeds are not the public or held-out ones: scenario ids name them
    expect(vm.fuzzed!.scenarios.map((s) => s.scenarioId)).toEqual(vm.fuzzed!.seeds.map((seed) => `clock:fuzz:${seed}`));
  });

  it('holds one token per step, each from the rung it passed to the next', () => {
    const steps = artifact.tokens.filter((tk) => tk.from !== 'proposed').map((tk) => `${tk.from}->${tk.to}`);
    const passed = SANDBOX_STAGES.filter((s) => artifact.stages?.[s]?.status === 'passed');
    expect(steps).toEqual(passed.map((s) => `${s}->${STAGES[STAGES.indexOf(s) + 1]}`));
    // each rung past the first was entered with the gate's token, spent once
    for (const s of passed.slice(1)) {
      const token = artifact.tokens.find((tk) => tk.to === s)!;
      expect(artifact.stages![s]!.tokenNonce).toBe(token.nonce);
    }
  });

  it('waits at the first rung it cannot enter and says why, in the registry and over rest', async () => {
    const next = STAGES[STAGES.indexOf(artifact.stage) + 1]!;
    const status = await t.lab.stages.status(next);
    expect(artifact.promotion).toMatchObject({ stage: next, state: status.needsApproval ? 'needs_approval' : 'stage_unavailable' });
    if (!status.needsApproval) expect(artifact.promotion!.why).toBe(status.reason);
    const res = await t.app.inject({ method: 'GET', url: '/promotion/status' });
    expect(res.statusCode).toBe(200);
    const listed = res.json().artifacts.find((a: { id: string }) => a.id === artifact.id);
    expect(listed).toMatchObject({ stage: artifact.stage, nextGate: next, promotion: { state: artifact.promotion!.state, why: artifact.promotion!.why } });
    const stages = (await t.app.inject({ method: 'GET', url: '/stages' })).json().stages as { stage: string; available: boolean; reason?: string; waiting: number }[];
    expect(stages.map((s) => s.stage)).toEqual([...STAGES]);
    const row = stages.find((s) => s.stage === next)!;
    expect(row.waiting).toBe(1);
    // a rung that needs a person may well be available (shadow mode): the artifact waits for the person
    if (!status.needsApproval) expect(row).toMatchObject({ available: false, reason: expect.any(String) });
    const health = (await t.app.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health.stages.find((s: { stage: string }) => s.stage === 'jail')).toMatchObject({ available: true });
  });

  it('records the climb as events, and the registry verifies', async () => {
    const events = await t.lab.store.eventsOf({ subject: artifact.id });
    const types = events.map((e) => e.type);
    expect(types).toContain('stage_started');
    expect(types).toContain('stage_executed');
    expect(types).toContain('stage_passed');
    expect((await t.lab.store.verify({ full: true })).ok).toBe(true);
  });

  it('refuses a replayed token and records the refusal', async () => {
    const jail = t.lab.stages.get('jail')!;
    const spent = artifact.tokens.find((tk) => tk.to === 'jail')!;
    const niche = t.lab.catalog.get('clock')!;
    const { toScript } = await import('../../ola/validate/validator.ts');
    const job = {
      artifactId: artifact.id,
      sha256: artifact.sha256,
      script: await toScript(niche.baseline),
      driver: niche.driver,
      inputs: [],
      limits: niche.limits,
      token: spent.token,
    };
    await expect(jail.run(job, new AbortController().signal)).rejects.toMatchObject({ code: 'OLA_ERR_TOKEN_INVALID', message: expect.stringContaining('replay') });
    const refused = await t.lab.store.eventsOf({ types: ['token_refused'], subject: artifact.id });
    expect(refused.at(-1)!.payload).toMatchObject({ stage: 'jail', nonce: spent.nonce });
    expect((await t.lab.store.verify()).ok).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('lets an evolved variant climb only when it beats the incumbent', async () => {
    const same = await proposeAndSettle(t, { niche: 'clock', source: `${await baseline(t)}\n// variant`, language: 'js', proposer: 'evolve', meta: { runId: 'r_test' } });
    const a = (await t.lab.store.artifact(same.artifactId!))!;
    expect(a.gate?.pass).toBe(true);
    expect(a.promotion).toMatchObject({ state: 'held', stage: 'jail', why: expect.stringContaining('beats') });
    await t.lab.promotion.idle();
    expect((await t.lab.store.artifact(a.id))!.stages?.jail).toBeUndefined();
  });
});

describe('a climb interrupted by a restart resumes', () => {
  it('re-runs the unfinished stage under a renewed token, and nothing is lost', async () => {
    // first life: the ladder is off, so the artifact stops at the gate holding its jail token
    const first = await startTestLab({ promotion: { enabled: false } });
    const dir = first.dir;
    const p = await proposeAndSettle(first, { niche: 'clock', source: first.lab.catalog.get('clock')!.baseline, language: 'js', proposer: 'person:test' });
    const id = p.artifactId!;
    const gateToken = (await first.lab.store.artifact(id))!.tokens.find((tk) => tk.to === 'jail')!;
    // the climb had started when the lab died: its token was spent, nothing was decided
    await first.lab.store.append({ type: 'stage_started', subject: id, payload: { stage: 'jail', tokenNonce: gateToken.nonce, runner: {} } });
    await first.lab.store.redeemToken(gateToken.nonce, gateToken.expiresAt);
    expect((await first.lab.store.artifact(id))!.promotion).toMatchObject({ state: 'running', stage: 'jail' });
    await first.close({ keepStorage: true });

    const second = await startTestLab({ promotion: { enabled: true } }, dir);
    try {
      await second.lab.promotion.idle();
      const a = (await second.lab.store.artifact(id))!;
      expect(a.stages?.jail?.status).toBe('passed');
      const renewal = (await second.lab.store.eventsOf({ types: ['token_issued'], subject: id })).find((e) => e.payload.purpose === 'renewal');
      expect(renewal?.payload).toMatchObject({ to: 'jail', reason: expect.stringContaining('interrupted') });
      expect(a.stages!.jail!.tokenNonce).toBe(renewal!.payload.nonce);
      expect((await second.lab.store.verify({ full: true })).ok).toBe(true);
    } finally {
      await second.close();
    }
  }, 120_000);
});

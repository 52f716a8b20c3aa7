// a test seam: the sandboxed rungs above the isolate (jail, container, vm) served by isolate
// host processes, so an artifact reaches the operator's gate at shadow in seconds. everything
// else is the lab's own: the promotion engine, tokens spent in the registry, the niche's gates,
// the evidence per rung. the evidence says what ran it: runner {standIn: ...}.
import { randomBytes } from 'node:crypto';
import type { ArtifactRecord, RunResult, SandboxJob, StageProbe } from '../../ola/core/contracts.ts';
import type { Stage } from '../../ola/core/vocabulary.ts';
import { PromotionEngine } from '../../ola/promotion/engine.ts';
import { PolicyGate } from '../../ola/promotion/gate.ts';
import { StageRunners } from '../../ola/promotion/stage-runners.ts';
import { ChildPool } from '../../ola/sandbox/child-pool.ts';
import { StageRunner, TokenGuard } from '../../ola/sandbox/runner.ts';
import { HostScorer } from '../../ola/score/host-scorer.ts';
import { AstValidator } from '../../ola/validate/validator.ts';
import type { TestLab } from './test-lab.ts';

export const STAND_IN = 'an isolate host standing in (test seam)';

class StandInRunner extends StageRunner {
  private readonly pool = new ChildPool({ size: 1, graceMs: 1000 });

  constructor(
    readonly stage: Stage,
    guard: TokenGuard,
  ) {
    super(guard);
  }

  protected async check(): Promise<StageProbe> {
    return { available: true, detail: { standIn: STAND_IN } };
  }

  protected execute(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    const { sha256, script, driver, inputs, limits } = job;
    return this.pool.run({ sha256, script, driver, inputs, limits }, signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export interface StandInLadder {
  engine: PromotionEngine;
  close(): Promise<void>;
}

/**
 * a promotion engine over the test lab's registry whose jail, container and vm are stand-ins;
 * start the lab with promotion disabled (the default of test labs) so the lab's own engine stays out
 */
export async function startStandInLadder(t: TestLab): Promise<StandInLadder> {
  const { store, catalog, tokens, runner } = t.lab;
  const guard = new TokenGuard(tokens, store, async (r) => {
    await store.append({ type: 'token_refused', subject: r.artifactId, payload: { stage: r.stage, reason: r.reason, nonce: r.nonce ?? null } });
  });
  const standIns = (['jail', 'container', 'vm'] as const).map((s) => new StandInRunner(s, guard));
  const stages = new StageRunners([runner, ...standIns]);
  const engine = new PromotionEngine(
    // shadow mode and activation are the lab's own
    { store, catalog, tokens, scorer: new HostScorer(), gate: new PolicyGate(), validator: new AstValidator(), stages, shadow: t.lab.shadow, capabilities: t.lab.capabilities, breaker: t.lab.breaker, fuzzSeed: t.lab.config.promotion.fuzzSeed },
    { concurrency: 2, recheckMs: 60_000, stageTimeoutMs: 120_000 },
  );
  await engine.start();
  // promotions resumed by operators: everything that waited goes on
  const off = store.subscribe((e) => {
    if (e.type === 'promotions_resumed') void engine.resumeAll().catch(() => undefined);
  });
  return {
    engine,
    async close() {
      off();
      await engine.close();
      // the isolate runner is the lab's: it closes with the lab
      await Promise.all(standIns.map((r) => r.close()));
    },
  };
}

/**
 * proposes the clock baseline (through POST /proposals, with these headers) and lets it climb
 * the stand-ins to the operator's gate at shadow. the vm gate also runs scenarios from seeds drawn
 * at random, which the baseline now and then misses (a few in a hundred): such a climb ends at a
 * failed gate, and another proposal is tried
 */
export async function proposeToShadowGate(t: TestLab, ladder: StandInLadder, headers: Record<string, string> = {}, attempts = 4, clockSource?: string): Promise<ArtifactRecord> {
  for (let i = 1; ; i++) {
    const source = `${clockSource ?? t.lab.catalog.get('clock')!.baseline}\n// ${randomBytes(4).toString('hex')}`;
    const res = await t.app.inject({ method: 'POST', url: '/proposals', headers, payload: { niche: 'clock', source, language: 'js', proposer: 'person:test' } });
    if (res.statusCode !== 202) throw new Error(`expected 202, got ${res.statusCode}: ${res.body}`);
    const p = await t.lab.engine.settled(res.json<{ id: string }>().id);
    await ladder.engine.idle();
    const a = (await t.lab.store.artifact(p.artifactId!))!;
    const missedGate = a.promotion?.state === 'failed' && a.promotion.why.startsWith(`failed the ${a.promotion.stage} gate`);
    if (missedGate && i < attempts) continue;
    if (a.promotion?.state !== 'needs_approval' || a.promotion.stage !== 'shadow') throw new Error(`${a.id} did not reach the gate at shadow: ${JSON.stringify(a.promotion)}`);
    return a;
  }
}

/** polls `f` until it gives a value (or throws past `ms`) */
export async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * an artifact that climbed the stand-ins, was approved into shadow by `operator`, passed shadow
 * mode (the lab's own, in its configured sandbox) and was approved into active: the lab uses it
 */
export async function proposeToActive(t: TestLab, ladder: StandInLadder, operator = 'olga', headers: Record<string, string> = {}): Promise<ArtifactRecord> {
  const a = await proposeToShadowGate(t, ladder, headers);
  await t.lab.approvals.decide({ artifactId: a.id, verdict: 'approved', operator, reason: 'vm evidence reviewed', stage: 'shadow' });
  await until(`${a.id} through shadow`, async () => {
    const now = (await t.lab.store.artifact(a.id))!;
    if (now.promotion?.state === 'failed') throw new Error(`${a.id} failed: ${now.promotion.why}`);
    return now.promotion?.state === 'needs_approval' && now.promotion.stage === 'active' ? true : undefined;
  });
  await t.lab.approvals.decide({ artifactId: a.id, verdict: 'approved', operator, reason: 'shadow report reviewed', stage: 'active' });
  return until(`${a.id} active`, async () => {
    const now = (await t.lab.store.artifact(a.id))!;
    return now.promotion?.state === 'top' ? now : undefined;
  });
}

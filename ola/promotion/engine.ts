// the promotion engine: once a proposal's gate hands an artifact a token for the next rung,
// the artifact climbs on its own, one stage at a time, until a rung needs a person, is not
// available on this host, or the artifact fails. every step is in the registry, so a restart
// resumes where the registry says each artifact stands.
import type { ArtifactRecord, PromotionView, StoredEvent } from '../core/contracts.ts';
import { asOlaError, OlaError } from '../core/errors.ts';
import { bestEffort, WorkQueue } from '../core/work-queue.ts';
import type { PromotionState, Stage } from '../core/vocabulary.ts';
import { climbStage, recordStageError, type ClimbDeps } from './climb.ts';
import { LADDER } from '../core/ladder.ts';
import type { StageRunners } from './stage-runners.ts';
import type { ShadowMode } from './shadow/experiment.ts';
import type { Capabilities } from './active/capabilities.ts';
import type { CircuitBreaker } from './breaker.ts';

export interface PromotionOptions {
  /** artifacts climbing at once (sandboxed rungs are heavy: processes, containers, vms) */
  concurrency: number;
  /** how often rungs that were unavailable are asked again */
  recheckMs: number;
  /** a whole stage (public and held-out runs) past this is aborted, which kills its runs */
  stageTimeoutMs: number;
}

/** states the engine works on; the rest wait for a person or are settled */
const ACTIVE: readonly PromotionState[] = ['queued', 'running'];
/** states of an artifact that holds its first rung's token and has not started climbing */
const WAITING: readonly PromotionState[] = ['queued', 'stage_unavailable'];

/**
 * why an evolved artifact that has not started climbing should not: a better one of its niche
 * passed the gate since (a run improving its best queues each new best, and a climb through the
 * vm rung takes tens of seconds, so without this the queue only grows). people's proposals
 * always climb, and an artifact that has started climbing finishes, so a niche always has one on
 * its way up.
 */
async function overtakenBy(store: Pick<ClimbDeps['store'], 'incumbent'>, a: ArtifactRecord): Promise<string | undefined> {
  const mine = a.score?.utility;
  if (typeof a.meta?.runId !== 'string' || a.stage !== 'isolate' || mine === undefined) return undefined;
  if (!a.promotion || !WAITING.includes(a.promotion.state)) return undefined;
  const best = await store.incumbent(a.niche);
  if (!best || best.id === a.id || best.utility <= mine) return undefined;
  return `overtaken before it climbed: ${best.id} is ${a.niche}'s best now (utility ${best.utility.toFixed(4)} > ${mine.toFixed(4)}); an evolved variant climbs only while it is its niche's best`;
}

export class PromotionEngine {
  private readonly queue: WorkQueue<string>;
  /** artifacts waiting or climbing: an artifact is never in the queue twice */
  private readonly queued = new Set<string>();
  private readonly ac = new AbortController();
  private unsubscribe: () => void = () => undefined;
  private timer?: NodeJS.Timeout;
  /** the sweeps of overtaken artifacts, one after another */
  private sweeping: Promise<void> = Promise.resolve();

  constructor(
    private readonly d: ClimbDeps & { stages: StageRunners; shadow?: ShadowMode; capabilities?: Capabilities; breaker?: CircuitBreaker },
    private readonly opts: PromotionOptions,
  ) {
    this.queue = new WorkQueue(opts.concurrency, async (id) => {
      try {
        await this.climb(id);
      } finally {
        this.queued.delete(id);
      }
    });
  }

  /** picks up what a previous run left climbing, then follows the registry */
  async start(): Promise<void> {
    this.unsubscribe = this.d.store.subscribe((e) => this.onEvent(e));
    for (const a of await this.d.store.onLadder(ACTIVE)) this.enqueue(a.id);
    // in the background: a rung's check may boot a guest, and the lab's start must not wait
    void this.recheck();
    this.timer = setInterval(() => void this.recheck(), this.opts.recheckMs);
    this.timer.unref();
  }

  get pending(): number {
    return this.queue.pending;
  }

  private onEvent(e: StoredEvent): void {
    const promotion = e.payload.promotion as PromotionView | undefined;
    if (promotion?.state !== 'queued') return;
    const id = e.type === 'gate_decided' ? (e.payload.artifactId as string) : e.subject;
    if (e.type === 'gate_decided' || e.type === 'stage_passed' || e.type === 'promotion_approved') this.enqueue(id);
    // a new best: the queued ones of its niche it overtook are held now, not when their turn comes
    if (e.type === 'gate_decided') this.sweeping = this.sweeping.then(() => this.sweep(id)).catch(() => undefined);
  }

  /** holds the evolved artifacts of the niche of `id` that it overtook before they started climbing */
  private async sweep(id: string): Promise<void> {
    const { store } = this.d;
    const best = await store.artifact(id);
    if (!best || this.ac.signal.aborted) return;
    // only a new best of its niche overtakes anything (people's proposals of an equal or lesser
    // score pass their gates by the thousand: no scan of the queue for them)
    if ((await store.incumbent(best.niche))?.id !== id) return;
    for (const a of await store.onLadder(WAITING, 1000, false, best.niche)) {
      if (a.id === id || !(await overtakenBy(store, a))) continue;
      // the claim a climb takes: one that started meanwhile (here or in another lab) is left alone
      const release = await store.claim(`climb:${a.id}`);
      if (!release) continue;
      try {
        const now = await store.artifact(a.id);
        if (now) await this.hold(now);
      } finally {
        await release();
      }
    }
  }

  /** records the hold if the artifact is overtaken; true if it was */
  private async hold(a: ArtifactRecord): Promise<boolean> {
    const why = await overtakenBy(this.d.store, a);
    if (!why) return false;
    await this.d.store.append({ type: 'promotion_waiting', subject: a.id, payload: { stage: a.promotion!.stage, state: 'held', why } });
    return true;
  }

  /** artifacts waiting on a rung that was unavailable go again when it is back */
  async recheck(): Promise<void> {
    if (this.ac.signal.aborted) return;
    try {
      const fresh = new Map<string, Promise<boolean>>();
      for (const a of await this.d.store.onLadder(['stage_unavailable'])) {
        const stage = a.promotion!.stage;
        if (!fresh.has(stage)) fresh.set(stage, this.d.stages.status(stage, true).then((s) => s.available));
        if (await fresh.get(stage)) this.enqueue(a.id);
      }
    } catch {
      // the registry is closing; the next start rechecks
    }
  }

  private enqueue(id: string): void {
    if (this.queued.has(id) || this.ac.signal.aborted) return;
    this.queued.add(id);
    this.queue.push(id);
  }

  /** after the breaker is reset: everything that waited goes on */
  async resumeAll(): Promise<void> {
    for (const a of await this.d.store.onLadder(ACTIVE)) this.enqueue(a.id);
  }

  /** climbs rung after rung while the artifact stays queued; one lab climbs it on a shared registry */
  private async climb(id: string): Promise<void> {
    const release = await this.d.store.claim(`climb:${id}`);
    if (!release) return;
    try {
      for (;;) {
        if (this.ac.signal.aborted) return;
        const a = await this.d.store.artifact(id);
        if (!a?.promotion || !(ACTIVE as readonly string[]).includes(a.promotion.state) && a.promotion.state !== 'stage_unavailable') return;
        // an overtaken one is held even while promotions are halted: it is not going anywhere
        if (await this.hold(a)) return;
        // halted (the circuit breaker, or operators): the artifact stays where it is until resumed
        if (this.d.breaker?.halted) return;
        const state = await this.step(a, a.promotion.stage);
        if (state !== 'queued') return;
      }
    } finally {
      await release();
    }
  }

  private async step(a: ArtifactRecord, stage: Stage): Promise<PromotionState | undefined> {
    const { store, stages } = this.d;
    // a rung that needs a person is entered once an operator approved it (promotion/approvals.ts)
    if (LADDER[stage].needsApproval && a.decisions?.[stage]?.verdict !== 'approved') {
      const why = `entering ${stage} needs an operator's approval`;
      await store.append({ type: 'promotion_waiting', subject: a.id, payload: { stage, state: 'needs_approval', why } });
      return 'needs_approval';
    }
    if (stage === 'active') return this.activate(a);
    const shadow = stage === 'shadow' ? this.d.shadow : undefined;
    const status = shadow ? await shadow.status(a.niche) : await stages.status(stage);
    const runner = stages.get(stage);
    if ((!runner && !shadow) || !status.available) {
      const reason = status.reason ?? `no runner for ${stage}`;
      // said once: an artifact that already waits for the same reason is not re-recorded
      if (!(a.promotion?.state === 'stage_unavailable' && a.promotion.why === reason)) {
        await store.append({ type: 'stage_unavailable', subject: a.id, payload: { stage, reason } });
      }
      return 'stage_unavailable';
    }
    const signal = AbortSignal.any([this.ac.signal, AbortSignal.timeout(this.opts.stageTimeoutMs)]);
    try {
      // shadow runs in the background for as long as its verdict needs, outside the climb's queue
      if (shadow) return await shadow.begin(a);
      return await climbStage(this.d, a, stage, runner!, { ...(status as { detail?: Record<string, unknown> }).detail }, signal);
    } catch (err) {
      // on shutdown the artifact stays `running` and resumes at the next start
      if (this.ac.signal.aborted) return undefined;
      const e = asOlaError(err);
      // the rung went away between its probe and the run (an engine stopped): wait, not fail
      if (e.code === 'OLA_ERR_STAGE_UNAVAILABLE') {
        await bestEffort(() => store.append({ type: 'stage_unavailable', subject: a.id, payload: { stage, reason: e.message } }));
        return 'stage_unavailable';
      }
      const reason = signal.aborted ? `the stage took longer than ${this.opts.stageTimeoutMs} ms and was killed` : `${e.code}: ${e.message}`;
      await bestEffort(() => recordStageError(this.d, a, stage, reason));
      return 'failed';
    }
  }

  /** an operator approved it into active: the lab uses it from now on, the one before kept as its rollback handle */
  private async activate(a: ArtifactRecord): Promise<PromotionState | undefined> {
    const caps = this.d.capabilities;
    if (!caps) {
      const reason = 'this lab has no active capabilities';
      await this.d.store.append({ type: 'stage_unavailable', subject: a.id, payload: { stage: 'active', reason } });
      return 'stage_unavailable';
    }
    const approval = a.decisions?.active;
    const cap = await caps.activate(a, `approved into active by ${approval?.operator ?? 'an operator'}: ${approval?.reason ?? ''}`);
    const before = cap.previous ? `${cap.previous} stays as its rollback handle` : 'the built-in fallback stays as its rollback handle';
    const promotion = { state: 'top' as const, stage: 'active' as const, why: `active: the lab uses it for ${a.niche}; ${before}` };
    await this.d.store.append({ type: 'stage_passed', subject: a.id, payload: { stage: 'active', reasons: [promotion.why], next: null, capability: { seq: cap.seq, previous: cap.previous }, promotion } });
    return 'top';
  }

  /** resolves when nothing is queued or climbing */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
    this.queue.clear();
    this.ac.abort(new OlaError('OLA_ERR_ABORTED', 'lab closing'));
    await this.idle();
    await this.sweeping;
  }
}

// accepts proposals, records them before answering, and walks each through the
// lifecycle with bounded concurrency. unfinished proposals resume after a restart.
import { ulid } from 'ulid';
import type { ProposalInput, ProposalRecord, RegistryStore } from '../core/contracts.ts';
import { asOlaError, OlaError } from '../core/errors.ts';
import type { NicheCatalog } from '../niches/catalog.ts';
import { TERMINAL_STATES, type LifecycleOutcome } from '../core/vocabulary.ts';
import { bestEffort, WorkQueue } from '../core/work-queue.ts';
import { compose, type Composed } from './compose.ts';
import { Rejected, type LifecycleContext } from './context.ts';
import { lifecycleSteps, type StepDeps } from './steps.ts';

export type Outcome = LifecycleOutcome;

/** the events after which a proposal may be in a terminal state */
const SETTLING_EVENTS = new Set(['proposal_rejected', 'gate_decided', 'proposal_failed']);

export interface EngineOptions {
  concurrency: number;
  maxQueue: number;
  stepTimeoutMs: number;
  onOutcome?: (outcome: Outcome, niche: string) => void;
  onStep?: (step: string, ms: number) => void;
}

export class LifecycleEngine {
  private readonly pipeline: Composed<LifecycleContext>;
  private readonly queue: WorkQueue<LifecycleContext>;
  private readonly ac = new AbortController();

  constructor(
    private readonly deps: StepDeps & { store: RegistryStore; catalog: NicheCatalog },
    private readonly opts: EngineOptions,
  ) {
    this.pipeline = compose(lifecycleSteps(deps, opts.stepTimeoutMs), opts.onStep);
    this.queue = new WorkQueue(opts.concurrency, (ctx) => this.walk(ctx));
  }

  get pending(): number {
    return this.queue.pending;
  }

  /** records the proposal and queues it; the caller gets the id at once */
  async submit(input: ProposalInput): Promise<{ id: string }> {
    const niche = this.deps.catalog.get(input.niche);
    if (!niche) throw new OlaError('OLA_ERR_UNKNOWN_NICHE', `unknown niche '${input.niche}'`, { field: 'niche', known: this.deps.catalog.list().map((n) => n.id) });
    if (this.ac.signal.aborted) throw new OlaError('OLA_ERR_ABORTED', 'the lab is shutting down');
    if (this.queue.size >= this.opts.maxQueue) throw new OlaError('OLA_ERR_BUSY', `${this.queue.size} proposals are waiting; retry later`);
    const id = `p_${ulid()}`;
    const sourceSha256 = await this.deps.store.putSource(input.source);
    const proposer = input.proposer ?? 'anonymous';
    await this.deps.store.append({
      type: 'proposal_received',
      subject: id,
      payload: { niche: input.niche, proposer, language: input.language, sourceSha256, parents: input.parents ?? [], meta: input.meta ?? {} },
    });
    this.enqueue({ proposalId: id, niche, input: { ...input, proposer } });
    return { id };
  }

  /** re-queue proposals a previous run of the lab accepted but did not finish */
  async resume(): Promise<number> {
    const unfinished = await this.deps.store.unfinishedProposals();
    for (const p of unfinished) {
      const niche = this.deps.catalog.get(p.niche);
      const source = await this.deps.store.getSource(p.sourceSha256);
      if (!niche || source === undefined) {
        await this.fail(p.id, new OlaError('OLA_ERR_INTERNAL', niche ? 'source file missing on resume' : `niche ${p.niche} no longer exists`));
        continue;
      }
      this.enqueue({ proposalId: p.id, niche, input: { niche: p.niche, source, language: p.language, proposer: p.proposer, meta: p.meta, parents: p.parents } });
    }
    return unfinished.length;
  }

  private enqueue(ctx: LifecycleContext): void {
    this.queue.push(ctx);
  }

  private async walk(ctx: LifecycleContext): Promise<void> {
    const niche = ctx.niche.id;
    // on a shared registry another lab may walk it (both resumed it): one walks, and only while unfinished
    const release = await this.deps.store.claim(`proposal:${ctx.proposalId}`);
    if (!release) return;
    const status = await this.deps.store.status(ctx.proposalId);
    if (status && TERMINAL_STATES.includes(status)) return void (await release());
    try {
      await this.pipeline(ctx, this.ac.signal);
      this.opts.onOutcome?.(ctx.decision?.pass ? 'gated_pass' : 'gated_fail', niche);
    } catch (err) {
      // the one error path: a rejection is recorded as such, anything else as a failure
      if (err instanceof Rejected) {
        await bestEffort(() =>
          this.deps.store.append({ type: 'proposal_rejected', subject: ctx.proposalId, payload: { reasons: err.reasons } }),
        );
        this.opts.onOutcome?.('rejected', niche);
      } else if (!this.ac.signal.aborted) {
        await this.fail(ctx.proposalId, asOlaError(err), ctx.artifactId);
        this.opts.onOutcome?.('failed', niche);
      }
      // on shutdown the proposal stays unfinished and resumes at the next start
    } finally {
      await release();
    }
  }

  private async fail(proposalId: string, err: OlaError, artifactId?: string): Promise<void> {
    await bestEffort(() => this.deps.store.append({ type: 'proposal_failed', subject: proposalId, payload: { artifactId, error: err.toJSON() } }));
  }

  /** resolves when nothing is queued or running */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** resolves with the proposal once it reaches a terminal state (woken by the registry's events) */
  async settled(id: string, timeoutMs = 60_000): Promise<ProposalRecord> {
    const terminal = async () => {
      const status = await this.deps.store.status(id);
      return status && TERMINAL_STATES.includes(status) ? (await this.deps.store.proposal(id))! : undefined;
    };
    const now = await terminal();
    if (now) return now;
    return new Promise<ProposalRecord>((resolve, reject) => {
      let done = false;
      const finish = (err?: OlaError, p?: ProposalRecord) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribe();
        this.ac.signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(p!);
      };
      const onAbort = () => finish(new OlaError('OLA_ERR_ABORTED', `the lab is closing; proposal ${id} resumes at the next start`));
      // the caller's wait ends, not the proposal: its steps have timeouts of their own
      const timer = setTimeout(() => finish(new OlaError('OLA_ERR_WAIT_TIMEOUT', `proposal ${id} did not settle in ${timeoutMs} ms; it goes on`)), timeoutMs);
      const unsubscribe = this.deps.store.subscribe((e) => {
        if (e.subject === id && SETTLING_EVENTS.has(e.type)) void terminal().then((p) => p && finish(undefined, p));
      });
      if (this.ac.signal.aborted) return onAbort();
      this.ac.signal.addEventListener('abort', onAbort, { once: true });
      // it may have settled between the first look and the subscription
      void terminal().then((p) => p && finish(undefined, p));
    });
  }

  async close(): Promise<void> {
    this.queue.clear();
    this.ac.abort(new OlaError('OLA_ERR_ABORTED', 'lab closing'));
    await this.idle();
  }
}

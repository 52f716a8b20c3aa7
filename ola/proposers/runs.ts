// ola runs: evolution runs started over rest, the cli or the autopilot. several may run at
// once (they share the lab's lifecycle engine); unfinished runs resume at the next start.
import { randomInt } from 'node:crypto';
import { ulid } from 'ulid';
import type { RegistryStore, Validator } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { LifecycleEngine } from '../lifecycle/engine.ts';
import type { NicheCatalog } from '../niches/catalog.ts';
import type { Proposer } from '../core/contracts.ts';
import { drive, SHUTDOWN, type RoundReport, type RunSummary } from './drive.ts';
import { EvolveProposer } from './evolve/evolve-proposer.ts';
import type { Config } from '../core/config.ts';
import { LlmProposer } from './llm/llm-proposer.ts';

export const PROPOSERS = ['evolve', 'llm'] as const;
export type ProposerName = (typeof PROPOSERS)[number];

export interface OlaRunRequest {
  niche: string;
  proposer?: ProposerName;
  seed?: number;
  budget: { evaluations: number; seconds?: number };
  islands?: number;
  batch?: number;
  migrateEvery?: number;
}

export type OlaRunState = 'running' | 'done' | 'stopped' | 'failed';

export interface OlaRunOptions {
  niche: string;
  seed: number;
  budget: { evaluations: number; seconds?: number };
  islands: number;
  batch: number;
  migrateEvery: number;
}

export interface OlaRunView {
  id: string;
  niche: string;
  proposer: ProposerName;
  state: OlaRunState;
  options: OlaRunOptions;
  evaluations: number;
  generations: RoundReport[];
  baseline?: number;
  summary?: RunSummary;
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

/** a run as the lab keeps it: the proposer (its archive, its history) lives only while the run does */
interface Live {
  view: OlaRunView;
  ac: AbortController;
  done: Promise<void>;
}

export const RUN_DEFAULTS = { islands: 4, batch: 16, migrateEvery: 5 };

export class OlaRuns {
  private readonly runs = new Map<string, Live>();

  constructor(private readonly deps: { engine: LifecycleEngine; store: RegistryStore; validator: Validator; catalog: NicheCatalog; llm: Config['llm'] }) {}

  private proposer(name: ProposerName, runId: string, niche: import('../core/contracts.ts').Niche, o: OlaRunOptions): { proposer: Proposer; size: () => number } {
    if (name === 'llm') {
      const { url, model, key, timeoutMs, temperature, maxFailures } = this.deps.llm;
      if (!url || !model) throw new OlaError('OLA_ERR_LLM_UNCONFIGURED', 'the llm proposer needs OLA_LLM_URL and OLA_LLM_MODEL', { field: 'proposer' });
      return { proposer: new LlmProposer(this.deps, { runId, niche, endpoint: { url, model, key, timeoutMs, temperature }, maxFailures }), size: () => 0 };
    }
    const evolver = new EvolveProposer(this.deps, { runId, niche, seed: o.seed, islands: o.islands, migrateEvery: o.migrateEvery });
    return { proposer: evolver, size: () => evolver.archive.size };
  }

  start(req: OlaRunRequest, runId = `r_${ulid()}`): OlaRunView {
    const niche = this.deps.catalog.get(req.niche);
    if (!niche) throw new OlaError('OLA_ERR_UNKNOWN_NICHE', `unknown niche '${req.niche}'`, { field: 'niche', known: this.deps.catalog.list().map((n) => n.id) });
    const options: OlaRunOptions = {
      niche: niche.id,
      seed: req.seed ?? randomInt(1, 2 ** 31),
      budget: req.budget,
      islands: req.islands ?? RUN_DEFAULTS.islands,
      batch: req.batch ?? RUN_DEFAULTS.batch,
      migrateEvery: req.migrateEvery ?? RUN_DEFAULTS.migrateEvery,
    };
    const name = req.proposer ?? 'evolve';
    const { proposer, size } = this.proposer(name, runId, niche, options);
    const view: OlaRunView = { id: runId, niche: niche.id, proposer: name, state: 'running', options, evaluations: 0, generations: [], createdAt: new Date().toISOString() };
    const ac = new AbortController();
    const live: Live = { view, ac, done: Promise.resolve() };
    const { seed, islands, migrateEvery } = options;
    live.done = drive(
      proposer,
      this.deps,
      { runId, niche, budget: options.budget, batch: name === 'llm' ? Math.min(options.batch, 4) : options.batch, settings: { proposer: name, seed, islands, migrateEvery }, size },
      ac.signal,
      (g) => {
        view.generations.push(g);
        view.evaluations = g.evaluations;
        view.baseline = proposer.baseline;
      },
    )
      .then((summary) => {
        view.summary = summary;
        view.evaluations = summary.evaluations;
        view.baseline = summary.baseline;
        view.state = summary.stopped === 'stopped' ? 'stopped' : 'done';
      })
      .catch(async (err: Error) => {
        view.state = ac.signal.aborted ? 'stopped' : 'failed';
        view.error = err.message;
        if (ac.signal.reason !== SHUTDOWN) await this.record(runId, err.message);
      })
      .finally(() => (view.finishedAt = new Date().toISOString()));
    this.runs.set(runId, live);
    return view;
  }

  private async record(runId: string, message: string): Promise<void> {
    try {
      await this.deps.store.append({ type: 'evolution_finished', subject: runId, payload: { runId, failed: true, error: message } });
    } catch {
      // the registry is closing: the run resumes at the next start
    }
  }

  get(id: string): OlaRunView | undefined {
    return this.runs.get(id)?.view;
  }

  list(): OlaRunView[] {
    return [...this.runs.values()].map((l) => l.view).reverse();
  }

  /** stops a run after its current generation; resolves when it has stopped */
  async stop(id: string): Promise<OlaRunView | undefined> {
    const live = this.runs.get(id);
    if (!live) return undefined;
    live.ac.abort();
    await live.done;
    return live.view;
  }

  async wait(id: string): Promise<OlaRunView | undefined> {
    await this.runs.get(id)?.done;
    return this.get(id);
  }

  /** runs a previous start of the lab began and never finished continue where they were */
  async resume(): Promise<string[]> {
    const started = await this.deps.store.eventsOf({ types: ['evolution_started'] });
    const finished = new Set((await this.deps.store.eventsOf({ types: ['evolution_finished'] })).map((e) => e.subject));
    const resumed: string[] = [];
    for (const e of started) {
      if (finished.has(e.subject) || this.runs.has(e.subject)) continue;
      const p = e.payload as { niche: string; proposer?: ProposerName; seed: number; budget: OlaRunRequest['budget']; islands: number; batch: number; migrateEvery: number };
      if (!this.deps.catalog.get(p.niche)) continue;
      try {
        this.start({ niche: p.niche, proposer: p.proposer, seed: p.seed, budget: p.budget, islands: p.islands, batch: p.batch, migrateEvery: p.migrateEvery }, e.subject);
        resumed.push(e.subject);
      } catch {
        // e.g. an llm run on a lab started without an endpoint: it stays unfinished
      }
    }
    return resumed;
  }

  /** on shutdown runs stop without a finished event, so they resume next time */
  async close(): Promise<void> {
    for (const l of this.runs.values()) l.ac.abort(SHUTDOWN);
    await Promise.all([...this.runs.values()].map((l) => l.done));
  }
}

// drives any proposer in rounds through the lab's lifecycle, within a budget of evaluations
// and seconds: submit, wait for the outcomes, feed them back. emits the run's events.
import type { Niche, ProposalInput, ProposalOutcome, Proposer, RegistryStore } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { LifecycleEngine } from '../lifecycle/engine.ts';

/** the abort reason of a lab shutdown: the run stops without finishing, and resumes later */
export const SHUTDOWN = 'shutdown';

export interface RoundReport {
  generation: number;
  evaluations: number;
  passed: number;
  best?: { id: string; fitness: number; headline: number };
  archive: number;
  elapsedS: number;
}

export interface RunSummary {
  runId: string;
  niche: string;
  proposer: string;
  evaluations: number;
  generations: number;
  baseline?: number;
  baselineFitness?: number;
  best?: { id: string; fitness: number; headline: number };
  /** a better headline metric, or (headline unchanged) a better utility */
  improved: boolean;
  stopped: 'budget' | 'time' | 'stopped' | 'exhausted';
  elapsedS: number;
  evalsPerSecond: number;
}

export interface DriveOptions {
  runId: string;
  niche: Niche;
  budget: { evaluations: number; seconds?: number };
  batch: number;
  /** recorded with evolution_started, so a restart can rebuild the run */
  settings: Record<string, unknown>;
  /** cells or elites the proposer holds, for reports */
  size?: () => number;
}

const isSeed = (i: ProposalInput) => i.meta?.role === 'seed';

export async function drive(
  proposer: Proposer,
  deps: { engine: LifecycleEngine; store: RegistryStore },
  o: DriveOptions,
  signal: AbortSignal,
  onRound?: (r: RoundReport) => void,
): Promise<RunSummary> {
  const { store, engine } = deps;
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const mine = await store.artifactsOfRun(o.runId);
  if (mine.length === 0) {
    await store.append({ type: 'evolution_started', subject: o.runId, payload: { niche: o.niche.id, proposer: proposer.name, budget: o.budget, batch: o.batch, ...o.settings } });
  }
  await proposer.restore?.(mine);
  let evaluations = mine.filter((a) => a.meta?.role !== 'seed').length;
  const startEvals = evaluations;
  let round = Math.max(0, ...mine.map((a) => Number(a.meta?.generation ?? -1) + 1));
  let stopped: RunSummary['stopped'] = 'budget';
  const rounds: RoundReport[] = [];

  const submit = async (input: ProposalInput): Promise<ProposalOutcome> => {
    for (;;) {
      try {
        const { id } = await engine.submit({ ...input, meta: { ...input.meta, runId: o.runId } });
        const proposal = await engine.settled(id, 10 * 60_000);
        return { input, proposal, artifact: proposal.artifactId ? await store.artifact(proposal.artifactId) : undefined };
      } catch (err) {
        if ((err as OlaError).code !== 'OLA_ERR_BUSY') throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  while (evaluations < o.budget.evaluations) {
    if (signal.aborted) {
      stopped = 'stopped';
      break;
    }
    if (o.budget.seconds !== undefined && elapsed() >= o.budget.seconds) {
      stopped = 'time';
      break;
    }
    const inputs = await proposer.next(round, Math.min(o.batch, o.budget.evaluations - evaluations), signal);
    if (inputs.length === 0) {
      stopped = 'exhausted';
      break;
    }
    const outcomes = await Promise.all(inputs.map(submit));
    await proposer.observe(outcomes);
    const counted = inputs.filter((i) => !isSeed(i)).length;
    evaluations += counted;
    if (counted === 0) continue; // the seeding round
    const report: RoundReport = {
      generation: round,
      evaluations,
      passed: outcomes.filter((x) => x.artifact?.gate?.pass).length,
      best: proposer.best(),
      archive: o.size?.() ?? 0,
      elapsedS: elapsed(),
    };
    rounds.push(report);
    await store.append({ type: 'evolution_generation', subject: o.runId, payload: { niche: o.niche.id, proposer: proposer.name, ...report } });
    onRound?.(report);
    round++;
  }
  const best = proposer.best();
  const baseline = proposer.baseline;
  const better = o.niche.headline.better;
  const baselineFitness = proposer.baselineFitness;
  const headlineBetter = best !== undefined && baseline !== undefined && (better === 'lower' ? best.headline < baseline : best.headline > baseline);
  const utilityBetter = best !== undefined && baselineFitness !== undefined && best.headline === baseline && best.fitness > baselineFitness;
  const improved = headlineBetter || utilityBetter;
  const summary: RunSummary = {
    runId: o.runId,
    niche: o.niche.id,
    proposer: proposer.name,
    evaluations,
    generations: rounds.length,
    baseline,
    baselineFitness,
    best,
    improved,
    stopped,
    elapsedS: elapsed(),
    evalsPerSecond: (evaluations - startEvals) / Math.max(1e-9, elapsed()),
  };
  if (signal.reason !== SHUTDOWN) await store.append({ type: 'evolution_finished', subject: o.runId, payload: { ...summary } });
  return summary;
}

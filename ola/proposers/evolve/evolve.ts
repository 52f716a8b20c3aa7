// drives an evolution run: generations until the budget (evaluations, seconds) or a stop,
// migration between islands, and the run's events on the registry stream.
import { rng } from '../../niches/shared/rng.ts';
import type { EvolutionRun, GenerationReport } from './run.ts';

/** the abort reason of a lab shutdown: the run stops without finishing, and resumes later */
export const SHUTDOWN = 'shutdown';

export interface EvolveSummary {
  runId: string;
  niche: string;
  evaluations: number;
  generations: number;
  baseline?: number;
  best?: { id: string; fitness: number; headline: number };
  improved: boolean;
  stopped: 'budget' | 'time' | 'stopped';
  elapsedS: number;
  evalsPerSecond: number;
}

export async function evolve(run: EvolutionRun, signal: AbortSignal, onGeneration?: (g: GenerationReport) => void): Promise<EvolveSummary> {
  const { opts } = run;
  const { store } = run;
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  await store.append({
    type: 'evolution_started',
    subject: opts.runId,
    payload: { niche: opts.niche.id, seed: opts.seed, budget: opts.budget, islands: opts.islands, batch: opts.batch },
  });
  await run.seed();
  let stopped: EvolveSummary['stopped'] = 'budget';
  let g = run.resumedGeneration;
  const startEvals = run.evaluations;
  while (run.evaluations < opts.budget.evaluations) {
    if (signal.aborted) {
      stopped = 'stopped';
      break;
    }
    if (opts.budget.seconds !== undefined && elapsed() >= opts.budget.seconds) {
      stopped = 'time';
      break;
    }
    // each generation has its own stream, so a resumed run continues the same sequence
    const r = rng((opts.seed ^ Math.imul(g + 1, 0x9e3779b9)) >>> 0);
    const before = run.evaluations;
    const { offered } = await run.generation(g, r);
    if (run.evaluations === before) break; // nothing new could be made: the archive is exhausted
    if ((g + 1) % opts.migrateEvery === 0) run.archive.migrate();
    const best = run.archive.best();
    const report: GenerationReport = {
      generation: g,
      evaluations: run.evaluations,
      passed: offered,
      best: best ? { id: best.id, fitness: best.fitness, headline: best.headline } : undefined,
      archive: run.archive.size,
      elapsedS: elapsed(),
    };
    run.generations.push(report);
    await store.append({ type: 'evolution_generation', subject: opts.runId, payload: { niche: opts.niche.id, ...report } });
    onGeneration?.(report);
    g++;
  }
  const best = run.archive.best();
  const better = opts.niche.headline.better;
  const improved = best !== undefined && run.baseline !== undefined && (better === 'lower' ? best.headline < run.baseline : best.headline > run.baseline);
  const summary: EvolveSummary = {
    runId: opts.runId,
    niche: opts.niche.id,
    evaluations: run.evaluations,
    generations: run.generations.length,
    baseline: run.baseline,
    best: best ? { id: best.id, fitness: best.fitness, headline: best.headline } : undefined,
    improved,
    stopped,
    elapsedS: elapsed(),
    evalsPerSecond: (run.evaluations - startEvals) / Math.max(1e-9, elapsed()),
  };
  if (signal.reason !== SHUTDOWN) await store.append({ type: 'evolution_finished', subject: opts.runId, payload: { ...summary } });
  return summary;
}

// GET /ola/runs/:id/progress: per generation best and median against the baseline, the
// map-elites archive as cells, and the lineage of the current best (for the evolution view).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ArtifactRecord, RegistryStore } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { LOOP_BINS, SIZE_BINS } from '../../proposers/evolve/archive.ts';
import { errors } from '../responses.ts';
import { OlaRunIdParams } from '../schemas.ts';
import { EvolutionProgress } from '../schemas-ui.ts';

type Progress = z.infer<typeof EvolutionProgress>;
const MAX_LINEAGE = 32;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function generationStats(artifacts: ArtifactRecord[]): Progress['generations'] {
  const byGen = new Map<number, ArtifactRecord[]>();
  for (const a of artifacts) {
    const g = a.meta?.generation;
    if (typeof g !== 'number') continue;
    byGen.set(g, [...(byGen.get(g) ?? []), a]);
  }
  let bestSoFar: number | null = null;
  return [...byGen.keys()]
    .sort((a, b) => a - b)
    .map((generation) => {
      const all = byGen.get(generation)!;
      const utilities = all.map((a) => a.score?.utility).filter((u): u is number => typeof u === 'number');
      const passed = all.filter((a) => a.gate?.pass);
      const best = passed.length ? Math.max(...passed.map((a) => a.score?.utility ?? -Infinity)) : null;
      if (best !== null && (bestSoFar === null || best > bestSoFar)) bestSoFar = best;
      return { generation, evaluated: all.length, passed: passed.length, best, median: median(utilities), bestSoFar };
    });
}

async function lineage(store: RegistryStore, id: string): Promise<string[]> {
  const out = [id];
  let a = await store.artifact(id);
  while (a?.parents[0] && out.length < MAX_LINEAGE && !out.includes(a.parents[0])) {
    out.push(a.parents[0]);
    a = await store.artifact(a.parents[0]);
  }
  return out;
}

export const evolutionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/ola/runs/:id/progress',
    {
      schema: {
        summary: 'an evolution run for charts: best and median utility per generation, the archive cells, the lineage of the best',
        tags: ['ola'],
        params: OlaRunIdParams,
        response: { 200: EvolutionProgress, ...errors(400, 404) },
      },
    },
    async (req) => {
      const { store } = app.lab;
      const run = app.lab.ola.get(req.params.id);
      if (!run) throw new OlaError('OLA_ERR_NOT_FOUND', `no ola run ${req.params.id}`, { field: 'id' });
      const artifacts = await store.artifactsOfRun(run.id);
      const seed = artifacts.find((a) => a.meta?.role === 'seed');
      // the newest elite of each island and cell holds it
      const cells = new Map<string, Progress['archive']['cells'][number]>();
      for (const e of await store.eventsOf({ types: ['elite_added'], subject: run.id })) {
        const p = e.payload as { artifactId: string; island: number; cell: string; fitness: number };
        // a cell is size:loops:specialty; the chart shows size by loops, the fittest of its specialties
        const [x, y] = p.cell.split(':').map(Number);
        const key = `${p.island}/${x}:${y}`;
        const held = cells.get(key);
        if (!held || held.fitness <= p.fitness) cells.set(key, { island: p.island, x: x ?? 0, y: y ?? 0, fitness: p.fitness, artifactId: p.artifactId });
      }
      const top = run.summary?.best ?? run.generations.at(-1)?.best;
      return {
        runId: run.id,
        niche: run.niche,
        state: run.state,
        baseline: run.summary?.baselineFitness ?? seed?.score?.utility ?? null,
        generations: generationStats(artifacts),
        archive: { axes: { x: 'code size (log2 bins from 256 B)', y: 'loop statements', xBins: SIZE_BINS, yBins: LOOP_BINS }, cells: [...cells.values()] },
        best: top ? { id: top.id, fitness: top.fitness, lineage: await lineage(store, top.id) } : null,
      };
    },
  );
};

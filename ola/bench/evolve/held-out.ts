// what an evolution run's artifacts scored on the held-out scenarios, read back from the
// registry: the lifecycle judged every artifact that ran cleanly in public on them, with the
// same judge and the same (lab key) set the references are scored on.
import type { ArtifactRecord, Niche, RegistryStore } from '../../core/contracts.ts';
import type { RoundReport } from '../../proposers/drive.ts';
import type { Figures } from '../references/goals.ts';

export interface HeldOut {
  baseline?: Figures & { id: string };
  best?: Figures & { id: string };
  /** the held-out headline of each generation's best (by public utility) */
  curve: [number, number][];
}

function figures(a: ArtifactRecord | undefined): (Figures & { id: string }) | undefined {
  const h = a?.heldOut;
  return a && h && h.runs > 0 ? { id: a.id, utility: h.utility, metrics: h.metrics, crashes: h.crashes, runs: h.runs } : undefined;
}

export async function heldOutOfRun(store: RegistryStore, runId: string, niche: Niche, generations: RoundReport[], bestId: string | undefined): Promise<HeldOut> {
  const seed = (await store.artifactsOfRun(runId)).find((a) => a.meta?.role === 'seed');
  const cache = new Map<string, ArtifactRecord | undefined>();
  const get = async (id: string) => {
    if (!cache.has(id)) cache.set(id, await store.artifact(id));
    return cache.get(id);
  };
  const curve: [number, number][] = [];
  for (const g of generations) {
    const v = g.best ? (await get(g.best.id))?.heldOut?.metrics[niche.headline.metric] : undefined;
    if (v !== undefined && Number.isFinite(v)) curve.push([g.evaluations, v]);
  }
  return { baseline: figures(seed), best: bestId ? figures(await get(bestId)) : undefined, curve };
}

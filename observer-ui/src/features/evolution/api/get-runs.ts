// GET /ola/runs: the evolution runs of this lab process, newest first.
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface RunView {
  id: string;
  niche: string;
  proposer: string;
  state: 'running' | 'done' | 'stopped' | 'failed';
  options: { seed: number; budget: { evaluations: number }; islands: number; batch: number };
  evaluations: number;
  generations: { generation: number; best?: { id: string; fitness: number; headline: number } }[];
  summary?: { improved: boolean; best?: { id: string; fitness: number; headline: number }; baselineFitness?: number; evalsPerSecond: number };
  error?: string;
  createdAt: string;
}

export const fetchRuns = (signal?: AbortSignal) => getJson<{ runs: RunView[] }>('/ola/runs', signal).then((r) => r.runs);

export const useRuns = () => useResource('ola-runs', fetchRuns, { refreshMs: 2000 });

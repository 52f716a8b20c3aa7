// GET /ola/runs/:id/progress: per-generation best and median, the archive cells, the best's lineage.
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface RunProgress {
  runId: string;
  niche: string;
  state: string;
  baseline: number | null;
  generations: { generation: number; evaluated: number; passed: number; best: number | null; median: number | null; bestSoFar: number | null }[];
  archive: { axes: { x: string; y: string; xBins: number; yBins: number }; cells: { island: number; x: number; y: number; fitness: number; artifactId: string }[] };
  best: { id: string; fitness: number; lineage: string[] } | null;
}

export const fetchRunProgress = (id: string, signal?: AbortSignal) => getJson<RunProgress>(`/ola/runs/${id}/progress`, signal);

export const useRunProgress = (id: string | null, live: boolean) => useResource(id && `progress:${id}`, (signal) => fetchRunProgress(id!, signal), { refreshMs: live ? 1000 : undefined });

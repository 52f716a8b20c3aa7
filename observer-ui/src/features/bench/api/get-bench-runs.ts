// GET /bench/runs: benchmark runs with state, progress and results (plots included).
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface Plot {
  id: string;
  kind: 'line' | 'bar' | 'hist';
  title: string;
  x: string;
  y: string;
  series: { name: string; points: [number | string, number][] }[];
}

export interface BenchPart {
  part: string;
  niche: string;
  title: string;
  artifact: { id: string; origin: 'registry' | 'baseline' };
  rows: { part: string; measure: string; value: number | null; unit: string; target?: { op: '<=' | '>='; value: number }; met?: boolean; note?: string }[];
  plots: Plot[];
  images?: { title: string; dataUrl: string }[];
}

export interface BenchRun {
  id: string;
  suite: 'day1';
  quick: boolean;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress?: { part: string; index: number; total: number; label: string };
  createdAt: string;
  finishedAt?: string;
  result?: { durationS: number; machine: string; parts: BenchPart[]; errors: { part: string; message: string }[] };
  error?: string;
  report: string | null;
}

export const fetchBenchRuns = (signal?: AbortSignal) => getJson<{ runs: BenchRun[] }>('/bench/runs', signal).then((r) => r.runs);

export const useBenchRuns = (live: boolean) => useResource('bench-runs', fetchBenchRuns, { refreshMs: live ? 1000 : 10_000 });

// POST /ola/runs: start an evolution run (niche, budget, seed).
import { useCallback, useState } from 'react';
import { postJson } from '../../../shared/api/http.ts';
import type { RunView } from './get-runs.ts';

export interface RunRequest {
  niche: string;
  seed?: number;
  budget: { evaluations: number };
  batch?: number;
}

export const postRun = (body: RunRequest) => postJson<RunView>('/ola/runs', body);

export function useStartRun(onStarted: (run: RunView) => void) {
  const [state, setState] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const start = useCallback(
    async (body: RunRequest) => {
      setState({ busy: true });
      try {
        const run = await postRun(body);
        setState({ busy: false });
        onStarted(run);
      } catch (err) {
        setState({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    },
    [onStarted],
  );
  return { ...state, start };
}

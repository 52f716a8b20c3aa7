// POST /bench/runs: start the day-1 benchmark (one at a time; a second waits).
import { useCallback, useState } from 'react';
import { postJson } from '../../../shared/api/http.ts';
import type { BenchRun } from './get-bench-runs.ts';

export const postBenchRun = (quick: boolean) => postJson<BenchRun>('/bench/runs', { suite: 'day1', quick });

export function useStartBench(onStarted: (r: BenchRun) => void) {
  const [state, setState] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const start = useCallback(
    async (quick: boolean) => {
      setState({ busy: true });
      try {
        onStarted(await postBenchRun(quick));
        setState({ busy: false });
      } catch (err) {
        setState({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    },
    [onStarted],
  );
  return { ...state, start };
}

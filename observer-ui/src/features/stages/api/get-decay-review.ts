// GET /capabilities/review: the decay review, per niche its active capability and what no longer
// earns its place (unused, outperformed). the latest one is polled (cheap: nothing is run);
// reviewNow runs one now (`now=1`), and the newer of the two is shown.
import { useCallback, useState } from 'react';
import { getJson } from '../../../shared/api/http.ts';
import type { DecayReview } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';
import { newerReview } from '../lib/decay-format.ts';

export const fetchDecayReview = (now: boolean, signal?: AbortSignal) => getJson<DecayReview>(`/capabilities/review${now ? '?now=1' : ''}`, signal);

export function useDecayReview() {
  const latest = useResource('decay-review', (signal) => fetchDecayReview(false, signal), { refreshMs: 10_000 });
  const [fresh, setFresh] = useState<DecayReview>();
  const [run, setRun] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const reviewNow = useCallback(async () => {
    setRun({ busy: true });
    try {
      setFresh(await fetchDecayReview(true));
      setRun({ busy: false });
    } catch (err) {
      setRun({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }, []);
  return { data: newerReview(latest.data, fresh), error: latest.error, loading: latest.loading, reload: latest.reload, reviewNow, reviewing: run.busy, reviewError: run.error };
}

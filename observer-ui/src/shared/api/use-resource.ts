// loads a resource with loading and error states; reloads on key change, on demand or on a timer.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

export function useResource<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>, opts: { refreshMs?: number } = {}): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: Error; loading: boolean }>({ key, loading: key !== null });
  const [tick, setTick] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    if (key === null) return;
    const ac = new AbortController();
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, loading: true }));
    fetcherRef
      .current(ac.signal)
      .then((data) => !ac.signal.aborted && setState({ key, data, loading: false }))
      .catch((error: unknown) => !ac.signal.aborted && setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: error instanceof Error ? error : new Error(String(error)), loading: false })));
    return () => ac.abort();
  }, [key, tick]);

  useEffect(() => {
    if (key === null || !opts.refreshMs) return;
    const t = setInterval(() => setTick((n) => n + 1), opts.refreshMs);
    return () => clearInterval(t);
  }, [key, opts.refreshMs]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: key !== null && (!current || state.loading), reload };
}

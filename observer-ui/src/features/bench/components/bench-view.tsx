// the benchmarks view: start the day-1 suite, watch its progress, read its results and plots.
import { useCallback, useEffect, useState } from 'react';
import { Empty, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useBenchRuns } from '../api/get-bench-runs.ts';
import { useStartBench } from '../api/post-bench-run.ts';
import { BenchResult } from './bench-result.tsx';

export function BenchView() {
  const [live, setLive] = useState(false);
  const runs = useBenchRuns(live);
  const [selected, setSelected] = useState<string>();
  const [quick, setQuick] = useState(true);
  const onStarted = useCallback(
    (r: { id: string }) => {
      setSelected(r.id);
      setLive(true);
      runs.reload();
    },
    [runs],
  );
  const { busy, error, start } = useStartBench(onStarted);
  const list = runs.data ?? [];
  const active = list.some((r) => r.state === 'queued' || r.state === 'running');
  useEffect(() => {
    if (runs.data) setLive(active);
  }, [active, runs.data]);
  const run = list.find((r) => r.id === selected) ?? list.find((r) => r.state === 'done') ?? list[0];
  return (
    <section className="view view-bench" aria-labelledby="bench-title">
      <header className="view-header">
        <h2 id="bench-title">benchmarks</h2>
        <button type="button" onClick={() => void start(quick)} disabled={busy}>
          {busy ? 'starting…' : 'run the day-1 benchmark'}
        </button>
        <label>
          <input type="checkbox" checked={quick} onChange={(e) => setQuick(e.target.checked)} /> quick
        </label>
        {error && <span className="form-error">{error.message}</span>}
      </header>
      {runs.error && <ErrorState error={runs.error} retry={runs.reload} />}
      {!runs.data && !runs.error && <Loading what="benchmark runs" />}
      {runs.data?.length === 0 && <Empty title="no benchmark runs yet">the day-1 suite measures each niche's artifact against the seed's targets (a quick run takes about a minute).</Empty>}
      {list.length > 0 && (
        <div className="runs" role="group" aria-label="benchmark runs">
          {list.map((r) => (
            <button key={r.id} type="button" className="run-chip" aria-pressed={r.id === run?.id} onClick={() => setSelected(r.id)}>
              day1{r.quick ? ' quick' : ''} · {r.state} · {r.createdAt.slice(11, 19)}
            </button>
          ))}
        </div>
      )}
      {run && (run.state === 'queued' || run.state === 'running') && (
        <div data-testid="bench-progress">
          <p>
            {run.state}
            {run.progress && `: ${run.progress.label} (${run.progress.index + 1} of ${run.progress.total})`}
          </p>
          <progress max={run.progress?.total ?? 1} value={run.progress?.index ?? 0} />
        </div>
      )}
      {run?.state === 'failed' && <p className="fail">the run failed: {run.error}</p>}
      {run?.result && <BenchResult run={run} />}
    </section>
  );
}

// the evolution view: start a run, pick one, and watch its curve, archive and best.
import { useCallback, useEffect } from 'react';
import { Empty, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { fmtNum } from '../../../shared/lib/format.ts';
import { hrefTo, useHashRoute } from '../../../shared/lib/use-hash-route.ts';
import { useRunProgress } from '../api/get-run-progress.ts';
import { useRuns, type RunView } from '../api/get-runs.ts';
import { ArchiveHeatmap } from './archive-heatmap.tsx';
import { BestDiff } from './best-diff.tsx';
import { FitnessChart } from './fitness-chart.tsx';
import { RunForm } from './run-form.tsx';

export function EvolutionView() {
  const { params } = useHashRoute();
  const runs = useRuns();
  const selected = params.get('run') ?? runs.data?.[0]?.id ?? null;
  const run = runs.data?.find((r) => r.id === selected);
  const progress = useRunProgress(selected, run?.state === 'running' || !run);
  // one last read when the run ends, so the chart has its final generations
  const { reload } = progress;
  const state = run?.state;
  useEffect(() => {
    if (state && state !== 'running') reload();
  }, [state, reload]);
  const onStarted = useCallback((r: RunView) => {
    location.hash = hrefTo('evolution', { run: r.id });
    runs.reload();
  }, [runs]);
  return (
    <section className="view view-evolution" aria-labelledby="evolution-title">
      <header className="view-header">
        <h2 id="evolution-title">evolution</h2>
      </header>
      <RunForm onStarted={onStarted} />
      {runs.error && <ErrorState error={runs.error} retry={runs.reload} />}
      {runs.data?.length === 0 && <Empty title="no evolution runs in this lab process">start one above: the lab mutates and recombines artifacts and sends its children through the lifecycle.</Empty>}
      {runs.data && runs.data.length > 0 && (
        <div className="row runs" role="group" aria-label="runs">
          {runs.data.map((r) => (
            <a key={r.id} href={hrefTo('evolution', { run: r.id })} aria-current={r.id === selected ? 'true' : undefined} className="run-chip" data-state={r.state}>
              {r.niche} · {r.state} · {r.evaluations}/{r.options.budget.evaluations}
            </a>
          ))}
        </div>
      )}
      {run && (
        <p data-testid="run-status" data-state={run.state}>
          run <code>{run.id}</code> on <strong>{run.niche}</strong>: {run.state}, {run.evaluations} of {run.options.budget.evaluations} evaluations, seed {run.options.seed}
          {run.summary && ` · ${run.summary.improved ? 'improved on the baseline' : 'no improvement'} (best ${fmtNum(run.summary.best?.fitness, 4)}, ${fmtNum(run.summary.evalsPerSecond, 2)} evaluations/s)`}
          {run.error && <span className="fail"> · {run.error}</span>}
        </p>
      )}
      {selected && !progress.data && (progress.error ? <ErrorState error={progress.error} retry={progress.reload} /> : <Loading what="the run" />)}
      {progress.data && (
        <div className="evolution-layout">
          <FitnessChart progress={progress.data} />
          <ArchiveHeatmap archive={progress.data.archive} />
          {progress.data.best && <BestDiff best={progress.data.best} />}
        </div>
      )}
    </section>
  );
}

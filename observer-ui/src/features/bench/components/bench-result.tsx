// a finished day-1 run: each part's measures against their targets, its plots and images.
import { fmtNum } from '../../../shared/lib/format.ts';
import type { BenchRun } from '../api/get-bench-runs.ts';
import { BenchPlot } from './bench-plot.tsx';

export function BenchResult({ run }: { run: BenchRun }) {
  const r = run.result!;
  return (
    <div className="bench-result" data-testid="bench-result">
      <p className="muted">
        {r.machine} · {fmtNum(r.durationS, 1)} s{run.quick ? ' · quick' : ''}
        {run.report && (
          <>
            {' '}
            · <a href={run.report}>html report</a>
          </>
        )}
      </p>
      {r.errors.map((e) => (
        <p key={e.part} className="fail">
          {e.part}: {e.message}
        </p>
      ))}
      {r.parts.map((p) => (
        <section key={p.part} className="bench-part" aria-label={p.title}>
          <h3>
            {p.title} <span className="muted">({p.niche}, {p.artifact.origin} artifact)</span>
          </h3>
          <table className="grid">
            <thead>
              <tr>
                <th>measure</th>
                <th>value</th>
                <th>target</th>
                <th>met</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((row) => (
                <tr key={row.measure}>
                  <td>{row.measure}</td>
                  <td>
                    {fmtNum(row.value, 4)} {row.unit}
                  </td>
                  <td>{row.target ? `${row.target.op} ${row.target.value}` : ''}</td>
                  <td className={row.met === undefined ? '' : row.met ? 'pass' : 'fail'}>{row.met === undefined ? '' : row.met ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="charts">
            {p.plots.map((plot) => (
              <BenchPlot key={plot.id} plot={plot} />
            ))}
            {p.images?.map((img) => (
              <figure key={img.title} className="chart">
                <figcaption>{img.title}</figcaption>
                <img src={img.dataUrl} alt={img.title} style={{ maxWidth: '100%', imageRendering: 'pixelated' }} />
              </figure>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

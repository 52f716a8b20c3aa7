// the shadow report an operator reads before an approval into active (or, while the artifact is
// shadowed, the report so far): the verdict and its reasons first, then the two sides, the test,
// the counts, crashes and a sample of mismatches.
import { ApiError } from '../../../shared/api/http.ts';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { fmtNum, shortId } from '../../../shared/lib/format.ts';
import type { ShadowBrief } from '../api/get-promotion-status.ts';
import { useShadowReport, type ShadowReport, type SideSummary } from '../api/get-shadow-report.ts';
import { fmtDelta, fmtMean, fmtP, incumbentLabel, verdictClass } from '../lib/shadow-format.ts';
import { MismatchTable } from './mismatch-table.tsx';

function Verdict({ verdict, reasons, live }: { verdict: ShadowBrief['verdict']; reasons: string[]; live: boolean }) {
  return (
    <>
      <p className="verdict-line">
        <strong className={`verdict ${verdictClass(verdict)}`} data-testid="shadow-verdict">
          shadow verdict: {verdict}
        </strong>
        {live && <span className="muted"> · so far: shadow mode is still running (refreshed every 2 s)</span>}
      </p>
      <ul aria-label="verdict reasons">
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </>
  );
}

const sideRows = (unit: string): [string, (s: SideSummary) => string][] => [
  ['mean', (s) => fmtMean(s.mean, unit)],
  ['median', (s) => fmtMean(s.median, unit)],
  ['p95', (s) => fmtMean(s.p95, unit)],
  ['values compared', (s) => String(s.samples)],
  ['crashes', (s) => String(s.crashes)],
];

function Report({ r, live }: { r: ShadowReport; live: boolean }) {
  const v = r.verdict;
  const { unit, name, better } = v.metric;
  const dur = (d: ShadowReport['durations']['candidate']) => `${fmtNum(d.meanMs, 3)} / ${fmtNum(d.p95Ms, 3)} ms`;
  return (
    <div className="shadow-report" data-testid="shadow-report" data-verdict={v.verdict} data-live={live}>
      <Verdict verdict={v.verdict} reasons={v.reasons} live={live} />
      <table className="grid" aria-label="candidate against incumbent">
        <caption>
          {name} ({better} is better{unit ? `, ${unit}` : ''}) on {r.counts.events} live events, {r.startedAt.slice(0, 19).replace('T', ' ')} to {r.endedAt.slice(11, 19)}
        </caption>
        <thead>
          <tr>
            <th />
            <th>candidate {shortId(r.candidate.artifactId)}</th>
            <th>incumbent: {incumbentLabel(r.incumbent)}</th>
          </tr>
        </thead>
        <tbody>
          {sideRows(unit).map(([label, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td data-side="candidate">{f(v.candidate)}</td>
              <td data-side="incumbent">{f(v.incumbent)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">duration per event, mean / p95</th>
            <td>{dur(r.durations.candidate)}</td>
            <td>{dur(r.durations.incumbent)}</td>
          </tr>
        </tbody>
      </table>
      <p data-testid="shadow-test">
        p {fmtP(v.p)}
        {v.test && <span className="muted"> (mann-whitney, {v.test.method})</span>} · cliff's delta {fmtDelta(v.effectSize, v.confidence)}{' '}
        <span className="muted">(positive: the candidate is better)</span>
      </p>
      <p data-testid="shadow-counts">
        events {r.counts.events} · matched {r.counts.matched} · mismatched {r.counts.mismatched} · ignored {r.counts.ignored} · crashes: candidate{' '}
        <span className={r.crashes.candidate > 0 ? 'fail' : undefined}>{r.crashes.candidate}</span>, incumbent {r.crashes.incumbent}
      </p>
      {r.crashes.last && (
        <p className="fail">
          last crash: <code>{r.crashes.last}</code>
        </p>
      )}
      <MismatchTable mismatches={r.mismatches} seen={r.mismatchesSeen} />
    </div>
  );
}

/** `brief`: the verdict the evidence recorded, shown when the whole report cannot be read */
export function ShadowReportView({ id, live, brief }: { id: string; live: boolean; brief?: ShadowBrief }) {
  const { data, error, reload } = useShadowReport(id, live);
  if (data) return <Report r={data} live={live} />;
  if (live && error instanceof ApiError && error.status === 404)
    return <p className="muted" data-testid="shadow-report" data-verdict="none">shadow mode has started: the first round's report is not in yet.</p>;
  if (brief)
    return (
      <div className="shadow-report" data-testid="shadow-report" data-verdict={brief.verdict}>
        <Verdict verdict={brief.verdict} reasons={brief.reasons} live={false} />
        <p>
          {brief.metric}: candidate {fmtNum(brief.candidateMean, 4)}, {incumbentLabel(brief.incumbent)} {fmtNum(brief.incumbentMean, 4)} · p {fmtP(brief.p)} · cliff's delta {fmtNum(brief.delta, 2)}
        </p>
        {error && <p className="muted">the whole report could not be read: {error.message}</p>}
      </div>
    );
  if (error) return <ErrorState error={error} retry={reload} />;
  return <Loading what="the shadow report" />;
}

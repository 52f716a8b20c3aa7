// what an operator weighs before deciding: the rung below's verdict, scores, runner and reasons.
import { fmtNum } from '../../../shared/lib/format.ts';
import type { DecisionEvidence } from '../api/get-promotion-status.ts';
import type { Incumbent } from '../api/get-shadow-report.ts';
import { incumbentLabel } from '../lib/shadow-format.ts';

/** shadow's runner names its incumbent as an object */
function runnerValue(key: string, v: unknown): string {
  if (key === 'incumbent' && v !== null && typeof v === 'object' && 'kind' in v) return incumbentLabel(v as Incumbent);
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const row = (label: string, s: { utility: number; crashes: number; runs: number } | undefined) =>
  s && (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td>{fmtNum(s.utility, 4)}</td>
      <td>{s.crashes}</td>
      <td>{s.runs}</td>
    </tr>
  );

export function EvidenceSummary({ evidence }: { evidence: DecisionEvidence }) {
  const e = evidence;
  const runner = Object.entries(e.runner ?? {})
    .map(([k, v]) => `${k} ${runnerValue(k, v)}`)
    .join(' · ');
  return (
    <div className="evidence" data-testid="evidence" data-stage={e.stage} data-status={e.status}>
      <p>
        <strong>{e.stage}</strong> stage:{' '}
        <span className={e.status === 'passed' ? 'pass' : e.status === 'failed' ? 'fail' : 'muted'}>{e.status}</span>
        {e.decidedAt && <span className="muted"> · decided {e.decidedAt}</span>}
        {runner && <span className="muted"> · ran on {runner}</span>}
      </p>
      {(e.public || e.heldOut || e.fuzzed) && (
        <table className="grid" aria-label={`${e.stage} scores`}>
          <thead>
            <tr>
              <th>scenarios</th>
              <th>utility</th>
              <th>crashes</th>
              <th>runs</th>
            </tr>
          </thead>
          <tbody>
            {row('public', e.public)}
            {row('held-out', e.heldOut)}
            {row(`fuzzed (${e.fuzzed?.seeds.length ?? 0} seeds drawn at random)`, e.fuzzed)}
          </tbody>
        </table>
      )}
      {e.gate && <p className={e.gate.pass ? 'pass' : 'fail'}>gate {e.gate.pass ? 'passed' : 'failed'}{e.gate.reasons.length ? `: ${e.gate.reasons.join('; ')}` : ''}</p>}
      {e.public && Object.keys(e.public.metrics).length > 0 && (
        <p className="muted">
          {Object.entries(e.public.metrics)
            .map(([k, v]) => `${k} ${fmtNum(v, 4)}`)
            .join(' · ')}
        </p>
      )}
    </div>
  );
}

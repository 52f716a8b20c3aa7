// a proposal's lifecycle, step by step, with the rejection reasons and a link to its artifact.
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { useProposal } from '../api/get-proposal.ts';

const PIPELINE = ['proposed', 'validated', 'executed', 'scored', 'registered', 'gated'];

export function ProposalSteps({ id }: { id: string }) {
  const { data: p, error, done } = useProposal(id);
  if (!p) return error ? <ErrorState error={error} /> : <Loading what="the proposal" />;
  const reached = new Map(p.steps.map((s) => [s.state, s]));
  // the gated step carries the gate_decided payload: { decision: { pass, reasons, ... }, heldOut, ... }
  const gate = (reached.get('gated')?.result as { decision?: { pass?: boolean; reasons?: string[] } } | undefined)?.decision;
  return (
    <div className="steps" data-testid="proposal-steps" data-status={p.status}>
      <h3>
        proposal <code>{p.id}</code>: <span className={`status status-${p.status}`}>{p.status}</span>
        {gate && (
          <span className={gate.pass ? 'pass' : 'fail'} data-testid="gate-verdict">
            {' '}
            · gate {gate.pass ? 'passed' : 'failed'}
          </span>
        )}
      </h3>
      <ol>
        {PIPELINE.map((state) => {
          const s = reached.get(state);
          return (
            <li key={state} className={s ? 'step-done' : 'step-waiting'} data-step={state}>
              <strong>{state}</strong> {s ? <span className="muted">{s.ms !== undefined ? `${s.ms} ms` : s.at.slice(11, 19)}</span> : <span className="muted">{done ? '–' : 'waiting'}</span>}
            </li>
          );
        })}
        {(p.status === 'rejected' || p.status === 'failed') && (
          <li className="step-failed">
            <strong>{p.status}</strong>
          </li>
        )}
      </ol>
      {p.reasons.length > 0 && (
        <ul className="reasons" aria-label="reasons">
          {p.reasons.map((r, i) => (
            <li key={i}>
              <code>{r.rule}</code> {r.message}
              {r.line !== undefined && ` (line ${r.line})`}
            </li>
          ))}
        </ul>
      )}
      {gate?.reasons && gate.reasons.length > 0 && (
        <ul className="reasons" aria-label="gate reasons">
          {gate.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {p.artifactId && (
        <p>
          artifact <a href={hrefTo('graph', { select: p.artifactId })}>{p.artifactId}</a> in the capability graph
        </p>
      )}
    </div>
  );
}

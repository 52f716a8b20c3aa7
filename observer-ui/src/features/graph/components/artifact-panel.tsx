// what a click on an artifact shows: stage and gate (with reasons), scores, tokens, lineage, source.
import { CodeEditor } from '../../../shared/components/code-editor.tsx';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { useArtifact } from '../api/get-artifact.ts';
import { ScoreTable } from './score-table.tsx';
import { StageEvidenceTable } from './stage-evidence.tsx';

export function ArtifactPanel({ id }: { id: string }) {
  const { data: a, error, reload } = useArtifact(id);
  if (!a) return error ? <ErrorState error={error} retry={reload} /> : <Loading what="the artifact" />;
  return (
    <div className="artifact-panel" data-testid="artifact-panel" data-artifact={a.id}>
      <h3>
        <code>{a.id}</code>
      </h3>
      <p>
        niche <strong>{a.niche}</strong> · stage <strong>{a.stage}</strong> · by {a.proposer} · {a.createdAt.slice(0, 19).replace('T', ' ')}
      </p>
      {a.gate && (
        <div className={`gate ${a.gate.pass ? 'pass' : 'fail'}`}>
          <strong>
            gate at {a.gate.stage}: {a.gate.pass ? `passed${a.gate.next ? `, next ${a.gate.next}` : ''}` : 'failed'}
          </strong>
          {a.gate.reasons.length > 0 && (
            <ul aria-label="gate reasons">
              {a.gate.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="scores">
        {a.score && <ScoreTable title={`public scenarios (${a.gate?.stage ?? a.stage})`} score={a.score} />}
        {a.heldOut && <ScoreTable title="held-out scenarios" score={a.heldOut} />}
      </div>
      {a.promotion && (
        <p data-testid="promotion">
          on the ladder: <strong>{a.promotion.state}</strong> at {a.promotion.stage} · {a.promotion.why}
        </p>
      )}
      {a.stages && Object.keys(a.stages).length > 0 && <StageEvidenceTable stages={a.stages} />}
      <h4>tokens</h4>
      {a.tokens.length === 0 ? (
        <p className="muted">no tokens: the artifact has not passed a gate.</p>
      ) : (
        <table className="grid" aria-label="tokens">
          <thead>
            <tr>
              <th>from</th>
              <th>to</th>
              <th>expires</th>
              <th>nonce</th>
            </tr>
          </thead>
          <tbody>
            {a.tokens.map((t) => (
              <tr key={t.nonce}>
                <td>{t.from}</td>
                <td>{t.to}</td>
                <td>{t.expiresAt.slice(0, 19).replace('T', ' ')}</td>
                <td>
                  <code>{t.nonce.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>lineage</h4>
      {a.parents.length === 0 ? (
        <p className="muted">a seed: no parents.</p>
      ) : (
        <ul>
          {a.parents.map((p) => (
            <li key={p}>
              <a href={hrefTo('graph', { select: p })}>{p}</a>
            </li>
          ))}
        </ul>
      )}
      <h4>source</h4>
      {a.source === null ? <p className="muted">the source file is missing.</p> : <CodeEditor label="artifact source (read-only)" value={a.source} readOnly />}
    </div>
  );
}

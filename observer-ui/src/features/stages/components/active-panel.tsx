// what the lab uses per niche now: the active artifact (or the built-in fallback), since when,
// how stable its recent uses were, what a rollback would put back, and the last rollbacks; and
// a rollback by hand for operators, under the session's token.
import { Fragment, useCallback, useState } from 'react';
import type { ActiveCapability } from '../../../shared/api/lab-types.ts';
import { useSessionToken } from '../../../shared/api/session-token.ts';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { useActiveCapabilities } from '../api/get-active-capabilities.ts';
import type { RolledBack } from '../api/post-rollback.ts';
import { fmtStability, handleLabel, rollbackLine } from '../lib/shadow-format.ts';
import { RollbackForm, type RollbackTarget } from './rollback-form.tsx';

const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') : '–');
const link = (id: string) => <a href={hrefTo('graph', { select: id })}>{id}</a>;

function Row({ c, onRollBack, open }: { c: ActiveCapability; onRollBack: (t: RollbackTarget) => void; open: boolean }) {
  return (
    <tr data-niche={c.niche} data-active={c.artifactId ?? ''}>
      <td>{c.niche}</td>
      <td>{c.artifactId ? link(c.artifactId) : <span className="muted">built-in fallback</span>}</td>
      <td>{when(c.since)}</td>
      <td className={c.stability < 0.9 ? 'fail' : undefined}>{c.artifactId ? fmtStability(c.stability) : '–'}</td>
      <td>{c.artifactId ? (c.previous ? link(c.previous) : handleLabel(null)) : '–'}</td>
      <td>
        {c.artifactId && (
          <button type="button" disabled={open} onClick={() => onRollBack({ niche: c.niche, expect: c.artifactId!, previous: c.previous })}>
            roll back
          </button>
        )}
      </td>
    </tr>
  );
}

export function ActivePanel() {
  const { data, error, loading, reload } = useActiveCapabilities();
  const { token } = useSessionToken();
  const [target, setTarget] = useState<RollbackTarget | null>(null);
  const [done, setDone] = useState<RolledBack[]>([]);
  const rolledBack = useCallback(
    (r: RolledBack) => {
      setDone((all) => [r, ...all]);
      setTarget(null);
      reload();
    },
    [reload],
  );
  if (!data) return error ? <ErrorState error={error} retry={reload} /> : loading ? <Loading what="the active capabilities" /> : null;
  const rollbacks = data.flatMap((c) => c.rollbacks.map((r) => ({ ...r, niche: c.niche }))).sort((a, b) => b.seq - a.seq);
  return (
    <div data-testid="active-panel" data-active={data.filter((c) => c.artifactId).length}>
      {done.map((r) => (
        <p key={r.seq} className="pass" role="status" data-testid="rolled-back" data-niche={r.niche}>
          rolled {r.niche} back from {r.from} to {handleLabel(r.to)} by {r.by} (registry seq {r.seq})
        </p>
      ))}
      <table className="grid" aria-label="active capabilities">
        <thead>
          <tr>
            <th>niche</th>
            <th>active</th>
            <th>since</th>
            <th>stability</th>
            <th>rollback handle</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.map((c) => (
            <Fragment key={c.niche}>
              <Row c={c} open={target?.niche === c.niche} onRollBack={setTarget} />
              {target?.niche === c.niche && (
                <tr>
                  <td colSpan={6}>
                    <RollbackForm target={target} token={token} onDone={rolledBack} onCancel={() => setTarget(null)} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <h4>last rollbacks</h4>
      {rollbacks.length === 0 ? (
        <p className="muted">no rollbacks yet.</p>
      ) : (
        <ul data-testid="rollbacks">
          {rollbacks.slice(0, 10).map((r) => (
            <li key={r.seq} className={r.automatic ? 'warn' : undefined}>
              {when(r.at)} · {r.niche} · {rollbackLine(r)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

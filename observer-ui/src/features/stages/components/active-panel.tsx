// what the lab uses per niche now: the active artifact (or the built-in fallback), since when,
// how stable its recent uses were, what a rollback would put back, the decay review's findings
// and the last rollbacks; and a rollback or a retirement by hand for operators, under the
// session's token.
import { Fragment, useCallback, useState } from 'react';
import { useSessionToken } from '../../../shared/api/session-token.ts';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useActiveCapabilities } from '../api/get-active-capabilities.ts';
import { useDecayReview } from '../api/get-decay-review.ts';
import type { RolledBack } from '../api/post-rollback.ts';
import { fmtWhen, outcomeLine } from '../lib/decay-format.ts';
import { rollbackLine } from '../lib/shadow-format.ts';
import { ActiveRow, COLUMNS } from './active-row.tsx';
import { ReviewBar } from './review-bar.tsx';
import { RollbackForm, type RollbackTarget } from './rollback-form.tsx';

export function ActivePanel() {
  const { data, error, loading, reload } = useActiveCapabilities();
  const review = useDecayReview();
  const { reviewNow, reload: reloadReview } = review;
  const { token } = useSessionToken();
  const [target, setTarget] = useState<RollbackTarget | null>(null);
  const [done, setDone] = useState<RolledBack[]>([]);
  const finished = useCallback(
    (r: RolledBack) => {
      setDone((all) => [r, ...all]);
      setTarget(null);
      reload();
      // a retirement reviews again on the lab's side; after a rollback the latest review is about what went
      if (r.retired) reloadReview();
      else void reviewNow();
    },
    [reload, reloadReview, reviewNow],
  );
  if (!data) return error ? <ErrorState error={error} retry={reload} /> : loading ? <Loading what="the active capabilities" /> : null;
  const rollbacks = data.flatMap((c) => c.rollbacks.map((r) => ({ ...r, niche: c.niche }))).sort((a, b) => b.seq - a.seq);
  return (
    <div data-testid="active-panel" data-active={data.filter((c) => c.artifactId).length}>
      {done.map((r) => (
        <p key={r.seq} className="pass" role="status" data-testid={r.retired ? 'retired' : 'rolled-back'} data-niche={r.niche} data-to={r.to ?? ''}>
          {outcomeLine(r)}
        </p>
      ))}
      <ReviewBar review={review.data} error={review.error} reviewing={review.reviewing} reviewError={review.reviewError} onReviewNow={() => void reviewNow()} />
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
              <ActiveRow c={c} review={review.data?.niches.find((n) => n.niche === c.niche)} open={target?.niche === c.niche} onAction={setTarget} />
              {target?.niche === c.niche && (
                <tr>
                  <td colSpan={COLUMNS}>
                    <RollbackForm key={target.action} target={target} token={token} onDone={finished} onCancel={() => setTarget(null)} />
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
              {fmtWhen(r.at)} · {r.niche} · {rollbackLine(r)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// artifacts on the ladder: where each stands, the next gate, why it waits, each rung's verdict.
import { fmtNum, shortId } from '../../../shared/lib/format.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import type { PromotionStatus } from '../api/get-promotion-status.ts';

export function PromotionQueue({ status }: { status: PromotionStatus }) {
  return (
    <div data-testid="promotion-queue">
      <p>
        promotion engine {status.engine.enabled ? 'on' : 'off'} · {status.engine.pending} pending ·{' '}
        {Object.entries(status.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · ') || 'nothing on the ladder'}
      </p>
      {status.artifacts.length === 0 ? (
        <p className="muted">no artifact is climbing: one that passes its isolate gate joins the queue.</p>
      ) : (
        <table className="grid" aria-label="artifacts on the ladder">
          <thead>
            <tr>
              <th>artifact</th>
              <th>niche</th>
              <th>utility</th>
              <th>passed</th>
              <th>state</th>
              <th>next gate</th>
              <th>why</th>
              <th>rungs</th>
            </tr>
          </thead>
          <tbody>
            {status.artifacts.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={hrefTo('graph', { select: a.id })}>{shortId(a.id)}</a>
                </td>
                <td>{a.niche}</td>
                <td>{fmtNum(a.utility, 4)}</td>
                <td>{a.stage}</td>
                <td>{a.promotion.state}</td>
                <td>{a.nextGate ?? '–'}</td>
                <td>
                  {a.promotion.why}
                  {a.promotion.state === 'needs_approval' && <div className="muted">decide above, under “waiting for an operator”.</div>}
                  {a.promotion.state === 'running' && a.promotion.stage === 'shadow' && <div className="muted">its report so far is above, under “in shadow now”.</div>}
                  {a.decisions.map((d) => (
                    <div key={d.stage} className={d.verdict === 'approved' ? 'pass' : 'fail'} data-testid="decision">
                      {d.verdict === 'approved' ? `approved into ${d.stage}` : `rejected at ${d.stage}`} by {d.operator} ({d.at}): {d.reason}
                    </div>
                  ))}
                </td>
                <td>
                  {a.stages.map((s) => (
                    <span key={s.stage} className={s.status === 'passed' ? 'pass' : s.status === 'failed' ? 'fail' : 'muted'} title={s.reasons.join('; ')}>
                      {s.stage}:{s.status}{' '}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

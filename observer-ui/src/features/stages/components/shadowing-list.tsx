// artifacts in shadow mode now: the report so far, refreshed while the rounds go on.
import { fmtNum, shortId } from '../../../shared/lib/format.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import type { PromotionStatus } from '../api/get-promotion-status.ts';
import { isShadowing } from '../lib/shadow-format.ts';
import { ShadowReportView } from './shadow-report.tsx';

export function ShadowingList({ status }: { status: PromotionStatus }) {
  const shadowed = status.artifacts.filter((a) => isShadowing(a.promotion));
  return (
    <div data-testid="shadowing" data-count={shadowed.length}>
      {shadowed.length === 0 ? (
        <p className="muted">no artifact is in shadow mode: one approved into shadow is fed the host's live events here, beside the incumbent.</p>
      ) : (
        shadowed.map((a) => (
          <article key={a.id} className="decision" data-artifact={a.id}>
            <h4>
              <a href={hrefTo('graph', { select: a.id })}>{shortId(a.id)}</a> · {a.niche} · utility {fmtNum(a.utility, 4)} · <strong>in shadow</strong>
            </h4>
            <p className="muted">{a.promotion.why}</p>
            <ShadowReportView id={a.id} live />
          </article>
        ))
      )}
    </div>
  );
}

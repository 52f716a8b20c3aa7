// the artifacts waiting for an operator (entering shadow or active): the evidence in view, and
// approve or reject with a reason, under the operator token of this browser session.
import { useCallback, useState } from 'react';
import { useSessionToken } from '../../../shared/api/session-token.ts';
import { TokenField } from '../../../shared/components/token-field.tsx';
import { fmtNum, shortId } from '../../../shared/lib/format.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import type { PromotionStatus } from '../api/get-promotion-status.ts';
import type { Decided } from '../api/post-decision.ts';
import { DecisionForm } from './decision-form.tsx';
import { EvidenceSummary } from './evidence-summary.tsx';
import { ShadowReportView } from './shadow-report.tsx';

export function DecisionQueue({ status, onDecided }: { status: PromotionStatus; onDecided: () => void }) {
  const { token } = useSessionToken();
  // decisions taken from this page: the artifact leaves the list, what became of it stays in view
  const [done, setDone] = useState<Decided[]>([]);
  const decided = useCallback(
    (d: Decided) => {
      setDone((all) => [d, ...all]);
      onDecided();
    },
    [onDecided],
  );
  // an artifact decided here at shadow comes back, after shadow mode, to be decided at active
  const waiting = status.artifacts.filter((a) => a.promotion.state === 'needs_approval' && !done.some((d) => d.artifactId === a.id && d.stage === a.promotion.stage));
  return (
    <div data-testid="decision-queue" data-waiting={waiting.length}>
      <TokenField who="operator" />
      {done.map((d) => (
        <p key={d.seq} className={d.verdict === 'approved' ? 'pass' : 'fail'} role="status" data-testid="decided" data-artifact={d.artifactId}>
          {shortId(d.artifactId)} {d.verdict === 'approved' ? `approved into ${d.stage}` : `rejected at ${d.stage}`} by {d.operator} (registry seq {d.seq}); now {d.promotion.state}: {d.promotion.why}
        </p>
      ))}
      {waiting.length === 0 ? (
        <p className="muted">no artifact waits for an operator: one that passes vm waits here for approval into shadow, one that passes shadow for approval into active.</p>
      ) : (
        waiting.map((a) => (
          <article key={a.id} className="decision" data-artifact={a.id}>
            <h4>
              <a href={hrefTo('graph', { select: a.id })}>{shortId(a.id)}</a> · {a.niche} · utility {fmtNum(a.utility, 4)} · waits to enter <strong>{a.promotion.stage}</strong>
            </h4>
            <p className="muted">{a.promotion.why}</p>
            {a.evidence ? <EvidenceSummary evidence={a.evidence} /> : <p className="muted">no evidence recorded for the rung below</p>}
            {a.promotion.stage === 'active' && <ShadowReportView id={a.id} live={false} brief={a.evidence?.shadow} />}
            <DecisionForm entry={a} token={token} onDecided={decided} />
          </article>
        ))
      )}
    </div>
  );
}

// the decay review's word on one niche's active capability: its uses, each finding (unused,
// outperformed) with why, and the rivals that beat it in shadow, linked to the graph.
import type { DecayFinding, DecayRival, NicheDecay } from '../../../shared/api/lab-types.ts';
import { fmtNum } from '../../../shared/lib/format.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { findingWhy, fmtSignedDelta, fmtUses, reviewIsStale, rivalVerdict } from '../lib/decay-format.ts';
import { fmtP, verdictClass } from '../lib/shadow-format.ts';

const link = (id: string) => <a href={hrefTo('graph', { select: id })}>{id}</a>;

function Rivals({ rivals, self }: { rivals: DecayRival[]; self: string }) {
  const { metric, direction } = rivals[0]!;
  return (
    <table className="grid" data-testid="rivals" aria-label="rivals that passed shadow">
      <caption>
        newer artifacts that passed shadow · mean {metric}, {direction} is better
      </caption>
      <thead>
        <tr>
          <th>rival</th>
          <th>verdict</th>
          <th>ran against</th>
          <th>p</th>
          <th>cliff&apos;s delta</th>
          <th>its mean</th>
          <th>its incumbent&apos;s mean</th>
          <th>this one&apos;s own mean</th>
          <th>stands</th>
        </tr>
      </thead>
      <tbody>
        {rivals.map((r) => (
          <tr key={r.artifactId} data-artifact={r.artifactId}>
            <td>{link(r.artifactId)}</td>
            <td className={verdictClass(r.verdict)}>{rivalVerdict(r)}</td>
            <td>{r.against === self ? 'this one' : r.against ? link(r.against) : 'the baseline'}</td>
            <td>{fmtP(r.p)}</td>
            <td>{fmtSignedDelta(r.delta)}</td>
            <td>{fmtNum(r.mean, 4)}</td>
            <td>{fmtNum(r.incumbentMean, 4)}</td>
            <td>{fmtNum(r.activeMean, 4)}</td>
            <td>{r.promotion ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Finding({ f }: { f: DecayFinding }) {
  return (
    <div data-testid="finding" data-kind={f.kind}>
      <p>
        <strong className="warn">{f.kind}</strong>: {findingWhy(f)}
      </p>
      {f.rivals && f.rivals.length > 0 && <Rivals rivals={f.rivals} self={f.artifactId} />}
    </div>
  );
}

export function DecayFindings({ review, active }: { review: NicheDecay | undefined; active: string | null }) {
  if (!review) return <p className="muted">not in the decay review yet</p>;
  const kinds = review.findings.map((f) => f.kind).join(' ');
  return (
    <div data-testid="decay-findings" data-niche={review.niche} data-findings={kinds} data-stale={reviewIsStale(review, active)}>
      <p>
        decay review: {fmtUses(review.uses, review.lastUse)}
        {review.findings.length === 0 && <span className="pass"> · no findings</span>}
      </p>
      {reviewIsStale(review, active) && (
        <p className="warn">
          this review was about {review.active ?? 'the built-in fallback'}, not what is active now: review now to see the current one
        </p>
      )}
      {review.findings.map((f) => (
        <Finding key={f.kind} f={f} />
      ))}
    </div>
  );
}

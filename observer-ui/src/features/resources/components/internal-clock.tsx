// the lab's internal clock: which clock it is (the active artifact or the built-in fallback) and
// how far it is from the host's wall clock.
import { fmtTime } from '../../../shared/lib/format.ts';
import { hrefTo } from '../../../shared/lib/use-hash-route.ts';
import { clockSummary, type InternalClock } from '../lib/internal-clock.ts';

export function InternalClockTile({ clock }: { clock: InternalClock | undefined }) {
  if (!clock) return <p className="muted">the lab's internal clock: no reading yet.</p>;
  const s = clockSummary(clock);
  return (
    <div className="internal-clock" data-testid="internal-clock" data-source={clock.source} data-artifact={clock.artifactId ?? ''}>
      <strong>internal clock</strong>: {clock.source === 'active' && clock.artifactId ? <a href={hrefTo('graph', { select: clock.artifactId })}>{s.source}</a> : s.source} · error{' '}
      <strong>{s.error}</strong> against the host's wall clock <span className="muted">(read at {fmtTime(clock.at)})</span>
    </div>
  );
}

// the resources view: cpu, memory, block and network i/o of the host from the senses stream, the
// lab's internal clock, and the lab's own activity over time from its events.
import { Empty, Loading } from '../../../shared/components/states.tsx';
import { StreamBadge } from '../../../shared/components/stream-badge.tsx';
import { fmtBytes } from '../../../shared/lib/format.ts';
import { useActivity } from '../api/follow-activity.ts';
import { useSenses } from '../api/follow-senses.ts';
import { ActivityCharts } from './activity-charts.tsx';
import { InternalClockTile } from './internal-clock.tsx';
import { SenseChart } from './sense-chart.tsx';

const pct = (v: number) => `${v.toFixed(0)}%`;
const rate = (v: number) => `${fmtBytes(v)}/s`;

export function ResourcesView() {
  const { samples, state, unavailable, clock } = useSenses();
  const activity = useActivity();
  return (
    <section className="view view-resources" aria-labelledby="resources-title">
      <header className="view-header">
        <h2 id="resources-title">resources</h2>
        <StreamBadge state={state} label="senses" />
        <span className="muted" data-testid="sense-samples" data-count={samples.length}>
          {samples.length} samples
        </span>
      </header>
      <InternalClockTile clock={clock} />
      {unavailable && samples.length === 0 ? (
        <Empty title="no senses yet">{unavailable}</Empty>
      ) : samples.length === 0 ? (
        <Loading what="the senses stream" />
      ) : (
        <div className="charts">
          <SenseChart title="cpu" samples={samples} series={[{ key: 'cpu', name: 'busy %', colour: '#5fb3ff' }]} format={pct} />
          <SenseChart title="memory" samples={samples} series={[{ key: 'memUsed', name: 'used', colour: '#f0a35e' }, { key: 'memTotal', name: 'total', colour: '#6b7785' }]} format={fmtBytes} />
          <SenseChart title="block i/o" samples={samples} series={[{ key: 'readBps', name: 'read', colour: '#7bd88f' }, { key: 'writeBps', name: 'write', colour: '#ff8a8a' }]} format={rate} />
          <SenseChart title="network i/o" samples={samples} series={[{ key: 'rxBps', name: 'rx', colour: '#c792ea' }, { key: 'txBps', name: 'tx', colour: '#ffd866' }]} format={rate} />
        </div>
      )}
      <h3>the lab over time</h3>
      {activity.length === 0 ? <p className="muted">no proposals yet.</p> : <ActivityCharts rows={activity} />}
    </section>
  );
}

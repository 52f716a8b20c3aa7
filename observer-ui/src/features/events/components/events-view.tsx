// the event stream view: filters over a live xterm of the registry's events.
import { useCallback, useMemo, useState } from 'react';
import { StreamBadge } from '../../../shared/components/stream-badge.tsx';
import { useThrottledVersion } from '../../../shared/lib/use-throttled-version.ts';
import { useEventLog } from '../api/follow-events.ts';
import type { EventFilter } from '../lib/event-log.ts';
import { EventFilters } from './event-filters.tsx';
import { EventTerminal } from './event-terminal.tsx';

const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);

export function EventsView() {
  const { log, state, detail, skipped } = useEventLog();
  const [filter, setFilter] = useState<EventFilter>({ types: new Set(), niche: '' });
  const [shown, setShown] = useState(0);
  const subscribe = useCallback((fn: () => void) => log.subscribe(fn), [log]);
  const version = useThrottledVersion(subscribe);
  const typeCounts = useMemo(() => byCount(log.typeCounts), [log, version]);
  const nicheCounts = useMemo(() => byCount(log.nicheCounts), [log, version]);
  return (
    <section className="view view-events" aria-labelledby="events-title">
      <header className="view-header">
        <h2 id="events-title">event stream</h2>
        <StreamBadge state={state} detail={detail} label="events" />
        <span className="muted" data-testid="event-count" data-count={log.events.length}>
          {log.events.length} events · last #{log.lastSeq ?? '–'} · showing {shown}
          {skipped > 0 && ` · the ${skipped} oldest are not replayed`}
        </span>
      </header>
      <EventFilters filter={filter} onChange={setFilter} typeCounts={typeCounts} nicheCounts={nicheCounts} />
      {log.events.length === 0 && state === 'live' && <p className="muted">no events yet: submit a proposal to see its lifecycle here.</p>}
      <EventTerminal log={log} filter={filter} onShown={setShown} />
    </section>
  );
}

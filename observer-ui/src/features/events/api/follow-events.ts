// GET /events (sse): follows the registry from the start, resumes after drops, batches arrivals.
import { useEffect, useRef, useState } from 'react';
import { followSse, type StreamState } from '../../../shared/api/follow-sse.ts';
import { EventLog } from '../lib/event-log.ts';
import { isLabEvent, type LabEvent } from '../lib/event-types.ts';

const FLUSH_MS = 40;

export function followEvents(log: EventLog, onState: (s: StreamState, detail?: string) => void): () => void {
  let pending: LabEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    log.add(batch);
  };
  const stop = followSse('/events', {
    after: log.lastSeq,
    onState,
    onMessage(m) {
      const e: unknown = JSON.parse(m.data);
      if (!isLabEvent(e)) return;
      pending.push(e);
      timer ??= setTimeout(flush, FLUSH_MS);
    },
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}

export function useEventLog(): { log: EventLog; state: StreamState; detail?: string } {
  const logRef = useRef<EventLog>(null);
  logRef.current ??= new EventLog();
  const [s, setS] = useState<{ state: StreamState; detail?: string }>({ state: 'connecting' });
  useEffect(() => followEvents(logRef.current!, (state, detail) => setS({ state, detail })), []);
  return { log: logRef.current, ...s };
}

// GET /events (sse): follows the registry from the start, resumes after drops, batches arrivals.
import { useEffect, useRef, useState } from 'react';
import { followSse, type StreamState } from '../../../shared/api/follow-sse.ts';
import { EventLog } from '../lib/event-log.ts';
import { fetchHead } from './get-head.ts';
import { isLabEvent, type LabEvent } from '../lib/event-types.ts';

const FLUSH_MS = 40;
/** the view replays at most this many events of the past; older ones stay in the registry */
export const REPLAY = 20_000;

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
    after: log.lastSeq ?? log.startSeq,
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

export function useEventLog(): { log: EventLog; state: StreamState; detail?: string; skipped: number } {
  const logRef = useRef<EventLog>(null);
  logRef.current ??= new EventLog();
  const [s, setS] = useState<{ state: StreamState; detail?: string }>({ state: 'connecting' });
  const [skipped, setSkipped] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    let stop = () => {};
    // start from the tail of a long registry; if the head cannot be read, from the start
    void fetchHead(ac.signal)
      .catch(() => 0)
      .then((head) => {
        if (ac.signal.aborted) return;
        const log = logRef.current!;
        if (log.lastSeq === undefined && head > REPLAY) {
          log.startAfter(head - REPLAY);
          setSkipped(head - REPLAY);
        }
        stop = followEvents(log, (state, detail) => setS({ state, detail }));
      });
    return () => {
      ac.abort();
      stop();
    };
  }, []);
  return { log: logRef.current, ...s, skipped };
}

// GET /events?types=... (sse): the registry's outcomes and telemetry, bucketed per minute.
import { useEffect, useRef, useState } from 'react';
import { followSse } from '../../../shared/api/follow-sse.ts';
import { Activity, ACTIVITY_TYPES, type ActivityRow } from '../lib/activity.ts';

const REDRAW_MS = 1000;

export function useActivity(): ActivityRow[] {
  const activity = useRef(new Activity());
  const [rows, setRows] = useState<ActivityRow[]>([]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = followSse(`/events?types=${ACTIVITY_TYPES.join(',')}`, {
      onMessage(m) {
        activity.current.add(JSON.parse(m.data) as { ts: string; type: string; payload: Record<string, unknown> });
        timer ??= setTimeout(() => {
          timer = undefined;
          setRows(activity.current.rows());
        }, REDRAW_MS);
      },
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, []);
  return rows;
}

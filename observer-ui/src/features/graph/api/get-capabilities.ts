// GET /capabilities, refetched when the registry records artifacts or gate decisions.
import { useEffect, useRef } from 'react';
import { followSse } from '../../../shared/api/follow-sse.ts';
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';
import type { CapabilityGraph } from '../lib/graph-types.ts';

const TYPES = 'artifact_registered,gate_decided,capability_discovered,capability_activated,capability_rolled_back';

export const fetchCapabilities = (niche: string, signal?: AbortSignal) =>
  getJson<CapabilityGraph>(`/capabilities${niche ? `?niche=${encodeURIComponent(niche)}` : ''}`, signal);

export function useCapabilities(niche: string) {
  const r = useResource(`capabilities:${niche}`, (signal) => fetchCapabilities(niche, signal));
  const head = r.data?.head;
  const reload = useRef(r.reload);
  reload.current = r.reload;
  const followed = head !== undefined;
  useEffect(() => {
    if (!followed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = followSse(`/events?types=${TYPES}`, {
      after: head,
      onMessage: () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          reload.current();
        }, 600);
      },
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
    // follow from the first head only: later reloads must not restart the stream
  }, [followed, niche]);
  return r;
}

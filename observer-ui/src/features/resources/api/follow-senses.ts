// GET /sense/stream (sse): the last few minutes of senses as chart points.
import { useEffect, useState } from 'react';
import { followSse, type StreamState } from '../../../shared/api/follow-sse.ts';
import { toSample, type SenseSample } from '../lib/sense-sample.ts';

const KEEP = 180;

export function useSenses(hz = 1): { samples: SenseSample[]; state: StreamState; unavailable?: string } {
  const [samples, setSamples] = useState<SenseSample[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [unavailable, setUnavailable] = useState<string>();
  useEffect(
    () =>
      followSse(`/sense/stream?hz=${hz}`, {
        onState: (s) => setState(s),
        onMessage(m) {
          const snap = JSON.parse(m.data) as { available: boolean; reason?: string; ts?: string; feeds?: Record<string, unknown> };
          if (!snap.available) return setUnavailable(snap.reason ?? 'senses unavailable');
          setUnavailable(undefined);
          setSamples((xs) => [...xs.slice(-(KEEP - 1)), toSample(snap)]);
        },
      }),
    [hz],
  );
  return { samples, state, unavailable };
}

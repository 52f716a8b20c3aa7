// GET /sense/stream (sse): the last few minutes of senses as chart points, and the lab's internal
// clock (sent also when the senses are not).
import { useEffect, useState } from 'react';
import { followSse, type StreamState } from '../../../shared/api/follow-sse.ts';
import type { InternalClock } from '../lib/internal-clock.ts';
import { toSample, type SenseSample } from '../lib/sense-sample.ts';

const KEEP = 180;

export function useSenses(hz = 1): { samples: SenseSample[]; state: StreamState; unavailable?: string; clock?: InternalClock } {
  const [samples, setSamples] = useState<SenseSample[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [unavailable, setUnavailable] = useState<string>();
  const [clock, setClock] = useState<InternalClock>();
  useEffect(
    () =>
      followSse(`/sense/stream?hz=${hz}`, {
        onState: (s) => setState(s),
        onMessage(m) {
          const snap = JSON.parse(m.data) as { available: boolean; reason?: string; ts?: string; feeds?: Record<string, unknown>; internalClock?: InternalClock };
          setClock(snap.internalClock);
          if (!snap.available) return setUnavailable(snap.reason ?? 'senses unavailable');
          setUnavailable(undefined);
          setSamples((xs) => [...xs.slice(-(KEEP - 1)), toSample(snap)]);
        },
      }),
    [hz],
  );
  return { samples, state, unavailable, clock };
}

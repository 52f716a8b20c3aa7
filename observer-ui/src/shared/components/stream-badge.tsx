// shows a live stream's state: live, connecting, or reconnecting (with why).
import type { StreamState } from '../api/follow-sse.ts';

export function StreamBadge({ state, detail, label }: { state: StreamState; detail?: string; label: string }) {
  const text = state === 'live' ? 'live' : state === 'reconnecting' ? `stream dropped, resuming${detail ? ` (${detail})` : ''}` : state;
  return (
    <span className={`badge badge-${state}`} role="status" data-testid={`stream-${label}`} data-state={state}>
      {label}: {text}
    </span>
  );
}

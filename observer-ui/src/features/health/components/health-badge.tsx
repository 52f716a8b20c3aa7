// the lab's health in the header: up, degraded (and why), or unreachable.
import { useHealth } from '../api/get-health.ts';

export function HealthBadge() {
  const { data, error } = useHealth();
  if (error) return <span className="badge badge-reconnecting" role="status" data-testid="health">lab unreachable</span>;
  if (!data) return <span className="badge" role="status">checking the lab…</span>;
  const why = data.sandbox.available ? '' : ` (sandbox: ${data.sandbox.reason ?? 'unavailable'})`;
  return (
    <span className={`badge badge-${data.status === 'ok' ? 'live' : 'reconnecting'}`} role="status" data-testid="health" title={`uptime ${data.uptimeSeconds}s`}>
      lab {data.status}{why} · {data.registry.events} events · {data.pending} pending
    </span>
  );
}

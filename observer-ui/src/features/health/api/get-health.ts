// GET /healthz, every 5 s: is the lab up, and what each part reports.
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface Health {
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  pending: number;
  registry: { events: number };
  sandbox: { stage: string; available: boolean; reason?: string };
  senses: { running: boolean };
}

export const fetchHealth = (signal?: AbortSignal) => getJson<Health>('/healthz', signal);

export const useHealth = () => useResource('healthz', fetchHealth, { refreshMs: 5000 });

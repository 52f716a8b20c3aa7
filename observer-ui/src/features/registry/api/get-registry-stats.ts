// GET /registry/stats: event counts by type, the head and the lab public key.
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface RegistryStats {
  events: number;
  head: { seq: number; hash: string };
  byType: Record<string, number>;
  publicKey: string;
}

export const fetchRegistryStats = (signal?: AbortSignal) => getJson<RegistryStats>('/registry/stats', signal);

export const useRegistryStats = () => useResource('registry-stats', fetchRegistryStats, { refreshMs: 3000 });

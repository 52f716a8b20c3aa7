// GET /healthz, read once: the registry head, so a long registry is followed from its tail.
import { getJson } from '../../../shared/api/http.ts';

export const fetchHead = (signal?: AbortSignal) => getJson<{ registry: { events: number } }>('/healthz', signal).then((h) => h.registry.events);

// GET /capabilities (its `active` part): per niche what the lab uses now, its rollback handle,
// stability and rollbacks. the graph itself is the graph view's; one artifact keeps it small.
import { getJson } from '../../../shared/api/http.ts';
import type { ActiveCapability } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchActiveCapabilities = (signal?: AbortSignal) => getJson<{ active: ActiveCapability[] }>('/capabilities?limit=1', signal).then((g) => g.active);

export const useActiveCapabilities = () => useResource('active-capabilities', fetchActiveCapabilities, { refreshMs: 5000 });

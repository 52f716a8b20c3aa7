// GET /niches/:id: interface text, baseline source, current best.
import { getJson } from '../../../shared/api/http.ts';
import type { NicheView } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchNiche = (id: string, signal?: AbortSignal) => getJson<NicheView>(`/niches/${encodeURIComponent(id)}`, signal);

export const useNiche = (id: string | null) => useResource(id && `niche:${id}`, (signal) => fetchNiche(id!, signal));

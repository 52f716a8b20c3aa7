// GET /niches, for the run form's niche picker.
import { getJson } from '../../../shared/api/http.ts';
import type { NicheSummary } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchNiches = (signal?: AbortSignal) => getJson<{ niches: NicheSummary[] }>('/niches', signal).then((r) => r.niches);

export const useNiches = () => useResource('niches', fetchNiches);

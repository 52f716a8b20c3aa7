// GET /artifacts/:id: source, scores, gate decision, tokens, lineage.
import { getJson } from '../../../shared/api/http.ts';
import type { ArtifactView } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchArtifact = (id: string, signal?: AbortSignal) => getJson<ArtifactView>(`/artifacts/${id}`, signal);

/** refreshed every 5 s: an artifact climbs the ladder while it is shown */
export const useArtifact = (id: string | null) => useResource(id && `artifact:${id}`, (signal) => fetchArtifact(id!, signal), { refreshMs: 5000 });

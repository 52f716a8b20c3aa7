// GET /artifacts/:id: source, scores, gate decision, tokens, lineage.
import { getJson } from '../../../shared/api/http.ts';
import type { ArtifactView } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchArtifact = (id: string, signal?: AbortSignal) => getJson<ArtifactView>(`/artifacts/${id}`, signal);

export const useArtifact = (id: string | null) => useResource(id && `artifact:${id}`, (signal) => fetchArtifact(id!, signal));

// GET /artifacts/:id, for the source of the incumbent to start from.
import { getJson } from '../../../shared/api/http.ts';
import type { ArtifactView } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchArtifactSource = (id: string, signal?: AbortSignal) => getJson<ArtifactView>(`/artifacts/${id}`, signal).then((a) => a.source);

export const useArtifactSource = (id: string | null) => useResource(id && `source:${id}`, (signal) => fetchArtifactSource(id!, signal));

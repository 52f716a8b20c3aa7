// GET /artifacts/:id, for the sources of the best and its parent.
import { getJson } from '../../../shared/api/http.ts';
import type { ArtifactView } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export const fetchArtifactSource = (id: string, signal?: AbortSignal) => getJson<ArtifactView>(`/artifacts/${id}`, signal).then((a) => a.source ?? '');

export const useArtifactSource = (id: string | null) => useResource(id && `source:${id}`, (signal) => fetchArtifactSource(id!, signal));

// POST /capabilities/:niche/retire: an operator retires a niche's active capability after the decay
// review; the handle beneath it, or the built-in fallback, is used again.
import { postJson } from '../../../shared/api/http.ts';
import type { DecayFinding } from '../../../shared/api/lab-types.ts';
import type { RolledBack } from './post-rollback.ts';
import { useOperatorPost } from './use-operator-post.ts';

export interface Retired extends RolledBack {
  retired: true;
  /** the review's findings about it when it was retired */
  evidence: { reviewedAt: string; findings: DecayFinding[] };
}

/** `expect`: the artifact the operator meant to retire; a 409 when another one is active by then */
export const postRetire = (niche: string, body: { reason: string; expect?: string }, token: string | null) =>
  postJson<Retired>(`/capabilities/${encodeURIComponent(niche)}/retire`, body, undefined, token);

export const useRetire = (onDone: (r: RolledBack) => void) => useOperatorPost(postRetire, onDone);

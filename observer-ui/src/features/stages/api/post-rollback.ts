// POST /capabilities/:niche/rollback: an operator puts back what was active before, with the session's token.
import { postJson } from '../../../shared/api/http.ts';
import type { RollbackView } from '../../../shared/api/lab-types.ts';
import { useOperatorPost } from './use-operator-post.ts';

export interface RolledBack extends RollbackView {
  niche: string;
}

/** `expect`: the artifact the operator saw active; a 409 when another one is active by then */
export const postRollback = (niche: string, body: { reason: string; expect?: string }, token: string | null) =>
  postJson<RolledBack>(`/capabilities/${encodeURIComponent(niche)}/rollback`, body, undefined, token);

export const useRollback = (onDone: (r: RolledBack) => void) => useOperatorPost(postRollback, onDone);

// POST /capabilities/:niche/rollback: an operator puts back what was active before, with the session's token.
import { useCallback, useState } from 'react';
import { postJson } from '../../../shared/api/http.ts';
import type { RollbackView } from '../../../shared/api/lab-types.ts';

export interface RolledBack extends RollbackView {
  niche: string;
}

/** `expect`: the artifact the operator saw active; a 409 when another one is active by then */
export const postRollback = (niche: string, body: { reason: string; expect?: string }, token: string | null) =>
  postJson<RolledBack>(`/capabilities/${encodeURIComponent(niche)}/rollback`, body, undefined, token);

export function useRollback(onDone: (r: RolledBack) => void) {
  const [state, setState] = useState<{ busy: boolean; error?: Error }>({ busy: false });
  const rollback = useCallback(
    async (niche: string, body: { reason: string; expect?: string }, token: string | null) => {
      setState({ busy: true });
      try {
        const r = await postRollback(niche, body, token);
        setState({ busy: false });
        onDone(r);
      } catch (err) {
        setState({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    },
    [onDone],
  );
  return { ...state, rollback };
}

// POST /promotions/:id/approve and /reject: an operator's decision, with the session's token.
import { useCallback, useState } from 'react';
import { postJson } from '../../../shared/api/http.ts';
import type { Decision, DecisionEvidence } from './get-promotion-status.ts';

export type Action = 'approve' | 'reject';

export interface Decided extends Decision {
  artifactId: string;
  evidence: DecisionEvidence;
  promotion: { state: string; stage: string; why: string; at: string };
}

export const postDecision = (id: string, action: Action, body: { reason: string; stage?: string }, token: string | null) =>
  postJson<Decided>(`/promotions/${encodeURIComponent(id)}/${action}`, body, undefined, token);

export function useDecision(onDecided: (d: Decided) => void) {
  const [state, setState] = useState<{ busy: Action | null; error?: Error }>({ busy: null });
  const decide = useCallback(
    async (id: string, action: Action, body: { reason: string; stage?: string }, token: string | null) => {
      setState({ busy: action });
      try {
        const decided = await postDecision(id, action, body, token);
        setState({ busy: null });
        onDecided(decided);
      } catch (err) {
        setState({ busy: null, error: err instanceof Error ? err : new Error(String(err)) });
      }
    },
    [onDecided],
  );
  return { ...state, decide };
}

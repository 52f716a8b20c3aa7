// POST /proposals: submit an artifact; answers 202 with the proposal id.
import { useCallback, useState } from 'react';
import { ApiError, postJson } from '../../../shared/api/http.ts';

export interface ProposalInput {
  niche: string;
  source: string;
  language: 'js' | 'ts';
  proposer?: string;
}

/** `token`: the session's bearer token, needed once the lab has submitters configured */
export const postProposal = (body: ProposalInput, token?: string | null) => postJson<{ id: string; status: 'proposed'; href: string }>('/proposals', body, undefined, token);

export function useSubmitProposal() {
  const [state, setState] = useState<{ busy: boolean; error?: ApiError | Error; id?: string }>({ busy: false });
  const submit = useCallback(async (body: ProposalInput, token?: string | null) => {
    setState({ busy: true });
    try {
      const r = await postProposal(body, token);
      setState({ busy: false, id: r.id });
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }, []);
  return { ...state, submit };
}

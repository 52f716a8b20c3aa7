// GET /proposals/:id, polled while the lifecycle runs.
import { useEffect, useState } from 'react';
import { getJson } from '../../../shared/api/http.ts';
import { TERMINAL } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface ProposalView {
  id: string;
  niche: string;
  status: string;
  proposer: string;
  artifactId?: string;
  steps: { state: string; at: string; ms?: number; result?: Record<string, unknown> }[];
  reasons: { code: string; rule: string; message: string; line?: number; column?: number }[];
  createdAt: string;
}

export const fetchProposal = (id: string, signal?: AbortSignal) => getJson<ProposalView>(`/proposals/${id}`, signal);

export const isTerminal = (p: ProposalView | undefined) => !!p && (TERMINAL as readonly string[]).includes(p.status);

/** polls every 400 ms until the proposal reaches a terminal state */
export function useProposal(id: string) {
  const [live, setLive] = useState(true);
  const r = useResource(`proposal:${id}`, (signal) => fetchProposal(id, signal), { refreshMs: live ? 400 : undefined });
  const done = isTerminal(r.data);
  useEffect(() => {
    if (done) setLive(false);
  }, [done]);
  return { ...r, done };
}

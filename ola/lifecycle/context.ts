// the one context the lifecycle steps share for a proposal.
import type { GateDecision, Niche, ProposalInput, Rejection, RunResult, Score, ValidatedSource } from '../core/contracts.ts';
import type { ScenarioSet } from '../niches/catalog.ts';
import type { IssuedToken } from '../promotion/tokens.ts';

export interface LifecycleContext {
  proposalId: string;
  input: Required<Pick<ProposalInput, 'niche' | 'source' | 'language' | 'proposer'>> & Pick<ProposalInput, 'meta' | 'parents'>;
  niche: Niche;
  artifactId?: string;
  validated?: ValidatedSource;
  admission?: IssuedToken;
  /** the token minted for the held-out runs */
  heldOutNonce?: string;
  /** pinned at execute so score and gate judge the very scenarios that ran */
  scenarios?: ScenarioSet;
  runs?: RunResult[];
  score?: Score;
  heldOut?: Score;
  decision?: GateDecision;
}

/** thrown by validation to end the lifecycle as rejected (not failed) */
export class Rejected extends Error {
  constructor(readonly reasons: Rejection[]) {
    super(reasons.map((r) => r.message).join('; '));
  }
}

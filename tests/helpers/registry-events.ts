// a small registry history for the store conformance suite: two proposals gated (a1 climbs to
// jail, a2 scores higher), one rejected, one left unfinished; shaped as lifecycle/steps.ts and
// promotion/ write them.
import type { NewEvent } from '../../ola/core/contracts.ts';

const score = (utility: number) => ({ utility, stability: 1, efficiency: 1, crashes: 0, runs: 3, metrics: {} });
const gate = { minUtility: 0.5 };

function gated(n: number, sha: string, utility: number, meta: Record<string, unknown>): NewEvent[] {
  const p = `p${n}`;
  const a = `a${n}`;
  return [
    { type: 'proposal_received', subject: p, payload: { niche: 'clock', proposer: 't', language: 'js', sourceSha256: sha, meta } },
    { type: 'proposal_validated', subject: p, payload: { artifactId: a, sha256: sha, exports: ['sync'], ms: 1 } },
    { type: 'token_issued', subject: a, payload: { proposalId: p, token: 't', nonce: `n${n}`, expiresAt: '2099-01-01T00:00:00.000Z', from: 'proposed', to: 'isolate', scopes: [] } },
    { type: 'run_executed', subject: p, payload: { artifactId: a, stage: 'isolate', phase: 'public', runs: [], ms: 2 } },
    { type: 'score_recorded', subject: p, payload: { artifactId: a, phase: 'public', score: score(utility), incumbent: null, gain: null, ms: 1 } },
    { type: 'artifact_registered', subject: a, payload: { proposalId: p, niche: 'clock', sha256: sha, stage: 'isolate', proposer: 't', parents: [], score: score(utility) } },
    { type: 'run_executed', subject: p, payload: { artifactId: a, stage: 'isolate', phase: 'heldout', runs: [] } },
    {
      type: 'gate_decided',
      subject: p,
      payload: {
        artifactId: a,
        decision: { stage: 'isolate', pass: true, reasons: [], gate, next: 'jail' },
        heldOut: score(utility),
        promotion: { state: 'queued', stage: 'jail', why: 'passed isolate' },
        ms: 1,
      },
    },
  ];
}

export function lifecycleEvents(sha: string): NewEvent[] {
  return [
    ...gated(1, sha, 0.8, { runId: 'r1' }),
    { type: 'stage_started', subject: 'a1', payload: { stage: 'jail', tokenNonce: 'n1-jail', runner: 'jail' } },
    {
      type: 'stage_passed',
      subject: 'a1',
      payload: { stage: 'jail', score: score(0.8), heldOut: score(0.8), decision: { stage: 'jail', pass: true, reasons: [], gate, next: 'container' }, promotion: { state: 'queued', stage: 'container', why: 'passed jail' } },
    },
    ...gated(2, sha, 0.9, {}),
    { type: 'proposal_received', subject: 'p3', payload: { niche: 'clock', proposer: 't', language: 'js', sourceSha256: sha } },
    { type: 'proposal_rejected', subject: 'p3', payload: { reasons: [{ code: 'OLA_ERR_PARSE', message: 'no' }], ms: 1 } },
    { type: 'proposal_received', subject: 'p4', payload: { niche: 'clock', proposer: 't', language: 'js', sourceSha256: sha } },
    { type: 'proposal_validated', subject: 'p4', payload: { artifactId: 'a4', sha256: sha, exports: ['sync'], ms: 1 } },
  ];
}

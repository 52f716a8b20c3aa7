// folds events into the proposal and artifact read models (rebuildable from events).
import type { ArtifactRecord, ProposalRecord, ProposalStep, ShadowBrief, StageEvidence, StoredEvent } from '../core/contracts.ts';
import { PROMOTION_EVENTS, type ProposalState, type Stage } from '../core/vocabulary.ts';

/** a proposal without its steps: steps are appended separately, never rewritten */
export type ProposalHead = Omit<ProposalRecord, 'steps'>;

export interface ProjectionStore {
  getProposal(id: string): ProposalHead | undefined;
  putProposal(p: ProposalHead): void;
  addStep(proposalId: string, step: ProposalStep): void;
  getArtifact(id: string): ArtifactRecord | undefined;
  /** registered undefined keeps the row's flag */
  putArtifact(a: ArtifactRecord, registered?: boolean): void;
}

const STATE_OF: Partial<Record<StoredEvent['type'], ProposalState>> = {
  proposal_received: 'proposed',
  proposal_rejected: 'rejected',
  proposal_validated: 'validated',
  run_executed: 'executed',
  score_recorded: 'scored',
  artifact_registered: 'registered',
  gate_decided: 'gated',
  proposal_failed: 'failed',
};

type P = Record<string, any>; // payloads are typed where they are made (lifecycle/events.ts)

export function project(e: StoredEvent, s: ProjectionStore): void {
  const p = e.payload as P;
  if (e.type === 'proposal_received') {
    s.putProposal({
      id: e.subject,
      niche: p.niche,
      status: 'proposed',
      proposer: p.proposer,
      language: p.language,
      sourceSha256: p.sourceSha256,
      parents: p.parents ?? [],
      meta: p.meta ?? {},
      reasons: [],
      createdAt: e.ts,
      updatedAt: e.ts,
    });
    s.addStep(e.subject, { state: 'proposed', at: e.ts });
    return;
  }
  const state = STATE_OF[e.type];
  if (state) {
    const proposal = s.getProposal(e.subject) ?? (p.proposalId ? s.getProposal(p.proposalId) : undefined);
    if (!proposal) return;
    // held-out runs happen inside the gate step, which carries their score
    const heldOut = p.phase === 'heldout';
    proposal.updatedAt = e.ts;
    if (!heldOut) {
      proposal.status = state;
      const { ms, ...result } = p;
      s.addStep(proposal.id, { state, at: e.ts, ms, result });
    }
    if (e.type === 'proposal_rejected') proposal.reasons = p.reasons ?? [];
    if (p.artifactId) proposal.artifactId = p.artifactId;
    s.putProposal(proposal);
  }
  projectArtifact(e, p, s);
}

function projectArtifact(e: StoredEvent, p: P, s: ProjectionStore): void {
  if (e.type === 'proposal_validated') {
    const proposal = s.getProposal(e.subject);
    if (!proposal) return;
    s.putArtifact(
      {
        id: p.artifactId,
        proposalId: proposal.id,
        niche: proposal.niche,
        sha256: p.sha256,
        stage: 'isolate',
        proposer: proposal.proposer,
        parents: proposal.parents,
        meta: proposal.meta,
        tokens: [],
        createdAt: e.ts,
      },
      false,
    );
    return;
  }
  const bySubject = e.type === 'token_issued' || e.type === 'artifact_registered' || PROMOTION_SUBJECTS.has(e.type);
  const id = bySubject ? e.subject : e.type === 'capability_rolled_back' ? p.from : p.artifactId;
  if (!id) return;
  const artifact = s.getArtifact(id);
  if (!artifact) return;
  let registered: boolean | undefined;
  if (e.type === 'token_issued') {
    artifact.tokens.push({ from: p.from, to: p.to, token: p.token, expiresAt: p.expiresAt, nonce: p.nonce });
  } else if (e.type === 'artifact_registered') {
    artifact.score = p.score;
    registered = true;
  } else if (e.type === 'gate_decided') {
    artifact.gate = p.decision;
    artifact.heldOut = p.heldOut;
    const stage = p.decision.stage;
    artifact.stages = {
      ...artifact.stages,
      [stage]: {
        stage,
        status: p.decision.pass ? 'passed' : 'failed',
        startedAt: artifact.createdAt,
        decidedAt: e.ts,
        score: artifact.score,
        heldOut: p.heldOut,
        gate: p.decision,
        reasons: p.decision.reasons,
      },
    };
    if (p.promotion) artifact.promotion = { ...p.promotion, at: e.ts };
  } else if (!projectPromotion(e, p, artifact)) return;
  s.putArtifact(artifact, registered);
}

/** what an artifact record keeps of a shadow report (the event keeps the whole) */
function shadowBrief(r: P): ShadowBrief {
  const v = r.verdict ?? {};
  return {
    verdict: v.verdict,
    confidence: v.confidence,
    p: v.p ?? null,
    delta: v.effectSize?.delta ?? null,
    counts: r.counts,
    incumbent: r.incumbent,
    crashes: { candidate: r.crashes?.candidate ?? 0, incumbent: r.crashes?.incumbent ?? 0 },
    candidateMean: v.candidate?.mean ?? null,
    incumbentMean: v.incumbent?.mean ?? null,
    metric: v.metric?.name ?? '',
    reasons: v.reasons ?? [],
  };
}

/** promotion events are about an artifact, named by their subject */
const PROMOTION_SUBJECTS = new Set<string>(PROMOTION_EVENTS);

function projectPromotion(e: StoredEvent, p: P, artifact: ArtifactRecord): boolean {
  // a killed artifact stays killed: what its stopped runs record after the kill is evidence only
  const killed = artifact.promotion?.state === 'killed' ? artifact.promotion : undefined;
  const changed = projectPromotionEvent(e, p, artifact);
  if (killed && e.type !== 'artifact_killed') artifact.promotion = killed;
  return changed;
}

function projectPromotionEvent(e: StoredEvent, p: P, artifact: ArtifactRecord): boolean {
  const stages = (artifact.stages ??= {});
  const stage = p.stage;
  const at = e.ts;
  switch (e.type) {
    case 'stage_started':
      stages[stage as keyof typeof stages] = { stage, status: 'running', startedAt: at, tokenNonce: p.tokenNonce, runner: p.runner, reasons: [] };
      artifact.promotion = { state: 'running', stage, why: `running at ${stage}`, at };
      return true;
    case 'stage_passed':
    case 'stage_failed': {
      const before: StageEvidence | undefined = stages[stage as keyof typeof stages];
      stages[stage as keyof typeof stages] = {
        ...(before ?? { stage, startedAt: at, reasons: [] }),
        status: e.type === 'stage_passed' ? 'passed' : 'failed',
        decidedAt: at,
        score: p.score,
        heldOut: p.heldOut,
        ...(p.fuzzed ? { fuzzed: p.fuzzed } : {}),
        gate: p.decision,
        ...(p.report ? { shadow: shadowBrief(p.report) } : {}),
        reasons: p.reasons ?? p.decision?.reasons ?? [],
      };
      if (e.type === 'stage_passed') artifact.stage = stage;
      artifact.promotion = { ...p.promotion, at };
      return true;
    }
    case 'stage_unavailable':
      artifact.promotion = { state: 'stage_unavailable', stage, why: p.reason, at };
      return true;
    case 'promotion_waiting':
      artifact.promotion = { state: p.state, stage, why: p.why, at };
      return true;
    case 'artifact_killed':
      artifact.promotion = { state: 'killed', stage: (artifact.promotion?.stage ?? artifact.stage) as Stage, why: `killed by ${p.operator}: ${p.reason}`, at };
      return true;
    case 'capability_rolled_back': {
      const to = p.to ? `${p.to} is active again` : 'the built-in fallback is used again';
      const how = p.retired ? `retired by ${p.by}` : `rolled back ${p.automatic ? 'automatically' : `by ${p.by}`}`;
      artifact.promotion = { state: 'rolled_back', stage: 'active', why: `${how}: ${p.why}; ${to}`, at };
      return true;
    }
    case 'promotion_approved':
    case 'promotion_rejected':
      // an operator's decision, kept by the rung it gates
      artifact.decisions = { ...artifact.decisions, [stage]: { stage, verdict: p.verdict, operator: p.operator, reason: p.reason, at, seq: e.seq, evidence: p.evidence } };
      artifact.promotion = { ...p.promotion, at };
      return true;
    default:
      return false;
  }
}

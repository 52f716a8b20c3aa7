// response shapes of the lab's api that more than one view reads (see /docs/json).
export type Stage = 'isolate' | 'jail' | 'container' | 'vm' | 'shadow' | 'active';

export interface ArtifactSummary {
  id: string;
  proposalId: string;
  niche: string;
  sha256: string;
  stage: Stage;
  proposer: string;
  parents: string[];
  utility: number | null;
  passed: boolean;
  createdAt: string;
}

export interface ScoreView {
  utility: number;
  stability: number;
  efficiency: number;
  crashes: number;
  runs: number;
  metrics: Record<string, number>;
  labels: Record<string, string>;
  scenarios: { scenarioId: string; ok: boolean; reason?: string; metrics: Record<string, number> }[];
}

export interface GateDecision {
  stage: Stage;
  pass: boolean;
  reasons: string[];
  next?: Stage;
}

export interface ArtifactView extends ArtifactSummary {
  source: string | null;
  score?: ScoreView;
  heldOut?: ScoreView;
  gate?: GateDecision;
  tokens: { from: string; to: Stage; token: string; expiresAt: string; nonce: string }[];
  /** evidence per rung, when the lab records it (the stage ladder) */
  stages?: Partial<Record<Stage, StageEvidence>>;
  promotion?: { state: string; stage: Stage; why: string; at: string } | null;
}

export interface StageEvidence {
  stage: Stage;
  status: 'running' | 'passed' | 'failed';
  startedAt: string;
  decidedAt?: string;
  score?: ScoreView;
  heldOut?: ScoreView;
  gate?: GateDecision;
  reasons: string[];
}

export interface NicheSummary {
  id: string;
  title: string;
  description: string;
  event: string;
  headline: { metric: string; better: 'lower' | 'higher'; unit: string };
  scenarios: { public: number; heldOut: number };
  best: ArtifactSummary | null;
}

export interface NicheView extends NicheSummary {
  interfaceText: string;
  requiredExports: string[];
  baseline: string;
}

export interface RollbackView {
  from: string;
  to: string | null;
  automatic: boolean;
  by: string;
  why: string;
  at: string;
  seq: number;
  /** an operator retired it after the decay review */
  retired?: boolean;
}

/** GET /capabilities' `active`: per niche what the lab uses now */
export interface ActiveCapability {
  niche: string;
  /** null: the lab uses its built-in fallback */
  artifactId: string | null;
  since: string | null;
  /** the rollback handle: what was active before (null: the built-in fallback) */
  previous: string | null;
  why: string;
  /** share of the recent uses that worked */
  stability: number;
  rollbacks: RollbackView[];
}

export const TERMINAL = ['rejected', 'gated', 'failed'] as const;

/** a newer artifact whose shadow report beats a niche's active capability (the decay review) */
export interface DecayRival {
  artifactId: string;
  verdict: 'pass' | 'marginal' | 'fail' | 'insufficient';
  /** the incumbent its shadow ran against (null: the baseline) */
  against: string | null;
  p: number | null;
  /** cliff's delta, positive: better than what it ran against */
  delta: number | null;
  metric: string;
  direction: 'lower' | 'higher';
  /** significantly better (a pass is also given to one no worse) */
  better: boolean;
  mean: number | null;
  incumbentMean: number | null;
  /** the active artifact's own mean in its shadow report */
  activeMean: number | null;
  decidedAt: string | null;
  promotion: string | null;
}

export interface DecayFinding {
  niche: string;
  kind: 'unused' | 'outperformed';
  /** the active artifact it is about */
  artifactId: string;
  why: string;
  unused?: { windowMs: number; uses: number; failed: number; lastUse: string | null; activeSince: string; observedSince: string; downMs: number };
  rivals?: DecayRival[];
}

/** GET /capabilities/review: per niche its active capability and what the review found */
export interface DecayReview {
  at: string;
  unusedAfterMs: number;
  niches: {
    niche: string;
    /** null: the built-in fallback */
    active: string | null;
    since: string | null;
    uses: number;
    lastUse: string | null;
    findings: DecayFinding[];
    why: string;
    seq: number | null;
  }[];
  findings: DecayFinding[];
}

export type NicheDecay = DecayReview['niches'][number];

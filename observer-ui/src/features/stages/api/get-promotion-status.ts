// GET /promotion/status: every artifact on the ladder, where it stands, the next gate, why it waits.
import { getJson } from '../../../shared/api/http.ts';
import type { Stage } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';
import type { Incumbent, ShadowVerdict } from './get-shadow-report.ts';

export interface LadderEntry {
  id: string;
  niche: string;
  proposer: string;
  utility: number | null;
  stage: Stage;
  promotion: { state: string; stage: Stage; why: string; at: string };
  nextGate: Stage | null;
  stages: { stage: Stage; status: 'running' | 'passed' | 'failed'; reasons: string[] }[];
  /** waiting for an operator: the rung below, as a decision records it */
  evidence?: DecisionEvidence;
  decisions: Decision[];
}

interface ScoreBrief {
  utility: number;
  crashes: number;
  runs: number;
  metrics: Record<string, number>;
}

/** the shadow report in brief (GET /artifacts/:id/shadow has it whole) */
export interface ShadowBrief {
  verdict: ShadowVerdict;
  confidence: number;
  p: number | null;
  delta: number | null;
  counts: { events: number; matched: number; mismatched: number; ignored: number };
  incumbent: Incumbent;
  crashes: { candidate: number; incumbent: number };
  candidateMean: number | null;
  incumbentMean: number | null;
  metric: string;
  reasons: string[];
}

export interface DecisionEvidence {
  stage: Stage;
  status: 'running' | 'passed' | 'failed' | 'missing';
  decidedAt?: string;
  runner?: Record<string, unknown>;
  public?: ScoreBrief;
  heldOut?: ScoreBrief;
  fuzzed?: { utility: number; crashes: number; runs: number; seeds: number[] };
  gate?: { pass: boolean; reasons: string[] };
  /** before an approval into active: the shadow verdict */
  shadow?: ShadowBrief;
  event?: { seq: number; hash: string };
}

export interface Decision {
  stage: Stage;
  verdict: 'approved' | 'rejected';
  operator: string;
  reason: string;
  at: string;
  seq: number;
}

export interface PromotionStatus {
  counts: Record<string, number>;
  engine: { enabled: boolean; pending: number };
  artifacts: LadderEntry[];
}

export const fetchPromotionStatus = (signal?: AbortSignal) => getJson<PromotionStatus>('/promotion/status', signal);

export const usePromotionStatus = () => useResource('promotion-status', fetchPromotionStatus, { refreshMs: 3000 });

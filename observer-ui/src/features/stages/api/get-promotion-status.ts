// GET /promotion/status: every artifact on the ladder, where it stands, the next gate, why it waits.
import { getJson } from '../../../shared/api/http.ts';
import type { Stage } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface LadderEntry {
  id: string;
  niche: string;
  proposer: string;
  utility: number | null;
  stage: Stage;
  promotion: { state: string; stage: Stage; why: string; at: string };
  nextGate: Stage | null;
  stages: { stage: Stage; status: 'running' | 'passed' | 'failed'; reasons: string[] }[];
}

export interface PromotionStatus {
  counts: Record<string, number>;
  engine: { enabled: boolean; pending: number };
  artifacts: LadderEntry[];
}

export const fetchPromotionStatus = (signal?: AbortSignal) => getJson<PromotionStatus>('/promotion/status', signal);

export const usePromotionStatus = () => useResource('promotion-status', fetchPromotionStatus, { refreshMs: 3000 });

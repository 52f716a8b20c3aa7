// GET /stages: each rung of the ladder, whether it runs on this host, and why not.
import { getJson } from '../../../shared/api/http.ts';
import type { Stage } from '../../../shared/api/lab-types.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export interface StageStatus {
  stage: Stage;
  what: string;
  needsApproval: boolean;
  runner: boolean;
  available: boolean;
  reason?: string;
  detail?: Record<string, string | number | boolean>;
  checkedAt: string;
  waiting: number;
}

export const fetchStages = (signal?: AbortSignal) => getJson<{ stages: StageStatus[] }>('/stages', signal).then((r) => r.stages);

export const useStages = () => useResource('stages', fetchStages, { refreshMs: 10_000 });

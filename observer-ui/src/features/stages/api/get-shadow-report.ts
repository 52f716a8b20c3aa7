// GET /artifacts/:id/shadow: the shadow report (the one so far while the artifact is shadowed).
import { getJson } from '../../../shared/api/http.ts';
import { useResource } from '../../../shared/api/use-resource.ts';

export type ShadowVerdict = 'pass' | 'marginal' | 'fail' | 'insufficient';

export interface SideSummary {
  events: number;
  samples: number;
  invalid: number;
  crashes: number;
  crashRate: number;
  mismatches: number;
  mismatchRate: number;
  mean: number | null;
  median: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export interface EffectSize {
  delta: number;
  low: number;
  high: number;
  se: number;
  magnitude: 'negligible' | 'small' | 'medium' | 'large';
}

export interface DurationSummary {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export interface MismatchSample {
  at: string;
  event: string;
  candidate: string;
  incumbent: string;
  truth?: string;
  detail?: string;
}

export interface Incumbent {
  artifactId: string | null;
  kind: 'active' | 'baseline';
}

export interface ShadowReport {
  niche: string;
  candidate: { artifactId: string };
  incumbent: Incumbent;
  startedAt: string;
  endedAt: string;
  counts: { events: number; matched: number; mismatched: number; ignored: number };
  durations: { candidate: DurationSummary; incumbent: DurationSummary };
  crashes: { candidate: number; incumbent: number; last?: string };
  mismatches: MismatchSample[];
  mismatchesSeen: number;
  verdict: {
    verdict: ShadowVerdict;
    confidence: number;
    p: number | null;
    test: { u: number; z: number; method: 'exact' | 'normal'; ties: boolean; pWorse: number; pBetter: number } | null;
    effectSize: EffectSize | null;
    metric: { name: string; better: 'lower' | 'higher'; unit: string; what: string };
    candidate: SideSummary;
    incumbent: SideSummary;
    reasons: string[];
  };
}

export const fetchShadowReport = (id: string, signal?: AbortSignal) => getJson<ShadowReport>(`/artifacts/${encodeURIComponent(id)}/shadow`, signal);

/** `live`: the artifact is being shadowed, so the report grows: refetched every 2 s */
export const useShadowReport = (id: string, live: boolean) => useResource(`shadow:${id}`, (signal) => fetchShadowReport(id, signal), live ? { refreshMs: 2000 } : {});

// how the stages view words the decay review, a retirement and an operator's action on a niche
// (pure, tested).
import type { DecayFinding, NicheDecay } from '../../../shared/api/lab-types.ts';
import { shortId } from '../../../shared/lib/format.ts';
import { handleLabel } from './shadow-format.ts';

/** a registry time as "2026-11-30 16:40:01" */
export function fmtWhen(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '–';
}

/** the newer of two reviews (the one polled, the one run now); iso times compare in order */
export function newerReview<T extends { at: string }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  return b.at > a.at ? b : a;
}

/** a span in plain words: 12 s, 5 min, 3 h */
export function fmtSpan(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

/** when the review ran, and how long before `nowMs` */
export function fmtReviewedAt(at: string, nowMs: number): string {
  const ago = nowMs - Date.parse(at);
  return `${fmtWhen(at)} (${ago < 1000 ? 'just now' : `${fmtSpan(ago)} ago`})`;
}

/** the uses the review saw of the active capability */
export function fmtUses(uses: number, lastUse: string | null): string {
  if (uses === 0) return 'no use seen';
  return `${uses} ${uses === 1 ? 'use' : 'uses'} seen, the last at ${fmtWhen(lastUse)}`;
}

/** a finding's why without its kind in front (the kind is shown beside it) */
export function findingWhy(f: Pick<DecayFinding, 'kind' | 'why'>): string {
  const prefix = `${f.kind}: `;
  return f.why.startsWith(prefix) ? f.why.slice(prefix.length) : f.why;
}

/** a rival's shadow verdict: a pass is better, or only no worse */
export function rivalVerdict(r: { verdict: string; better: boolean }): string {
  return r.verdict === 'pass' ? `pass, ${r.better ? 'better' : 'no worse'}` : r.verdict;
}

/** cliff's delta alone, signed */
export function fmtSignedDelta(d: number | null): string {
  if (d === null || !Number.isFinite(d)) return '–';
  return `${d > 0 ? '+' : d < 0 ? '−' : ''}${Math.abs(d).toFixed(2)}`;
}

/** the review was about another artifact than the one active now (an activation or rollback since) */
export function reviewIsStale(review: Pick<NicheDecay, 'active'> | undefined, active: string | null): boolean {
  return review !== undefined && review.active !== active;
}

export const ACTIONS = {
  rollback: { verb: 'roll back', confirm: 'confirm roll back', busy: 'rolling back…', noun: 'rollback' },
  retire: { verb: 'retire', confirm: 'confirm retire', busy: 'retiring…', noun: 'retirement' },
} as const;

export type OperatorAction = keyof typeof ACTIONS;

/** what the action will do: "roll clock back from a_1…abcd to a_2" */
export function actionLine(action: OperatorAction, t: { niche: string; expect: string; previous: string | null }): string {
  if (action === 'rollback') return `roll ${t.niche} back from ${shortId(t.expect)} to ${handleLabel(t.previous)}`;
  return `retire ${t.niche}'s ${shortId(t.expect)}: ${t.previous ? `${t.previous}, the handle beneath it,` : 'the built-in fallback'} is used again`;
}

/** what became of it: what is active now, by whom, and the registry seq */
export function outcomeLine(r: { niche: string; from: string; to: string | null; by: string; seq: number; retired?: boolean }): string {
  if (!r.retired) return `rolled ${r.niche} back from ${r.from} to ${handleLabel(r.to)} by ${r.by} (registry seq ${r.seq})`;
  return `retired ${r.niche}'s ${r.from} by ${r.by} (registry seq ${r.seq}): ${r.to ? `${r.to} is active again` : 'the built-in fallback is used again'}`;
}

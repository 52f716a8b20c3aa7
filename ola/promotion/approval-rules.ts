// when an operator may decide at a rung, and what the decision records as the evidence seen.
// pure: the approvals service and the api's listing both read the artifact through these.
import type { ArtifactRecord, DecisionEvidence, Score } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import { LADDER } from '../core/ladder.ts';
import { STAGES, type Stage, type Verdict } from '../core/vocabulary.ts';

/** the rung whose evidence an operator weighs before letting an artifact into `rung` */
export function evidenceRung(rung: Stage): Stage {
  return STAGES[Math.max(0, STAGES.indexOf(rung) - 1)]!;
}

const brief = (s: Score) => ({ utility: s.utility, crashes: s.crashes, runs: s.runs, metrics: s.metrics });

/** the rung below's evidence as the artifact record holds it (the event reference is added by the caller) */
export function evidenceFor(a: ArtifactRecord, rung: Stage): DecisionEvidence {
  const stage = evidenceRung(rung);
  const e = a.stages?.[stage];
  if (!e) return { stage, status: 'missing' };
  return {
    stage,
    status: e.status,
    ...(e.decidedAt ? { decidedAt: e.decidedAt } : {}),
    ...(e.runner ? { runner: e.runner } : {}),
    ...(e.tokenNonce ? { tokenNonce: e.tokenNonce } : {}),
    ...(e.score ? { public: brief(e.score) } : {}),
    ...(e.heldOut ? { heldOut: brief(e.heldOut) } : {}),
    ...(e.fuzzed ? { fuzzed: { utility: e.fuzzed.utility, crashes: e.fuzzed.crashes, runs: e.fuzzed.runs, seeds: e.fuzzed.seeds } } : {}),
    ...(e.gate ? { gate: { pass: e.gate.pass, reasons: e.gate.reasons, ...(e.gate.why ? { why: e.gate.why } : {}) } } : {}),
    ...(e.shadow ? { shadow: e.shadow } : {}),
  };
}

/** why this decision cannot be taken now (a 409), or undefined when it can */
export function refusal(a: ArtifactRecord, verdict: Verdict, stage?: Stage): OlaError | undefined {
  const p = a.promotion;
  const rung = stage ?? p?.stage;
  const done = rung ? a.decisions?.[rung] : undefined;
  if (done) {
    return new OlaError('OLA_ERR_NOT_AWAITING_DECISION', `${a.id} was ${done.verdict} at ${rung} by ${done.operator} at ${done.at} (registry seq ${done.seq}); a decision is taken once`, {
      state: p?.state ?? null,
      decided: { verdict: done.verdict, operator: done.operator, at: done.at, seq: done.seq },
    });
  }
  if (!p || p.state !== 'needs_approval') {
    const where = p ? `it is ${p.state} at ${p.stage} (${p.why})` : 'it is not on the ladder';
    return new OlaError('OLA_ERR_NOT_AWAITING_DECISION', `${a.id} is not waiting for an operator's decision: ${where}`, { state: p?.state ?? null });
  }
  if (stage && stage !== p.stage) {
    return new OlaError('OLA_ERR_NOT_AWAITING_DECISION', `${a.id} waits for a decision on ${p.stage}, not ${stage}`, { field: 'body.stage', state: p.state, waitsAt: p.stage });
  }
  if (!LADDER[p.stage].needsApproval) {
    return new OlaError('OLA_ERR_NOT_AWAITING_DECISION', `${p.stage} is not a rung an operator decides`, { state: p.state });
  }
  if (verdict === 'approved') {
    const below = evidenceRung(p.stage);
    const status = a.stages?.[below]?.status;
    if (status !== 'passed') {
      return new OlaError('OLA_ERR_EVIDENCE_MISSING', `entering ${p.stage} needs a passed ${below} stage, and ${a.id}'s ${below} stage is ${status ?? 'not run'}`, {
        state: p.state,
        needs: below,
      });
    }
  }
  return undefined;
}

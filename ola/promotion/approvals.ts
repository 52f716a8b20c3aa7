// an operator's decision at a rung that needs a person: checked against where the artifact
// stands, recorded with who, when, why and the evidence seen. one decision per artifact at a
// time: a second request waits for the first, then finds it decided (409).
import type { ArtifactRecord, DecisionEvidence, OperatorDecision, PromotionView, RegistryStore } from '../core/contracts.ts';
import { OlaError } from '../core/errors.ts';
import type { Stage, Verdict } from '../core/vocabulary.ts';
import { evidenceFor, evidenceRung, refusal } from './approval-rules.ts';

export interface DecisionInput {
  artifactId: string;
  verdict: Verdict;
  /** the operator's name (never the token) */
  operator: string;
  reason: string;
  /** the rung the operator means to decide; another one waiting is a 409 */
  stage?: Stage;
}

export type Decided = OperatorDecision & { artifactId: string; promotion: PromotionView };

export class Approvals {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly store: RegistryStore) {}

  decide(input: DecisionInput): Promise<Decided> {
    return this.serial(input.artifactId, () => this.record(input));
  }

  /** the evidence an operator weighs before deciding `rung`, pinned to the event that recorded it */
  async evidence(a: ArtifactRecord, rung: Stage): Promise<DecisionEvidence> {
    const seen = evidenceFor(a, rung);
    const below = evidenceRung(rung);
    const decided = await this.store.eventsOf({ types: ['stage_passed', 'stage_failed'], subject: a.id });
    const last = decided.filter((e) => e.payload.stage === below).at(-1);
    return last ? { ...seen, event: { seq: last.seq, hash: last.hash } } : seen;
  }

  private async record(input: DecisionInput): Promise<Decided> {
    const a = await this.store.artifact(input.artifactId);
    if (!a) throw new OlaError('OLA_ERR_NOT_FOUND', `no artifact ${input.artifactId}`, { field: 'id' });
    const refused = refusal(a, input.verdict, input.stage);
    if (refused) throw refused;
    const rung = a.promotion!.stage;
    const evidence = await this.evidence(a, rung);
    const { verdict, operator, reason } = input;
    const promotion: Omit<PromotionView, 'at'> =
      verdict === 'approved'
        ? { state: 'queued', stage: rung, why: `approved into ${rung} by ${operator}: ${reason}` }
        : { state: 'rejected', stage: rung, why: `rejected at ${rung} by ${operator}: ${reason}` };
    const e = await this.store.append({
      type: verdict === 'approved' ? 'promotion_approved' : 'promotion_rejected',
      subject: a.id,
      payload: { stage: rung, verdict, operator, reason, evidence, promotion },
    });
    return { artifactId: a.id, stage: rung, verdict, operator, reason, at: e.ts, seq: e.seq, evidence, promotion: { ...promotion, at: e.ts } };
  }

  /** runs one decision per artifact at a time, in arrival order */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}

// the llm proposer: asks an openai-compatible endpoint for artifacts, showing it the niche's
// interface, the best artifacts with their scores and the last failures. answers are held to
// a json schema; failures are recorded as proposer_failed and stop the run after a few in a row.
import type { Niche, ProposalInput, ProposalOutcome, Proposer, RegistryStore } from '../../core/contracts.ts';
import { ANSWER_JSON_SCHEMA, LlmAnswer } from './answer.ts';
import { chat, type LlmEndpoint } from './client.ts';
import { buildPrompt } from './prompt.ts';

const SHOW_BEST = 3;
const KEEP_FAILURES = 6;

export class LlmProposer implements Proposer {
  readonly name = 'llm';
  private seeded = false;
  private baselineHeadline: number | undefined;
  baselineFitness: number | undefined;
  private top: { id: string; fitness: number; headline: number } | undefined;
  private readonly failures: string[] = [];
  private failuresInARow = 0;

  constructor(
    private readonly deps: { store: RegistryStore },
    private readonly s: { runId: string; niche: Niche; endpoint: LlmEndpoint; maxFailures: number },
  ) {}

  get baseline(): number | undefined {
    return this.baselineHeadline;
  }

  best() {
    return this.top;
  }

  private remember(reason: string): void {
    this.failures.push(reason.slice(0, 400));
    if (this.failures.length > KEEP_FAILURES) this.failures.shift();
  }

  private async fail(reason: string): Promise<void> {
    this.failuresInARow++;
    this.remember(`the answer could not be used: ${reason}`);
    await this.deps.store.append({ type: 'proposer_failed', subject: this.s.runId, payload: { proposer: this.name, niche: this.s.niche.id, reason: reason.slice(0, 1000), inARow: this.failuresInARow } });
  }

  private async context() {
    const artifacts = (await this.deps.store.artifacts({ niche: this.s.niche.id, limit: 200 })).filter((a) => a.gate?.pass);
    artifacts.sort((a, b) => (b.score?.utility ?? 0) - (a.score?.utility ?? 0));
    const best = [];
    for (const artifact of artifacts.slice(0, SHOW_BEST)) {
      const source = await this.deps.store.getSource(artifact.sha256);
      if (source !== undefined) best.push({ artifact, source });
    }
    return best;
  }

  async next(_round: number, count: number, signal: AbortSignal): Promise<ProposalInput[]> {
    const base = { niche: this.s.niche.id, proposer: this.name };
    if (!this.seeded) {
      this.seeded = true;
      return [{ ...base, source: this.s.niche.baseline, language: 'js', meta: { role: 'seed' } }];
    }
    const out: ProposalInput[] = [];
    while (out.length < count && this.failuresInARow < this.s.maxFailures && !signal.aborted) {
      const messages = buildPrompt({ niche: this.s.niche, best: await this.context(), failures: this.failures });
      let content: string;
      try {
        content = await chat(this.s.endpoint, messages, ANSWER_JSON_SCHEMA, signal);
      } catch (err) {
        if (signal.aborted) break;
        await this.fail((err as Error).message);
        continue;
      }
      let answer: LlmAnswer;
      try {
        answer = LlmAnswer.parse(JSON.parse(content));
      } catch (err) {
        await this.fail(`the answer does not match the schema: ${(err as Error).message.slice(0, 300)}`);
        continue;
      }
      this.failuresInARow = 0;
      out.push({ ...base, source: answer.source, language: answer.language, meta: { rationale: answer.rationale, model: this.s.endpoint.model } });
    }
    return out;
  }

  async observe(outcomes: ProposalOutcome[]): Promise<void> {
    for (const o of outcomes) {
      const a = o.artifact;
      const headline = a?.score?.metrics[this.s.niche.headline.metric];
      if (o.input.meta?.role === 'seed') {
        this.baselineHeadline = headline;
        this.baselineFitness = a?.score?.utility;
      } else if (o.proposal?.status === 'rejected') {
        this.remember(`rejected by the validator: ${o.proposal.reasons.map((r) => `[${r.rule}] ${r.line ?? ''}:${r.column ?? ''} ${r.message}`).join('; ')}`);
      } else if (a?.gate && !a.gate.pass) {
        this.remember(`failed the gate: ${a.gate.reasons.join('; ')}`);
      }
      if (a?.gate?.pass && a.score && headline !== undefined && (!this.top || a.score.utility > this.top.fitness)) {
        this.top = { id: a.id, fitness: a.score.utility, headline };
      }
    }
  }
}

// scores a niche's references on a scenario set (bench:evolve: the held-out one), outside
// the registry: artifacts through the sandbox runner and the host scorer, host references
// through their own measure. a reference that fails says why instead of throwing.
import type { Niche, Scenario, SandboxRunner } from '../../core/contracts.ts';
import { stageLimits } from '../../core/ladder.ts';
import { runAtStage } from '../../promotion/run-at-stage.ts';
import type { TokenService } from '../../promotion/tokens.ts';
import { HostScorer } from '../../score/host-scorer.ts';
import { AstValidator } from '../../validate/validator.ts';
import { referencesOf, type Reference } from './catalog.ts';

export interface ReferenceFigures {
  name: string;
  about: string;
  kind: Reference['kind'];
  /** every scenario judged ok */
  ok: boolean;
  utility: number;
  metrics: Record<string, number>;
  crashes: number;
  runs: number;
  /** why scenarios failed, or why the reference could not run */
  reasons: string[];
  note?: string;
}

export interface ReferenceDeps {
  runner: SandboxRunner;
  tokens: TokenService;
}

const validator = new AstValidator();
const scorer = new HostScorer();

export async function evaluateReference(d: ReferenceDeps, niche: Niche, ref: Reference, scenarios: Scenario[], signal: AbortSignal): Promise<ReferenceFigures> {
  const base = { name: ref.name, about: ref.about, kind: ref.kind };
  try {
    if (ref.kind === 'host') {
      const m = ref.measure(niche, scenarios);
      const bad = m.scenarios.filter((s) => !s.ok);
      const utility = Object.keys(m.metrics).length > 0 ? niche.judge.utility(m.metrics) : 0;
      return { ...base, ok: bad.length === 0, utility, metrics: m.metrics, crashes: bad.length, runs: m.scenarios.length, reasons: bad.map((s) => `${s.scenarioId}: ${s.reason}`), note: m.note };
    }
    const v = await validator.validate({ source: ref.source(niche), language: 'js', requiredExports: niche.requiredExports });
    if (!v.ok) throw new Error(`does not validate: ${v.rejections.map((r) => r.message).join('; ')}`);
    const artifact = { id: `reference:${niche.id}:${ref.name}`, sha256: v.value.sha256, script: v.value.script };
    // the limits the lifecycle gives artifacts at this runner's stage
    const limits = stageLimits(niche, d.runner.stage);
    const { runs } = await runAtStage(d, artifact, niche, scenarios, { from: 'proposed', limits }, signal);
    const score = scorer.score(niche, scenarios, runs, limits);
    const reasons = score.scenarios.filter((s) => !s.ok).map((s) => `${s.scenarioId}: ${s.reason}`);
    return { ...base, ok: score.crashes === 0, utility: score.utility, metrics: score.metrics, crashes: score.crashes, runs: score.runs, reasons };
  } catch (err) {
    return { ...base, ok: false, utility: 0, metrics: {}, crashes: 0, runs: 0, reasons: [(err as Error).message] };
  }
}

/** every reference of the niche, one after another (they share the runner with nothing else) */
export async function evaluateReferences(d: ReferenceDeps, niche: Niche, scenarios: Scenario[], signal: AbortSignal): Promise<ReferenceFigures[]> {
  const out: ReferenceFigures[] = [];
  for (const ref of referencesOf(niche.id)) out.push(await evaluateReference(d, niche, ref, scenarios, signal));
  return out;
}

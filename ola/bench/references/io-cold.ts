// issue #11's io.coalesce throughput goal: the evolved best's plans on the held-out scenarios,
// taken from its runs in the sandbox, performed on files whose page cache was dropped, against
// the naive plan (and the offline sort-merge for comparison) on the same files in the same run.
import type { Niche, RegistryStore, SandboxRunner } from '../../core/contracts.ts';
import { stageLimits } from '../../core/ladder.ts';
import { coldThroughput, type ColdFigures } from '../../niches/io.coalesce/cold.ts';
import { checkPlan, type Plan } from '../../niches/io.coalesce/plan-check.ts';
import type { IoScenario } from '../../niches/io.coalesce/scenarios.ts';
import { runAtStage } from '../../promotion/run-at-stage.ts';
import type { TokenService } from '../../promotion/tokens.ts';
import { AstValidator } from '../../validate/validator.ts';
import { loadRunnable } from '../../validate/runnable.ts';
import { bestGapPlan, naivePlan } from './io-plans.ts';

export interface ColdResult {
  best?: ColdFigures;
  reference?: ColdFigures;
  /** why the best's figure is missing */
  why?: string;
}

/** the artifact's checked plan per scenario, from one sandbox run each */
async function plansOf(d: { store: RegistryStore; runner: SandboxRunner; tokens: TokenService }, niche: Niche, artifactId: string, scenarios: IoScenario[]): Promise<Map<string, Plan>> {
  const a = await d.store.artifact(artifactId);
  if (!a) throw new Error(`no artifact ${artifactId}`);
  const runnable = await loadRunnable({ store: d.store, validator: new AstValidator() }, a, niche);
  const { runs } = await runAtStage(d, runnable, niche, scenarios, { from: 'proposed', limits: stageLimits(niche, d.runner.stage) }, new AbortController().signal);
  const plans = new Map<string, Plan>();
  scenarios.forEach((s, i) => {
    const r = runs[i];
    const checked = r?.ok ? checkPlan(s.input, r.output) : { ok: false as const, reason: r?.error?.message ?? 'no run' };
    if (!checked.ok) throw new Error(`its plan for ${s.id} does not hold: ${checked.reason}`);
    plans.set(s.id, checked.plan);
  });
  return plans;
}

export async function coldFigures(d: { store: RegistryStore; runner: SandboxRunner; tokens: TokenService }, niche: Niche, scenarios: IoScenario[], bestId: string | undefined): Promise<ColdResult> {
  const naive = (s: IoScenario) => naivePlan(s.input);
  const out: ColdResult = {};
  try {
    out.reference = coldThroughput(scenarios, (s) => bestGapPlan(s.input, niche.judge.utility).plan, naive);
  } catch (err) {
    out.why = (err as Error).message;
    return out;
  }
  if (!bestId) return { ...out, why: 'the run has no best artifact' };
  try {
    const plans = await plansOf(d, niche, bestId, scenarios);
    out.best = coldThroughput(scenarios, (s) => plans.get(s.id)!, naive);
  } catch (err) {
    out.why = (err as Error).message;
  }
  return out;
}

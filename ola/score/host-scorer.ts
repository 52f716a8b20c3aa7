// scoring runs on the host, never inside the artifact: the niche judges each run,
// this folds them into {utility, stability, efficiency} plus raw metrics.
import type { Niche, RunLimits, RunResult, Scenario, Score, Scorer, ScenarioScore } from '../core/contracts.ts';
import type { ErrorCode } from '../core/errors.ts';
import { median } from '../niches/shared/stats.ts';
import { scenariosHash } from './scenario-hash.ts';

export class HostScorer implements Scorer {
  score(niche: Niche, scenarios: Scenario[], results: RunResult[], limits: RunLimits): Score {
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    const scored: ScenarioScore[] = results.map((r) => {
      const scenario = byId.get(r.scenarioId);
      if (!scenario) return { scenarioId: r.scenarioId, ok: false, reason: 'no such scenario', metrics: {} };
      if (!r.ok) return { scenarioId: r.scenarioId, ok: false, reason: `${r.error?.code}: ${r.error?.message}`, metrics: {} };
      try {
        return badOutput(niche.judge.judge(scenario, r.output, { cpuMs: r.cpuMs, wallMs: r.wallMs }));
      } catch (err) {
        // a judge must never fall over on hostile output; if it does, the run fails
        return badOutput({ scenarioId: r.scenarioId, ok: false, reason: `judge rejected the output: ${(err as Error).message}`, metrics: {} });
      }
    });
    const ok = scored.filter((s) => s.ok);
    const crashes = scored.length - ok.length;
    const metrics = finite(ok.length > 0 ? niche.judge.aggregate(ok) : {});
    const cpu = results.length > 0 ? median(results.map((r) => r.cpuMs)) : 0;
    const heapMb = Math.max(0, ...results.map((r) => r.heapBytes)) / (1 << 20);
    if (results.length > 0) Object.assign(metrics, { cpu_ms_p50: cpu, heap_mb_max: heapMb });
    const efficiency = results.length > 0 ? clamp01(1 - Math.max(cpu / limits.cpuMs, heapMb / limits.memoryMb)) : 0;
    const utility = ok.length > 0 ? clamp01(niche.judge.utility(metrics)) : 0;
    return {
      utility,
      stability: scored.length === 0 ? 0 : ok.length / scored.length,
      efficiency,
      crashes,
      runs: scored.length,
      metrics,
      labels: ok[0]?.labels ?? {},
      scenarios: scored,
      harnessHash: niche.harnessHash,
      scenariosHash: scenariosHash(scenarios),
    };
  }
}

/** the artifact ran to its end, so a judge's refusal is about its output: say so with the code */
function badOutput(s: ScenarioScore): ScenarioScore {
  if (s.ok || s.reason?.startsWith('OLA_ERR_')) return s;
  const code: ErrorCode = 'OLA_ERR_BAD_OUTPUT';
  return { ...s, reason: `${code}: ${s.reason ?? 'the niche refused the output'}` };
}

/** json has no nan or infinity: a metric that is not finite is left out */
function finite(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

// what the day-1 parts share: the niche catalog, a runner, and the artifact to run for
// each niche (the best registered one, else the baseline).
import type { Niche, RegistryStore, RunResult, SandboxRunner, Scenario } from '../../core/contracts.ts';
import type { NicheCatalog } from '../../niches/catalog.ts';
import { runAtStage } from '../../promotion/run-at-stage.ts';
import type { TokenService } from '../../promotion/tokens.ts';
import { loadRunnable } from '../../validate/runnable.ts';
import { AstValidator } from '../../validate/validator.ts';
import type { PartArtifact } from './types.ts';

export interface Day1Context {
  catalog: NicheCatalog;
  runner: SandboxRunner;
  tokens: TokenService;
  /** the registry to read best artifacts from (absent on a lab never started) */
  store?: RegistryStore;
  storageDir: string;
  quick: boolean;
  signal: AbortSignal;
}

export interface Prepared {
  niche: Niche;
  artifact: PartArtifact;
  run(scenarios: Scenario[]): Promise<RunResult[]>;
}

const validator = new AstValidator();

export async function prepare(ctx: Day1Context, nicheId: string): Promise<Prepared> {
  const niche = ctx.catalog.get(nicheId);
  if (!niche) throw new Error(`the lab has no niche ${nicheId}`);
  const best = await ctx.store?.best(nicheId);
  if (best && ctx.store) {
    const r = await loadRunnable({ store: ctx.store, validator }, best, niche);
    return prepared(ctx, niche, { id: best.id, sha256: r.sha256, origin: 'registry' }, r.script);
  }
  const v = await validator.validate({ source: niche.baseline, language: 'js', requiredExports: niche.requiredExports });
  if (!v.ok) throw new Error(`the baseline of ${nicheId} does not validate: ${v.rejections[0]?.message}`);
  return prepared(ctx, niche, { id: `baseline:${nicheId}`, sha256: v.value.sha256, origin: 'baseline' }, v.value.script);
}

function prepared(ctx: Day1Context, niche: Niche, artifact: PartArtifact, script: string): Prepared {
  return {
    niche,
    artifact,
    async run(scenarios) {
      // the benchmark holds its own short-lived admission for each run
      const { runs } = await runAtStage(ctx, { id: artifact.id, sha256: artifact.sha256, script }, niche, scenarios, { from: 'proposed', limits: niche.limits }, ctx.signal);
      return runs;
    },
  };
}

/** the failure of a run, as text, or undefined */
export function failure(r: RunResult | undefined): string | undefined {
  if (!r) return 'no result';
  return r.ok ? undefined : `${r.error?.code}: ${r.error?.message}`;
}

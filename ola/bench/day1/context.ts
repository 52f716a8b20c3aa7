// what the day-1 parts share: the niche catalog, a runner, and the artifact to run for
// each niche (the best registered one, else the baseline).
import type { Niche, RegistryStore, RunResult, Scenario } from '../../core/contracts.ts';
import type { NicheCatalog } from '../../niches/catalog.ts';
import type { TokenService } from '../../promotion/tokens.ts';
import type { IsolateRunner } from '../../sandbox/isolate-runner.ts';
import { AstValidator } from '../../validate/validator.ts';
import type { PartArtifact } from './types.ts';

export interface Day1Context {
  catalog: NicheCatalog;
  runner: IsolateRunner;
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
  const source = best ? await ctx.store!.getSource(best.sha256) : undefined;
  const code = source ?? niche.baseline;
  const v = await validator.validate({ source: code, language: 'js', requiredExports: niche.requiredExports });
  if (!v.ok && best && source) {
    // a ts artifact is stored as submitted: validate it as ts
    const t = await validator.validate({ source: code, language: 'ts', requiredExports: niche.requiredExports });
    if (t.ok) return prepared(ctx, niche, { id: best.id, sha256: t.value.sha256, origin: 'registry' }, t.value.script);
  }
  if (!v.ok) throw new Error(`artifact for ${nicheId} does not validate: ${v.rejections[0]?.message}`);
  const artifact: PartArtifact = best && source ? { id: best.id, sha256: v.value.sha256, origin: 'registry' } : { id: `baseline:${nicheId}`, sha256: v.value.sha256, origin: 'baseline' };
  return prepared(ctx, niche, artifact, v.value.script);
}

function prepared(ctx: Day1Context, niche: Niche, artifact: PartArtifact, script: string): Prepared {
  return {
    niche,
    artifact,
    async run(scenarios) {
      // the benchmark holds its own short-lived admission to the isolate stage
      const { token } = await ctx.tokens.issue({ artifactId: artifact.id, sha256: artifact.sha256, from: 'proposed', to: 'isolate', ttlSeconds: 900 });
      return ctx.runner.run(
        {
          artifactId: artifact.id,
          sha256: artifact.sha256,
          script,
          driver: niche.driver,
          inputs: scenarios.map((s) => ({ scenarioId: s.id, input: s.input })),
          limits: niche.limits,
          token,
        },
        ctx.signal,
      );
    },
  };
}

/** the failure of a run, as text, or undefined */
export function failure(r: RunResult | undefined): string | undefined {
  if (!r) return 'no result';
  return r.ok ? undefined : `${r.error?.code}: ${r.error?.message}`;
}

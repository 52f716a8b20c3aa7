// the one way to run an artifact on a rung: a token for this very job (given, or minted for
// it), the job built from the niche, the runner's verdicts back. tokens are single-use.
import type { Niche, RunLimits, RunResult, SandboxJob, SandboxRunner, Scenario } from '../core/contracts.ts';
import type { FromStage } from '../core/vocabulary.ts';
import { scenariosHash } from '../score/scenario-hash.ts';
import { stageLimits } from '../core/ladder.ts';
import type { IssuedToken, TokenService } from './tokens.ts';

export interface RunnableArtifact {
  id: string;
  sha256: string;
  /** the validated module as a script (ValidatedSource.script) */
  script: string;
}

export interface StageRunOptions {
  /** the stage the artifact comes from, for a minted token */
  from: FromStage;
  /** a token issued earlier (the gate's); otherwise one is minted for this job */
  token?: IssuedToken;
  ttlSeconds?: number;
  limits?: RunLimits;
  /** scenario inputs never change: let the runner ship each once per host */
  cacheInputs?: boolean;
  /** where runs queue: people's proposals before evolution's children */
  priority?: SandboxJob['priority'];
  /** only the judge reads the outputs: the niche's lean inputs, if it has them (Niche.leanInput) */
  lean?: boolean;
}

/** short: a minted token is spent by the job it was minted for */
const JOB_TOKEN_TTL_S = 600;

export async function runAtStage(
  d: { runner: SandboxRunner; tokens: TokenService },
  artifact: RunnableArtifact,
  niche: Pick<Niche, 'driver' | 'limits' | 'stageLimits' | 'device' | 'leanInput'>,
  scenarios: Scenario[],
  o: StageRunOptions,
  signal: AbortSignal,
): Promise<{ runs: RunResult[]; token: IssuedToken }> {
  const stage = d.runner.stage;
  const token =
    o.token ?? (await d.tokens.issue({ artifactId: artifact.id, sha256: artifact.sha256, from: o.from, to: stage, ttlSeconds: o.ttlSeconds ?? JOB_TOKEN_TTL_S }));
  const hash = o.cacheInputs ? scenariosHash(scenarios) : undefined;
  const lean = o.lean && niche.leanInput ? niche.leanInput.bind(niche) : undefined;
  // a lean input is another input: it is cached under a key of its own
  const input = (s: Scenario) => ({ input: lean ? lean(s.input) : s.input, ...(hash ? { cacheKey: `${hash}:${s.id}${lean ? ':lean' : ''}` } : {}) });
  const runs = await d.runner.run(
    {
      artifactId: artifact.id,
      sha256: artifact.sha256,
      script: artifact.script,
      driver: niche.driver,
      inputs: scenarios.map((s) => ({ scenarioId: s.id, ...input(s) })),
      limits: o.limits ?? stageLimits(niche, stage),
      token: token.token,
      ...(niche.device ? { device: niche.device } : {}),
      ...(o.priority ? { priority: o.priority } : {}),
    },
    signal,
  );
  return { runs, token };
}

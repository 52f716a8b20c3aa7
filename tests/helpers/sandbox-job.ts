// builds a sandbox job from artifact source, skipping the validator so hostile code reaches the sandbox.
import type { RunLimits, SandboxJob } from '../../ola/core/contracts.ts';
import type { Stage } from '../../ola/core/vocabulary.ts';
import { sha256Hex } from '../../ola/registry/chain.ts';
import type { TokenService } from '../../ola/promotion/tokens.ts';
import { toScript } from '../../ola/validate/validator.ts';

export const TEST_LIMITS: RunLimits = { memoryMb: 32, cpuMs: 500, wallMs: 1000, maxOutputBytes: 64 * 1024 };

/** driver used by sandbox tests: calls the artifact's `run(input)` */
export const CALL_RUN = 'function drive(a, input) { return a.run(input); }';

export async function sandboxJob(
  tokens: TokenService,
  source: string,
  inputs: unknown[],
  opts: { limits?: Partial<RunLimits>; driver?: string; artifactId?: string; stage?: Stage; ttlSeconds?: number } = {},
): Promise<SandboxJob> {
  const script = await toScript(source);
  const sha256 = sha256Hex(source);
  const artifactId = opts.artifactId ?? `a_${sha256.slice(0, 12)}`;
  const { token } = await tokens.issue({ artifactId, sha256, from: 'proposed', to: opts.stage ?? 'isolate', ttlSeconds: opts.ttlSeconds ?? 60 });
  return {
    artifactId,
    sha256,
    script,
    driver: opts.driver ?? CALL_RUN,
    inputs: inputs.map((input, i) => ({ scenarioId: `s${i}`, input })),
    limits: { ...TEST_LIMITS, ...opts.limits },
    token,
  };
}

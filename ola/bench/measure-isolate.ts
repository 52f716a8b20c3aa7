// isolate runs per second: many small runs through the real runner (child processes,
// fresh context each), against a reference of fresh contexts with nothing run in them.
import ivm from 'isolated-vm';
import type { SandboxJob } from '../core/contracts.ts';
import type { IsolateRunner } from '../sandbox/isolate-runner.ts';
import type { TokenService } from '../promotion/tokens.ts';
import { sha256Hex } from '../registry/chain.ts';
import { toScript } from '../validate/validator.ts';

const TRIVIAL = 'export function run(x) { return x + 1; }';

export async function trivialJob(tokens: TokenService, runsPerJob: number): Promise<SandboxJob> {
  const sha256 = sha256Hex(TRIVIAL);
  const artifactId = 'a_BENCHTRIVIAL';
  const { token } = await tokens.issue({ artifactId, sha256, from: 'proposed', to: 'isolate', ttlSeconds: 3600 });
  return {
    artifactId,
    sha256,
    token,
    script: await toScript(TRIVIAL),
    driver: 'function drive(a, input) { return a.run(input); }',
    inputs: Array.from({ length: runsPerJob }, (_, i) => ({ scenarioId: `s${i}`, input: i })),
    limits: { memoryMb: 64, cpuMs: 1000, wallMs: 2000, maxOutputBytes: 1024 },
  };
}

/** runs jobs on every worker at once for about `seconds`; returns runs per second */
export async function isolateRunsPerSecond(runner: IsolateRunner, job: SandboxJob, parallel: number, seconds: number): Promise<number> {
  const signal = new AbortController().signal;
  const deadline = performance.now() + seconds * 1000;
  let runs = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        const results = await runner.run(job, signal);
        if (!results.every((r) => r.ok)) throw new Error(`bench run failed: ${JSON.stringify(results.find((r) => !r.ok))}`);
        runs += results.length;
      }
    }),
  );
  return runs / ((performance.now() - t0) / 1000);
}

/** reference: creating and releasing bare contexts in this process, one core */
export function bareContextsPerSecond(seconds: number): number {
  let iso = new ivm.Isolate({ memoryLimit: 64 });
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline) {
    if (n % 256 === 255) {
      iso.dispose();
      iso = new ivm.Isolate({ memoryLimit: 64 });
    }
    iso.createContextSync().release();
    n++;
  }
  iso.dispose();
  return n / ((performance.now() - t0) / 1000);
}

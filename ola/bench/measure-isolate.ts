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

/** runs jobs on every worker at once for about `seconds`; returns runs per second. tokens are
 * single use: each job gets its own, signed before the clock starts */
export async function isolateRunsPerSecond(runner: IsolateRunner, tokens: TokenService, job: SandboxJob, parallel: number, seconds: number): Promise<number> {
  const signal = new AbortController().signal;
  const fresh: string[] = [];
  const mint = async (n: number) => {
    for (let i = 0; i < n; i++) fresh.push((await tokens.issue({ artifactId: job.artifactId, sha256: job.sha256, from: 'proposed', to: 'isolate', ttlSeconds: 3600 })).token);
  };
  // a generous stock; more are signed on the way if it runs out (counted in the time, a few per second)
  await mint(Math.max(parallel * 4, Math.ceil(seconds * 100)));
  const deadline = performance.now() + seconds * 1000;
  let runs = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        if (fresh.length === 0) await mint(parallel);
        const results = await runner.run({ ...job, token: fresh.pop()! }, signal);
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

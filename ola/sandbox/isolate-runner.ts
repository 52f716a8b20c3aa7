// stage 1 of the ladder: a fresh v8 context per run in an isolate hosted by a child process.
import type { RunResult, SandboxJob, SandboxRunner } from '../core/contracts.ts';
import type { TokenService } from '../promotion/tokens.ts';
import { ChildPool } from './child-pool.ts';

export class IsolateRunner implements SandboxRunner {
  readonly stage = 'isolate' as const;
  private readonly pool: ChildPool;

  constructor(
    private readonly tokens: TokenService,
    opts: { workers: number; graceMs: number },
  ) {
    this.pool = new ChildPool({ size: opts.workers, graceMs: opts.graceMs });
  }

  async probe(): Promise<{ available: boolean; reason?: string }> {
    try {
      await import('isolated-vm');
      return { available: true };
    } catch (err) {
      return { available: false, reason: `isolated-vm does not load: ${(err as Error).message}` };
    }
  }

  /** children started so far (a kill restarts one) */
  get spawned(): number {
    return this.pool.spawned;
  }

  pids(): number[] {
    return this.pool.pids();
  }

  async run(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    await this.tokens.require(job.token, { stage: 'isolate', artifactId: job.artifactId, sha256: job.sha256 });
    const { sha256, script, driver, inputs, limits } = job;
    return this.pool.run({ sha256, script, driver, inputs, limits }, signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

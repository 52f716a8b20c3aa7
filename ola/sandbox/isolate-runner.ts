// stage 1 of the ladder: a fresh v8 context per run in an isolate hosted by a child process.
import type { RunResult, SandboxJob, StageProbe } from '../core/contracts.ts';
import { ChildPool } from './child-pool.ts';
import { StageRunner, type TokenGuard } from './runner.ts';

export class IsolateRunner extends StageRunner {
  readonly stage = 'isolate' as const;
  private readonly pool: ChildPool;

  constructor(guard: TokenGuard, opts: { workers: number; graceMs: number }) {
    super(guard);
    this.pool = new ChildPool({ size: opts.workers, graceMs: opts.graceMs });
  }

  protected async check(): Promise<StageProbe> {
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

  protected execute(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    const { sha256, script, driver, inputs, limits } = job;
    return this.pool.run({ sha256, script, driver, inputs, limits }, signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

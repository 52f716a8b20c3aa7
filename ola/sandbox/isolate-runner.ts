// stage 1 of the ladder: a fresh v8 context per run in an isolate hosted by a child process.
import type { RunResult, SandboxJob, StageProbe } from '../core/contracts.ts';
import { ChildPool, isolateHostLauncher } from './child-pool.ts';
import { StageRunner, type TokenGuard } from './runner.ts';

export class IsolateRunner extends StageRunner {
  readonly stage = 'isolate' as const;
  private readonly pool: ChildPool;

  /** hostDir: where the bundled host is kept (the lab's storage); default a per-user temp folder */
  constructor(guard: TokenGuard, opts: { workers: number; graceMs: number; hostDir?: string }) {
    super(guard);
    this.pool = new ChildPool({ size: opts.workers, graceMs: opts.graceMs, launch: isolateHostLauncher(opts.hostDir) });
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

// stage 2 of the ladder: each job in a process of its own under bubblewrap (see launch.ts),
// running the same isolate host as stage 1, so the artifact still gets a fresh v8 context
// inside (defence in depth). a pool keeps jailed processes started ahead of jobs; none ever
// runs a second job.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RunResult, SandboxJob, StageProbe } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { jobCpuSeconds } from '../../core/ladder.ts';
import { STARVED_TRIES } from '../starved.ts';
import { ChildPool, type LaunchedChild } from '../child-pool.ts';
import { namespaceWall } from '../in-container.ts';
import { StageRunner, type TokenGuard } from '../runner.ts';
import { cgroupParents } from './cgroups.ts';
import { IN_JAIL, jailFiles, type JailFiles } from './jail-files.ts';
import { CpuLimiter } from './cpu-limiter.ts';
import { asJailUid, JAIL_LIMITS, launchJailed, type JailLimits } from './launch.ts';

const run = promisify(execFile);

/** node flags inside the jail: small heaps, and isolated-vm needs no startup snapshot */
/** jobs one jail process may run (all of the same artifact) before it is replaced */
const JOBS_PER_JAIL = 64;

export const JAIL_NODE_FLAGS = ['--no-node-snapshot', '--max-old-space-size=128', '--max-semi-space-size=8'];

export class JailRunner extends StageRunner {
  readonly stage = 'jail' as const;
  private readonly pool: ChildPool;
  private readonly limits: JailLimits;
  private files?: JailFiles;
  /** sets each job's cpu limit without starting a process a job */
  private limiter?: CpuLimiter;

  constructor(guard: TokenGuard, opts: { workers: number; graceMs: number; limits?: Partial<JailLimits> }) {
    super(guard);
    this.limits = { ...JAIL_LIMITS, ...opts.limits };
    // a jail process runs one artifact (its public and held-out jobs), never a second one
    this.pool = new ChildPool({ size: opts.workers, graceMs: opts.graceMs, launch: () => this.launch(), jobsPerChild: JOBS_PER_JAIL, sameArtifact: { idleMs: 1000 }, warm: true });
  }

  private launch(): LaunchedChild {
    this.limiter ??= new CpuLimiter(asJailUid(this.files!.limiter, []));
    const j = launchJailed(this.files!, this.limits, [...JAIL_NODE_FLAGS, IN_JAIL.host], { ipc: true, limiter: this.limiter });
    return {
      proc: j.proc,
      kill: () => j.kill(),
      // the job's cpu seconds count from now, not from the process's start-up; a run the load
      // starved is tried again (starved.ts), and its earlier tries spent cpu too
      beforeJob: (job) => j.limitCpuFromNow(jobCpuSeconds('jail', job.limits, job.inputs.length + STARVED_TRIES - 1)),
      explain: (code, signal) => j.explain(code, signal),
      cleanup: () => j.cgroup.remove(),
    };
  }


  /** every part the jail needs, then a bounded test boot of a jailed node */
  protected async check(): Promise<StageProbe> {
    // inside compose's container no namespace can be made: say that, not which tool is missing
    const walled = await namespaceWall();
    if (walled) return { available: false, reason: walled };
    for (const tool of ['bwrap', 'prlimit', ...(process.getuid?.() === 0 ? ['setpriv'] : [])]) {
      try {
        await run('sh', ['-c', `command -v ${tool}`]);
      } catch {
        const pkg = tool === 'bwrap' ? 'bubblewrap' : 'util-linux';
        return { available: false, reason: `${tool} is not installed (Debian package ${pkg})` };
      }
    }
    try {
      cgroupParents();
    } catch (err) {
      return { available: false, reason: `no writable memory and pids cgroup for the jail's 512 MB bound: ${(err as Error).message}` };
    }
    try {
      this.files = await jailFiles();
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
    const boot = await this.testBoot();
    if (boot) return { available: false, reason: `a jailed node does not start: ${boot}` };
    const { stdout } = await run('bwrap', ['--version']).catch(() => ({ stdout: 'bubblewrap' }));
    return { available: true, detail: { sandbox: stdout.trim(), seccomp: 'seccomp/jail.policy', memoryMb: this.limits.memoryMb } };
  }

  private testBoot(): Promise<string | undefined> {
    return new Promise((resolve) => {
      const j = launchJailed(this.files!, this.limits, ['-e', 'process.exit(0)'], { ipc: false });
      const timer = setTimeout(() => j.kill(), 10_000);
      j.proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        j.cgroup.remove();
        resolve(code === 0 ? undefined : (j.explain(code, signal)?.message ?? `exit ${code}`));
      });
    });
  }

  protected async execute(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    const ready = await this.probe();
    if (!ready.available) throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', `the jail stage is unavailable: ${ready.reason}`);
    const { sha256, script, driver, inputs, limits } = job;
    return this.pool.run({ sha256, script, driver, inputs, limits }, signal);
  }

  /** host pids of the jails (the bwrap process of each) */
  pids(): number[] {
    return this.pool.pids();
  }

  /** children started so far */
  get spawned(): number {
    return this.pool.spawned;
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.limiter?.close();
  }
}

// stage 3 of the ladder: each job in a docker container of its own (gvisor runsc when the
// engine has it, else runc with seccomp/seccomp.json), running the same isolate host as the
// stages below, so the artifact still gets a fresh v8 context inside. a pool keeps containers
// started ahead of jobs; none ever runs a second job, and a timeout kills and removes it.
import type Docker from 'dockerode';
import type { RunResult, SandboxJob, StageProbe } from '../../core/contracts.ts';
import { OlaError } from '../../core/errors.ts';
import { ChildPool, type LaunchedChild } from '../child-pool.ts';
import { StageRunner, type TokenGuard } from '../runner.ts';
import { jailFiles } from '../jail/jail-files.ts';
import { connect, DOCKER_SOCKET, engineState, type ContainerRuntime } from './engine.ts';
import { ensureImage } from './image.ts';
import { launchContainer, type LaunchedContainer } from './launch.ts';
import { seccompProfile } from './seccomp-profile.ts';
import { bootCheck, removeOrphans } from './housekeeping.ts';
import { CONTAINER_LIMITS, containerSpec, type ContainerLimits } from './spec.ts';

export interface ContainerRunnerOptions {
  workers: number;
  graceMs: number;
  /** 'auto': runsc when registered, else runc */
  runtime?: ContainerRuntime | 'auto';
  limits?: Partial<ContainerLimits>;
  socketPath?: string;
  /** a container that has not said ready by then is killed */
  readyTimeoutMs?: number;
}

/** what a successful probe settled on */
interface Ready {
  image: string;
  runtime: ContainerRuntime;
  seccomp: string;
}

let counter = 0;

export class ContainerRunner extends StageRunner {
  readonly stage = 'container' as const;
  private readonly docker: Docker;
  private readonly pool: ChildPool;
  private readonly limits: ContainerLimits;
  private readonly live = new Map<string, LaunchedContainer>();
  private ready?: Ready;

  constructor(
    guard: TokenGuard,
    private readonly opts: ContainerRunnerOptions,
  ) {
    super(guard);
    this.limits = { ...CONTAINER_LIMITS, ...opts.limits };
    this.docker = connect(opts.socketPath);
    // a container runs one artifact (its public and held-out jobs), never a second one
    this.pool = new ChildPool({ size: opts.workers, graceMs: opts.graceMs, launch: () => this.launch(), jobsPerChild: 16, sameArtifact: { idleMs: 1000 }, warm: true });
  }

  private launch(): LaunchedChild {
    const { image, runtime, seccomp } = this.ready!;
    const name = `organic-os-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const spec = containerSpec({ name, image, runtime, seccomp, limits: this.limits, owner: process.pid });
    const c = launchContainer(this.docker, spec, { readyTimeoutMs: this.opts.readyTimeoutMs ?? 30_000, limits: this.limits });
    this.live.set(name, c);
    return {
      ...c,
      cleanup: () => {
        c.cleanup?.();
        this.live.delete(name);
      },
    };
  }


  protected async check(): Promise<StageProbe> {
    const socket = this.opts.socketPath ?? DOCKER_SOCKET;
    const engine = await engineState(this.docker, socket, this.opts.runtime ?? 'auto');
    if (!engine.ok) return { available: false, reason: engine.reason };
    let image: string;
    try {
      image = (await ensureImage(this.docker, await jailFiles())).tag;
    } catch (err) {
      return { available: false, reason: `the sandbox image cannot be built: ${(err as Error).message}` };
    }
    await removeOrphans(this.docker);
    const detail: Record<string, string | number | boolean> = { engine: engine.version, image, memoryMb: this.limits.memoryMb };
    // runsc first when offered; a runsc that cannot boot the host falls back to runc, and says so
    const order: ContainerRuntime[] = engine.runtime === 'runsc' && (this.opts.runtime ?? 'auto') === 'auto' ? ['runsc', 'runc'] : [engine.runtime];
    if (!engine.runtimes.includes('runsc')) detail.note = 'runsc (gvisor) is not registered in the engine: runs with runc and seccomp/seccomp.json';
    for (const runtime of order) {
      let seccomp: string;
      try {
        seccomp = seccompProfile(runtime);
      } catch (err) {
        return { available: false, reason: `seccomp/seccomp.json cannot be read: ${(err as Error).message}` };
      }
      const spec = containerSpec({ name: `organic-os-probe-${process.pid}-${++counter}`, image, runtime, seccomp, limits: this.limits, owner: process.pid });
      const failed = await bootCheck(this.docker, spec, this.limits);
      if (!failed) {
        this.ready = { image, runtime, seccomp };
        return { available: true, detail: { ...detail, runtime, seccomp: seccompNote(runtime, engine.runscSeccomp) } };
      }
      detail[`${runtime}Failed`] = failed;
      if (runtime === 'runsc') detail.note = `runsc could not start the host (${failed}): runs with runc and seccomp/seccomp.json`;
    }
    return { available: false, reason: `a sandbox container does not start: ${Object.entries(detail).filter(([k]) => k.endsWith('Failed')).map(([k, v]) => `${k.replace('Failed', '')}: ${v}`).join('; ')}` };
  }

  protected async execute(job: SandboxJob, signal: AbortSignal): Promise<RunResult[]> {
    const ready = await this.probe();
    if (!ready.available) throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', `the container stage is unavailable: ${ready.reason}`);
    // an engine that went away since the probe is the host's failure, not the artifact's
    const gone = await this.engineGone();
    if (gone) {
      this.forgetProbe();
      throw new OlaError('OLA_ERR_STAGE_UNAVAILABLE', `the container stage is unavailable: ${gone}`);
    }
    const { sha256, script, driver, inputs, limits } = job;
    return this.pool.run({ sha256, script, driver, inputs, limits }, signal);
  }

  /** why the engine does not answer a ping (bounded), or undefined when it does */
  private async engineGone(timeoutMs = 3000): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((r) => (timer = setTimeout(() => r(`the docker engine stopped answering (no ping within ${timeoutMs} ms)`), timeoutMs)));
    const ping = this.docker.ping().then(
      () => undefined,
      (err: Error) => `the docker engine stopped answering: ${err.message}`,
    );
    return Promise.race([ping, late]).finally(() => clearTimeout(timer));
  }

  /** names of the containers this runner has started and not yet removed */
  containers(): string[] {
    return [...this.live.keys()];
  }

  /** the runtime jobs run with, once probed */
  get runtime(): ContainerRuntime | undefined {
    return this.ready?.runtime;
  }

  get spawned(): number {
    return this.pool.spawned;
  }

  async close(): Promise<void> {
    await this.pool.close();
    // the pool killed its own; one it no longer held (or never did) goes too, so each exits
    for (const c of this.live.values()) c.kill();
    await Promise.all([...this.live.values()].map((c) => c.removed()));
  }

  closing(): string {
    const live = [...this.live.values()];
    return live.length ? live.map((c) => c.state()).join(', ') : 'no container left; the pool is closing';
  }
}

/** where seccomp/seccomp.json holds: runc gives it to the host kernel; runsc enforces it in
 * gvisor's kernel only when registered with --oci-seccomp (docker/start-dockerd.sh does) */
function seccompNote(runtime: ContainerRuntime, runscSeccomp: boolean): string {
  if (runtime === 'runc') return 'seccomp/seccomp.json (host kernel)';
  return runscSeccomp ? 'seccomp/seccomp.json inside gvisor (--oci-seccomp), gvisor between it and the host kernel' : 'gvisor only: runsc is registered without --oci-seccomp, so seccomp/seccomp.json is ignored';
}

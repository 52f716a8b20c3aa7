// the docker engine as the container stage sees it: is there one, does it answer, which
// runtime it offers. gvisor's runsc when registered (a user-space kernel between the artifact
// and the host), else runc with seccomp/seccomp.json.
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { socketWall } from '../in-container.ts';

export type ContainerRuntime = 'runsc' | 'runc';

export const DOCKER_SOCKET = process.env.DOCKER_SOCKET ?? '/var/run/docker.sock';

export type EngineState =
  | {
      ok: true;
      version: string;
      runtimes: string[];
      runtime: ContainerRuntime;
      /** runsc was registered with --oci-seccomp: the profile holds inside gvisor too */
      runscSeccomp: boolean;
    }
  | { ok: false; reason: string };

export function connect(socketPath = DOCKER_SOCKET): Docker {
  return new Docker({ socketPath, timeout: 60_000 });
}

/** runsc when the engine has it registered (and it is not refused), else runc */
export function chooseRuntime(runtimes: readonly string[], prefer: ContainerRuntime | 'auto' = 'auto'): ContainerRuntime | undefined {
  if (prefer !== 'auto') return runtimes.includes(prefer) ? prefer : undefined;
  if (runtimes.includes('runsc')) return 'runsc';
  return runtimes.includes('runc') ? 'runc' : undefined;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** asks the engine, bounded; the reason names what is missing */
export async function engineState(docker: Docker, socketPath = DOCKER_SOCKET, prefer: ContainerRuntime | 'auto' = 'auto', timeoutMs = 5000): Promise<EngineState> {
  if (!existsSync(socketPath)) {
    return { ok: false, reason: socketWall(socketPath) ?? `no docker engine: ${socketPath} does not exist (install Debian docker.io and run docker/start-dockerd.sh)` };
  }
  let info: { ServerVersion?: string; Runtimes?: Record<string, { runtimeArgs?: string[] }> };
  try {
    info = await withTimeout(docker.info() as Promise<typeof info>, timeoutMs, 'the docker engine');
  } catch (err) {
    return { ok: false, reason: `the docker engine is not answering on ${socketPath}: ${(err as Error).message}` };
  }
  const runtimes = Object.keys(info.Runtimes ?? {});
  const runtime = chooseRuntime(runtimes, prefer);
  if (!runtime) return { ok: false, reason: `the docker engine offers no usable runtime (${prefer === 'auto' ? 'runsc or runc' : prefer} wanted, it has ${runtimes.join(', ') || 'none'})` };
  const runscSeccomp = info.Runtimes?.runsc?.runtimeArgs?.includes('--oci-seccomp') ?? false;
  return { ok: true, version: info.ServerVersion ?? 'unknown', runtimes, runtime, runscSeccomp };
}

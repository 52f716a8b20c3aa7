// what one sandbox container is: the docker create options, as data. every wall the stage
// promises is here: no capabilities, read-only root, no new privileges, no network, pids,
// memory (no swap) and cpu bounds, a small noexec tmpfs, rlimits, the nobody user.
import type { ContainerCreateOptions } from 'dockerode';
import { LADDER } from '../../core/ladder.ts';
import { JAIL_NODE_FLAGS } from '../jail/jail-runner.ts';
import type { ContainerRuntime } from './engine.ts';
import { IN_IMAGE, LABEL } from './image.ts';

export interface ContainerLimits {
  /** memory of the whole container; swap is refused */
  memoryMb: number;
  /** tasks in the container (threads count) */
  pids: number;
  cpus: number;
  tmpfsMb: number;
  /** RLIMIT_FSIZE */
  fileSizeMb: number;
  /** RLIMIT_NOFILE */
  openFiles: number;
  /** RLIMIT_CPU over the container's life, start-up included: a backstop behind the job's wall timer */
  cpuSeconds: number;
}

export const CONTAINER_LIMITS: ContainerLimits = {
  memoryMb: LADDER.container.processMemoryMb,
  pids: 64,
  cpus: 1,
  tmpfsMb: 32,
  fileSizeMb: 32,
  openFiles: 64,
  cpuSeconds: 30,
};

export const NOBODY = '65534:65534';

/** the host's command inside the container */
export const HOST_CMD = [IN_IMAGE.node, ...JAIL_NODE_FLAGS, IN_IMAGE.entry, IN_IMAGE.host];

export interface SpecInput {
  name: string;
  image: string;
  runtime: ContainerRuntime;
  limits: ContainerLimits;
  /** the seccomp profile's json text (runc: the host kernel; runsc: gvisor with --oci-seccomp).
   * required: without it docker's default profile applies, which under runsc stops threads */
  seccomp: string;
  cmd?: string[];
  /** pid of the process that made it: left by a dead owner, it is removed (housekeeping.ts) */
  owner: number;
}

export function containerSpec(s: SpecInput): ContainerCreateOptions & { name: string } {
  const mb = (n: number) => n * 1024 * 1024;
  const ulimit = (Name: string, n: number) => ({ Name, Soft: n, Hard: n });
  return {
    name: s.name,
    Image: s.image,
    Cmd: s.cmd ?? HOST_CMD,
    Env: [],
    User: NOBODY,
    WorkingDir: '/tmp',
    Labels: { [LABEL]: '1', [`${LABEL}.stage`]: 'container', [`${LABEL}.owner`]: String(s.owner) },
    // stdin and stdout carry the protocol's frames
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: {
      Runtime: s.runtime,
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      ReadonlyRootfs: true,
      SecurityOpt: ['no-new-privileges', `seccomp=${s.seccomp}`],
      PidsLimit: s.limits.pids,
      Memory: mb(s.limits.memoryMb),
      MemorySwap: mb(s.limits.memoryMb),
      NanoCpus: Math.round(s.limits.cpus * 1e9),
      Tmpfs: { '/tmp': `rw,noexec,nosuid,nodev,size=${s.limits.tmpfsMb}m,mode=1777` },
      Ulimits: [ulimit('cpu', s.limits.cpuSeconds), ulimit('fsize', mb(s.limits.fileSizeMb)), ulimit('nofile', s.limits.openFiles), ulimit('core', 0)],
      // a private ipc namespace without /dev/shm: /tmp is the only writable place
      IpcMode: 'none',
      // frames must not be copied into a log file
      LogConfig: { Type: 'none', Config: {} },
      AutoRemove: false,
      Privileged: false,
    },
  };
}

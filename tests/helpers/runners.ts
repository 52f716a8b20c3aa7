// every rung's runner, built the same way for the runner conformance suite and the hostile
// corpus. a stage joins both by adding its entry here.
import type { SandboxRunner } from '../../ola/core/contracts.ts';
import type { Stage } from '../../ola/core/vocabulary.ts';
import { ContainerRunner } from '../../ola/sandbox/container/container-runner.ts';
import { connect } from '../../ola/sandbox/container/engine.ts';
import { IsolateRunner } from '../../ola/sandbox/isolate-runner.ts';
import { JailRunner } from '../../ola/sandbox/jail/jail-runner.ts';
import type { TokenGuard } from '../../ola/sandbox/runner.ts';
import { VmRunner } from '../../ola/sandbox/vm/vm-runner.ts';

export interface RunnerEntry {
  stage: Stage;
  make(guard: TokenGuard): SandboxRunner;
  /** kills the runner's sandboxed process(es) from outside, as a crash would */
  killChildren(runner: SandboxRunner): Promise<void>;
}

export const RUNNERS: RunnerEntry[] = [
  {
    stage: 'isolate',
    make: (guard) => new IsolateRunner(guard, { workers: 2, graceMs: 500 }),
    killChildren: async (r) => {
      for (const pid of (r as IsolateRunner).pids()) process.kill(pid, 'SIGKILL');
    },
  },
  {
    stage: 'jail',
    make: (guard) => new JailRunner(guard, { workers: 2, graceMs: 1000 }),
    killChildren: async (r) => {
      for (const pid of (r as JailRunner).pids()) process.kill(pid, 'SIGKILL');
    },
  },
  {
    stage: 'container',
    make: (guard) => new ContainerRunner(guard, { workers: 2, graceMs: 1000 }),
    // docker kill, as a crash inside the container would end it
    killChildren: async (r) => {
      const docker = connect();
      await Promise.all((r as ContainerRunner).containers().map((name) => docker.getContainer(name).kill().catch(() => undefined)));
    },
  },
  {
    stage: 'vm',
    make: (guard) => new VmRunner(guard, { graceMs: 2000 }),
    // the guest's qemu dies as a crashed host would; the runner boots a new guest
    killChildren: async (r) => {
      for (const pid of await (r as VmRunner).pids()) process.kill(pid, 'SIGKILL');
    },
  },
];

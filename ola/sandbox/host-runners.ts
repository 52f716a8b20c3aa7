// this host's runner for a rung, the same for the lab (in-process runs) and for `ola worker`.
import type { SandboxRunner } from '../core/contracts.ts';
import type { Config } from '../core/config.ts';
import type { Stage } from '../core/vocabulary.ts';
import { ContainerRunner } from './container/container-runner.ts';
import { IsolateRunner } from './isolate-runner.ts';
import { JailRunner } from './jail/jail-runner.ts';
import type { TokenGuard } from './runner.ts';
import { VmRunner } from './vm/vm-runner.ts';

/** the rungs a host can run jobs for (shadow and active are not sandbox runs) */
export const RUNNABLE_STAGES = ['isolate', 'jail', 'container', 'vm'] as const satisfies readonly Stage[];
export type RunnableStage = (typeof RUNNABLE_STAGES)[number];

export function hostRunner(stage: RunnableStage, guard: TokenGuard, config: Pick<Config, 'sandbox' | 'jail' | 'container' | 'vm'>): SandboxRunner {
  const { graceMs } = config.sandbox;
  switch (stage) {
    case 'isolate':
      return new IsolateRunner(guard, config.sandbox);
    case 'jail':
      return new JailRunner(guard, { workers: config.jail.workers, graceMs });
    case 'container':
      return new ContainerRunner(guard, { workers: config.container.workers, graceMs, runtime: config.container.runtime });
    case 'vm':
      return new VmRunner(guard, { graceMs, memoryMb: config.vm.memoryMb, accel: config.vm.accel === 'auto' ? undefined : config.vm.accel, cacheDir: config.vm.cacheDir });
  }
}

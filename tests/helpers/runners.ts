// every rung's runner, built the same way for the runner conformance suite and the hostile
// corpus. a stage joins both by adding its entry here.
import type { SandboxRunner } from '../../ola/core/contracts.ts';
import type { Stage } from '../../ola/core/vocabulary.ts';
import { ContainerRunner } from '../../ola/sandbox/container/container-runner.ts';
import { connect } from '../../ola/sandbox/container/engine.ts';
import { IsolateRunner } from '../../ola/sandbox/isolate-runner.ts';
import { JailRunner } from '../../ola/sandbox/jail/jail-runner.ts';
import { QueueRunner } from '../../ola/sandbox/queue/queue-runner.ts';
import { QueueWorker } from '../../ola/sandbox/queue/worker.ts';
import { SpentByLab, type TokenGuard } from '../../ola/sandbox/runner.ts';
import { VmRunner } from '../../ola/sandbox/vm/vm-runner.ts';
import { startRedisSync } from './redis-server.ts';

type Local = SandboxRunner & { pids?(): number[] | Promise<number[]>; containers?(): string[] };

/** a stage over the job queue: a lab-side QueueRunner, a worker in this process with the stage's own runner, a redis of its own */
/**
 * lockMs: how long a job's lock lasts between the worker's renewals; the isolate entry keeps it
 * short (a killed worker's job comes back soon), the heavier stages keep the worker's default, so
 * a renewal late on a machine busy with guests never makes a running job look stalled
 */
function queued(stage: 'isolate' | 'jail' | 'container' | 'vm', makeLocal: (guard: TokenGuard) => Local, lockMs = 10_000) {
  return (guard: TokenGuard): SandboxRunner & { local: Local } => {
    const redis = startRedisSync();
    const local = makeLocal(guard.withLedger(new SpentByLab()));
    const worker = new QueueWorker([local], { redisUrl: redis.socket, concurrency: 2, lockMs, name: `conformance-${stage}` });
    const started = worker.start();
    const lab = new QueueRunner(stage, guard, { redisUrl: redis.socket, pollMs: 200 });
    return {
      stage,
      local,
      probe: async () => (await started, lab.probe()),
      run: (job, signal) => lab.run(job, signal),
      async close() {
        await lab.close();
        await worker.close();
        redis.stop();
      },
    };
  };
}

/** kills a queued stage's sandboxed processes on the worker's side (the worker reports the crash back) */
async function killLocal(r: SandboxRunner): Promise<void> {
  const local = (r as SandboxRunner & { local: Local }).local;
  if (local.containers) {
    const docker = connect();
    await Promise.all(local.containers().map((name) => docker.getContainer(name).kill().catch(() => undefined)));
    return;
  }
  for (const pid of (await local.pids?.()) ?? []) process.kill(pid, 'SIGKILL');
}

export interface RunnerEntry {
  /** what the suites call it (the stage, unless the entry is another way to run it) */
  name: string;
  stage: Stage;
  make(guard: TokenGuard): SandboxRunner;
  /** kills the runner's sandboxed process(es) from outside, as a crash would */
  killChildren(runner: SandboxRunner): Promise<void>;
}

export const RUNNERS: RunnerEntry[] = [
  {
    name: 'isolate',
    stage: 'isolate',
    make: (guard) => new IsolateRunner(guard, { workers: 2, graceMs: 500 }),
    killChildren: async (r) => {
      for (const pid of (r as IsolateRunner).pids()) process.kill(pid, 'SIGKILL');
    },
  },
  {
    name: 'jail',
    stage: 'jail',
    make: (guard) => new JailRunner(guard, { workers: 2, graceMs: 1000 }),
    killChildren: async (r) => {
      for (const pid of (r as JailRunner).pids()) process.kill(pid, 'SIGKILL');
    },
  },
  {
    name: 'container',
    stage: 'container',
    make: (guard) => new ContainerRunner(guard, { workers: 2, graceMs: 1000 }),
    // docker kill, as a crash inside the container would end it
    killChildren: async (r) => {
      const docker = connect();
      await Promise.all((r as ContainerRunner).containers().map((name) => docker.getContainer(name).kill().catch(() => undefined)));
    },
  },
  {
    name: 'vm',
    stage: 'vm',
    make: (guard) => new VmRunner(guard, { graceMs: 2000 }),
    // the guest's qemu dies as a crashed host would; the runner boots a new guest
    killChildren: async (r) => {
      for (const pid of await (r as VmRunner).pids()) process.kill(pid, 'SIGKILL');
    },
  },
  {
    name: 'isolate on the job queue',
    stage: 'isolate',
    make: queued('isolate', (guard) => new IsolateRunner(guard, { workers: 2, graceMs: 500 }), 2000),
    killChildren: killLocal,
  },
  {
    name: 'jail on the job queue',
    stage: 'jail',
    make: queued('jail', (guard) => new JailRunner(guard, { workers: 2, graceMs: 1000 })),
    killChildren: killLocal,
  },
  {
    name: 'container on the job queue',
    stage: 'container',
    make: queued('container', (guard) => new ContainerRunner(guard, { workers: 2, graceMs: 1000 })),
    killChildren: killLocal,
  },
  {
    name: 'vm on the job queue',
    stage: 'vm',
    make: queued('vm', (guard) => new VmRunner(guard, { graceMs: 2000 })),
    killChildren: killLocal,
  },
];

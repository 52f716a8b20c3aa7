// the stage ladder as data: what each rung needs, and how it scales a niche's run limits.
import type { Niche, RunLimits } from './contracts.ts';
import { STAGES, type Stage } from './vocabulary.ts';

export interface RungSpec {
  stage: Stage;
  /** entering this rung needs an operator's approval; the engine stops and waits */
  needsApproval: boolean;
  /** scales the niche's isolate limits: slower rungs get more wall time, never more cpu */
  wallFactor: number;
  /** memory the whole sandboxed process may take (cgroup, container, guest); 0 = the isolate heap only */
  processMemoryMb: number;
  /** cpu seconds a sandboxed process may spend on one job at the least (RLIMIT_CPU) */
  minJobCpuSeconds: number;
  what: string;
}

export const LADDER: Readonly<Record<Stage, RungSpec>> = {
  isolate: { stage: 'isolate', needsApproval: false, wallFactor: 1, processMemoryMb: 0, minJobCpuSeconds: 0, what: 'a fresh v8 context in an isolate host process' },
  jail: { stage: 'jail', needsApproval: false, wallFactor: 1.5, processMemoryMb: 512, minJobCpuSeconds: 1, what: 'a process of its own under bubblewrap with seccomp, rlimits and a memory cgroup' },
  container: { stage: 'container', needsApproval: false, wallFactor: 3, processMemoryMb: 512, minJobCpuSeconds: 1, what: 'a docker container (gvisor runsc when present)' },
  vm: { stage: 'vm', needsApproval: false, wallFactor: 6, processMemoryMb: 512, minJobCpuSeconds: 1, what: 'a qemu guest with virtio devices' },
  shadow: { stage: 'shadow', needsApproval: true, wallFactor: 3, processMemoryMb: 512, minJobCpuSeconds: 1, what: 'host shadow mode: mirrored live events, a dummy target' },
  active: { stage: 'active', needsApproval: true, wallFactor: 3, processMemoryMb: 512, minJobCpuSeconds: 1, what: 'the capability the lab uses' },
};

/** the rungs a sandbox runner serves (the rest are entered by people) */
export const SANDBOX_STAGES: readonly Stage[] = STAGES.filter((s) => !LADDER[s].needsApproval);

/** a niche's run limits at a stage: wall scaled by the rung, then the niche's own overrides */
export function stageLimits(niche: Pick<Niche, 'limits' | 'stageLimits'>, stage: Stage): RunLimits {
  const base = niche.limits;
  const scaled: RunLimits = { ...base, wallMs: Math.round(base.wallMs * LADDER[stage].wallFactor) };
  return { ...scaled, ...niche.stageLimits?.[stage] };
}

/** cpu seconds for a whole job (RLIMIT_CPU), counted from when the job starts */
export function jobCpuSeconds(stage: Stage, limits: RunLimits, runs: number): number {
  return Math.max(LADDER[stage].minJobCpuSeconds, Math.ceil((limits.cpuMs * runs) / 1000));
}

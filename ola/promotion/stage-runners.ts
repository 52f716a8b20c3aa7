// the runners the lab has, keyed by stage, and what each rung reports about this host.
// probes are cached: a rung's answer changes when the host does (docker started, a package
// installed), so it is asked again after a while or on request.
import type { SandboxRunner, StageProbe } from '../core/contracts.ts';
import { STAGES, type Stage } from '../core/vocabulary.ts';
import { LADDER } from '../core/ladder.ts';

export interface StageStatus extends StageProbe {
  stage: Stage;
  what: string;
  needsApproval: boolean;
  /** a runner for this stage is built into the lab */
  runner: boolean;
  checkedAt: string;
}

/** what a rung without a runner says */
const NOT_BUILT: Partial<Record<Stage, string>> = {
  shadow: 'host shadow mode is not wired into this lab: artifacts an operator approved wait here',
  active: 'this lab has no active capabilities: artifacts an operator approved wait here',
};

/** the rungs that are not sandbox runners (shadow mode, activation) answer through these */
export type RungProbes = Partial<Record<Stage, () => Promise<StageProbe>>>;

export class StageRunners {
  private readonly byStage = new Map<Stage, SandboxRunner>();
  private readonly probes = new Map<Stage, { at: number; status: Promise<StageStatus> }>();
  /** the last answer each rung gave (a probe may take a while: a vm boots under emulation) */
  private readonly settled = new Map<Stage, StageStatus>();

  constructor(
    runners: SandboxRunner[],
    private readonly opts: { probeTtlMs: number } = { probeTtlMs: 60_000 },
    private readonly rungs: RungProbes = {},
  ) {
    for (const r of runners) this.byStage.set(r.stage, r);
  }

  get(stage: Stage): SandboxRunner | undefined {
    return this.byStage.get(stage);
  }

  /** the rung's status; `fresh` asks the runner again */
  status(stage: Stage, fresh = false): Promise<StageStatus> {
    const hit = this.probes.get(stage);
    if (hit && !fresh && Date.now() - hit.at < this.opts.probeTtlMs) return hit.status;
    const status = this.probe(stage).then((s) => {
      this.settled.set(stage, s);
      return s;
    });
    this.probes.set(stage, { at: Date.now(), status });
    return status;
  }

  all(fresh = false): Promise<StageStatus[]> {
    return Promise.all(STAGES.map((s) => this.status(s, fresh)));
  }

  /**
   * what is known now, without waiting: a rung being checked says so. `start` begins the
   * checks that have not begun (GET /stages does; /healthz does not, so health stays cheap)
   */
  known(start: boolean): StageStatus[] {
    return STAGES.map((stage) => {
      const hit = this.settled.get(stage);
      if (hit) return hit;
      const inFlight = this.probes.has(stage);
      if (start && !inFlight) void this.status(stage);
      const rung = LADDER[stage];
      const runner = this.byStage.has(stage) || stage in this.rungs;
      const reason = !runner ? (NOT_BUILT[stage] ?? `no runner for ${stage}`) : inFlight || start ? 'being checked now (a guest boots in tens of seconds under emulation)' : 'not checked yet (GET /stages checks)';
      return { stage, what: rung.what, needsApproval: rung.needsApproval, runner, available: false, reason, checkedAt: new Date().toISOString() };
    });
  }

  private async probe(stage: Stage): Promise<StageStatus> {
    const rung = LADDER[stage];
    const base = { stage, what: rung.what, needsApproval: rung.needsApproval, checkedAt: new Date().toISOString() };
    const runner = this.byStage.get(stage);
    const probe = runner ? () => runner.probe() : this.rungs[stage];
    if (!probe) return { ...base, runner: false, available: false, reason: NOT_BUILT[stage] ?? `no runner for ${stage}` };
    try {
      return { ...base, runner: true, ...(await probe()) };
    } catch (err) {
      return { ...base, runner: true, available: false, reason: `the probe failed: ${(err as Error).message}` };
    }
  }

  /** runners whose close has not finished (the lab names them if its close is stuck) */
  readonly closing = new Set<Stage>();

  /** each runner still closing, with what it waits for where it can tell */
  closingNotes(): string[] {
    return [...this.closing].map((s) => {
      const what = this.byStage.get(s)?.closing?.();
      return what ? `${s}: ${what}` : s;
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.byStage.values()].map(async (r) => {
        this.closing.add(r.stage);
        await r.close();
        this.closing.delete(r.stage);
      }),
    );
  }
}

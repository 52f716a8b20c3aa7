// runs a niche's active artifact for the lab's own work: in the isolate, under a token minted
// for that use, with the niche's limits. every use is measured and reported to the rollback
// watch; an injected fault (drills only) spoils uses where they happen.
import type { ArtifactRecord, Niche, RegistryStore, RunLimits, SandboxRunner, Scenario, Validator } from '../../core/contracts.ts';
import type { NicheCatalog } from '../../niches/catalog.ts';
import { loadRunnable } from '../../validate/runnable.ts';
import { runAtStage, type RunnableArtifact } from '../run-at-stage.ts';
import type { TokenService } from '../tokens.ts';
import type { Capabilities } from './capabilities.ts';
import type { FaultInjector } from './faults.ts';
import type { RollbackWatch } from './watch.ts';

export interface UseReport {
  niche: string;
  source: 'active' | 'fallback';
  ok: boolean;
  seconds: number;
  metric?: number;
}

export interface ActiveUseDeps {
  store: RegistryStore;
  catalog: NicheCatalog;
  tokens: TokenService;
  validator: Validator;
  runner: SandboxRunner;
  capabilities: Capabilities;
  watch: RollbackWatch;
  faults: FaultInjector;
  /** every use, for /metrics */
  onUse?: (r: UseReport) => void;
}

/** what a niche's output means to the lab: a value to use and the metric the watch judges */
export type Reader<T> = (output: unknown) => { ok: true; value: T; metric?: number } | { ok: false; reason: string };

const USE_TOKEN_TTL_S = 60;

/** a use that is not the niche's own scenario: the lab's trusted driver for its work, and its limits */
export interface UseOptions {
  driver?: string;
  limits?: RunLimits;
  /**
   * run this artifact rather than the active one (reading what an earlier active codec wrote);
   * the watch hears of it only while it is the active one
   */
  artifactId?: string;
}

export class ActiveUse {
  private readonly runnables = new Map<string, RunnableArtifact>();

  constructor(private readonly d: ActiveUseDeps) {}

  /**
   * runs the active artifact on one scenario and reads its output; undefined when nothing is
   * active (the caller uses its built-in fallback) or when the use failed (reported to the watch)
   */
  async run<T>(nicheId: string, scenario: Scenario, read: Reader<T>, signal: AbortSignal, o: UseOptions = {}): Promise<{ artifactId: string; value: T; metric?: number } | undefined> {
    const current = await this.d.capabilities.active(nicheId);
    const artifactId = o.artifactId ?? current?.artifactId;
    if (!artifactId) return undefined;
    const watched = artifactId === current?.artifactId;
    const niche = this.d.catalog.get(nicheId) as Niche;
    const t0 = performance.now();
    let outcome: { ok: true; value: T; metric?: number } | { ok: false; reason: string };
    try {
      const runnable = await this.runnable(artifactId, niche);
      const job = { ...niche, ...(o.driver ? { driver: o.driver } : {}) };
      const { runs } = await runAtStage({ runner: this.d.runner, tokens: this.d.tokens }, runnable, job, [scenario], { from: 'active', ttlSeconds: USE_TOKEN_TTL_S, ...(o.limits ? { limits: o.limits } : {}) }, signal);
      const run = runs[0];
      outcome = run?.ok ? read(run.output) : { ok: false, reason: `${run?.error?.code ?? 'OLA_ERR_SANDBOX_CRASH'}: ${run?.error?.message ?? 'no run came back'}` };
    } catch (err) {
      if (signal.aborted) return undefined;
      outcome = { ok: false, reason: (err as Error).message };
    }
    const fault = watched ? this.d.faults.take(nicheId) : undefined;
    if (fault?.kind === 'crash') outcome = { ok: false, reason: 'an injected fault (crash)' };
    if (fault?.kind === 'skew' && outcome.ok && typeof outcome.metric === 'number') {
      const better = niche.shadow?.metric.better ?? 'lower';
      outcome = { ...outcome, metric: better === 'lower' ? outcome.metric + fault.amount : outcome.metric - fault.amount };
    }
    const seconds = (performance.now() - t0) / 1000;
    if (watched) {
      this.d.onUse?.({ niche: nicheId, source: 'active', ok: outcome.ok, seconds, ...(outcome.ok && outcome.metric !== undefined ? { metric: outcome.metric } : {}) });
      void this.d.watch.record(nicheId, artifactId, outcome.ok ? { ok: true, ...(outcome.metric !== undefined ? { metric: outcome.metric } : {}) } : { ok: false, reason: outcome.reason });
    }
    return outcome.ok ? { artifactId, value: outcome.value, ...(outcome.metric !== undefined ? { metric: outcome.metric } : {}) } : undefined;
  }

  /** a use the lab found wrong after its run (a read-back that was not exact): a failed use */
  async fail(nicheId: string, artifactId: string, reason: string): Promise<void> {
    if ((await this.d.capabilities.active(nicheId))?.artifactId !== artifactId) return;
    this.d.onUse?.({ niche: nicheId, source: 'active', ok: false, seconds: 0 });
    await this.d.watch.record(nicheId, artifactId, { ok: false, reason });
  }

  /** a use of the built-in fallback, measured the same way */
  fallback(nicheId: string, seconds: number, metric?: number): void {
    this.d.onUse?.({ niche: nicheId, source: 'fallback', ok: true, seconds, ...(metric !== undefined ? { metric } : {}) });
  }

  private async runnable(id: string, niche: Niche): Promise<RunnableArtifact> {
    const hit = this.runnables.get(id);
    if (hit) return hit;
    const a = (await this.d.store.artifact(id)) as ArtifactRecord | undefined;
    if (!a) throw new Error(`the active artifact ${id} is not in the registry`);
    const r = await loadRunnable(this.d, a, niche);
    this.runnables.set(id, r);
    return r;
  }
}

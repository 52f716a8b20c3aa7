// the active rung put together: what is active per niche, the lab's uses of it, the watch that
// rolls a degrading one back, and the fault injector for drills.
import type { RegistryStore, SandboxRunner, StoredEvent, Validator } from '../../core/contracts.ts';
import type { NicheCatalog } from '../../niches/catalog.ts';
import type { TokenService } from '../tokens.ts';
import { Capabilities, type RollbackRecord } from './capabilities.ts';
import { FaultInjector } from './faults.ts';
import { InternalClock } from './internal-clock.ts';
import { SourceCache } from './source-cache.ts';
import { ActiveUse, type UseReport } from './use.ts';
import { DEFAULT_WATCH, metricBound, RollbackWatch } from './watch.ts';

export interface ActiveDeps {
  store: RegistryStore;
  catalog: NicheCatalog;
  tokens: TokenService;
  validator: Validator;
  /** where active artifacts run for the lab's work: the isolate */
  runner: SandboxRunner;
  capabilities: Capabilities;
  /** the registry's own read of an artifact source (the cache sits in front of it) */
  loadSource: (sha256: string) => Promise<string | undefined>;
  /** every access of the source cache (ram.strategy's live trace) */
  onSourceAccess?: (sha256: string, bytes: number) => void;
  onUse?: (u: UseReport) => void;
  onRollback?: (r: RollbackRecord) => void;
}

export class ActiveCapabilities {
  readonly faults = new FaultInjector();
  readonly watch: RollbackWatch;
  readonly use: ActiveUse;
  readonly clock: InternalClock;
  /** the lab's artifact-source cache, managed by the active ram.strategy (else lru) */
  readonly sources: SourceCache;
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly d: ActiveDeps) {
    this.watch = new RollbackWatch(d.capabilities, (r) => d.onRollback?.(r));
    this.use = new ActiveUse({ ...d, watch: this.watch, faults: this.faults, ...(d.onUse ? { onUse: d.onUse } : {}) });
    this.clock = new InternalClock(this.use);
    this.sources = new SourceCache(d.loadSource, this.use, d.onSourceAccess);
  }

  /** watches what is active now, follows activations and rollbacks, and starts the lab's uses */
  async start(): Promise<void> {
    this.unsubscribe = this.d.store.subscribe((e) => void this.follow(e).catch(() => undefined));
    for (const n of this.d.catalog.list()) {
      const cur = await this.d.capabilities.active(n.id);
      if (cur) await this.track(n.id, cur.artifactId);
    }
    this.clock.start();
  }

  private async follow(e: StoredEvent): Promise<void> {
    const niche = e.payload.niche as string | undefined;
    if (!niche) return;
    if (e.type === 'capability_activated') await this.track(niche, e.payload.artifactId as string);
    if (e.type === 'capability_rolled_back') {
      const to = e.payload.to as string | null;
      if (to) await this.track(niche, to);
    }
  }

  private async track(niche: string, artifactId: string): Promise<void> {
    const a = await this.d.store.artifact(artifactId);
    const better = this.d.catalog.get(niche)?.shadow?.metric.better ?? 'lower';
    const bound = metricBound(a?.stages?.shadow?.shadow, better, DEFAULT_WATCH.metricFactor);
    this.watch.watch(niche, artifactId, bound);
  }

  stop(): void {
    this.unsubscribe();
    this.clock.stop();
    this.sources.close();
  }
}

// the active rung put together: what is active per niche, the lab's uses of it, the watch that
// rolls a degrading one back, and the fault injector for drills.
import type { RegistryStore, SandboxRunner, StoredEvent, Validator } from '../../core/contracts.ts';
import type { NicheCatalog } from '../../niches/catalog.ts';
import type { TokenService } from '../tokens.ts';
import type { KeyChainView } from '../../registry/key-chain.ts';
import { Capabilities, type RollbackRecord } from './capabilities.ts';
import { CheckpointArchives } from './checkpoints.ts';
import { ArchiveCodec } from './codec.ts';
import { ReadCoalescer } from './coalescer.ts';
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
  /** where checkpoint archives live (storage/checkpoints) and how often one is made (0: only when asked) */
  checkpoints: { dir: string; everyMs: number; keys: KeyChainView };
  /** every read the lab makes of an archive pack (io.coalesce's live trace) */
  onPackRead?: (file: string, size: number, offset: number, length: number) => void;
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
  /** the lab's block codec: the active fuse.compress, else gzip */
  readonly codec: ArchiveCodec;
  /** the lab's reads of archive packs: planned by the active io.coalesce, else one read a request */
  readonly reads: ReadCoalescer;
  /** checkpoint archives of the registry and its artifact sources */
  readonly checkpoints: CheckpointArchives;
  private unsubscribe: () => void = () => undefined;
  private checkpointTimer?: NodeJS.Timeout;
  private readonly ac = new AbortController();

  constructor(private readonly d: ActiveDeps) {
    this.watch = new RollbackWatch(d.capabilities, (r) => d.onRollback?.(r));
    this.use = new ActiveUse({ ...d, watch: this.watch, faults: this.faults, ...(d.onUse ? { onUse: d.onUse } : {}) });
    this.clock = new InternalClock(this.use);
    this.codec = new ArchiveCodec(this.use);
    this.reads = new ReadCoalescer(this.use, d.onPackRead);
    this.checkpoints = new CheckpointArchives({ store: d.store, codec: this.codec, reads: this.reads, keys: d.checkpoints.keys, dir: d.checkpoints.dir });
    // a source missing from its file comes back from the newest checkpoint that holds it
    this.sources = new SourceCache(async (sha) => (await d.loadSource(sha)) ?? (await this.restore(sha)), this.use, d.onSourceAccess);
  }

  /** restores a lost artifact source from a checkpoint archive (and its file, through putSource) */
  private async restore(sha256: string): Promise<string | undefined> {
    const found = await this.checkpoints.source(sha256, this.ac.signal).catch(() => undefined);
    if (!found) return undefined;
    await this.d.store.putSource(found.source);
    await this.d.store.append({
      type: 'source_restored',
      subject: `source:${sha256}`,
      payload: { sha256, from: found.from, why: `the source's file was missing; checkpoint ${found.from} held it, and it hashed to its name` },
    });
    return found.source;
  }

  /** watches what is active now, follows activations and rollbacks, and starts the lab's uses */
  async start(): Promise<void> {
    this.unsubscribe = this.d.store.subscribe((e) => void this.follow(e).catch(() => undefined));
    for (const n of this.d.catalog.list()) {
      const cur = await this.d.capabilities.active(n.id);
      if (cur) await this.track(n.id, cur.artifactId);
    }
    this.clock.start();
    const every = this.d.checkpoints.everyMs;
    if (every > 0) {
      this.checkpointTimer = setInterval(() => void this.checkpoints.make(`the periodic checkpoint (every ${Math.round(every / 60_000)} min)`, this.ac.signal).catch(() => undefined), every);
      this.checkpointTimer.unref();
    }
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
    clearInterval(this.checkpointTimer);
    this.ac.abort();
  }
}

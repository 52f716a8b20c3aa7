// ola serve --evolve: the lab proposes on its own. between runs it senses its machine
// (through the senses feeds) and chooses a niche; it yields to people's proposals.
import type { RegistryStore } from '../core/contracts.ts';
import type { LifecycleEngine } from '../lifecycle/engine.ts';
import type { NicheCatalog } from '../niches/catalog.ts';
import type { SenseFeeds } from '../senses/feeds.ts';
import type { OlaRuns } from './runs.ts';

export interface AutopilotOptions {
  /** evaluations per run */
  budget: number;
  /** pause while the machine's cpu is busier than this (percent), or memory is short */
  maxCpuPercent: number;
  minMemoryAvailableShare: number;
  /** pause while this many proposals from others are waiting */
  maxPending: number;
  idleMs: number;
}

interface NicheStats {
  evaluations: number;
  runs: number;
  lastImprovedAt: number;
}

export class Autopilot {
  private readonly ac = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly stats = new Map<string, NicheStats>();
  current: string | undefined;
  decisions: { at: string; niche?: string; reason: string }[] = [];

  constructor(
    private readonly deps: { ola: OlaRuns; catalog: NicheCatalog; store: RegistryStore; engine: LifecycleEngine; senses: SenseFeeds },
    private readonly opts: AutopilotOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  private note(reason: string, niche?: string): void {
    this.decisions.push({ at: new Date().toISOString(), niche, reason });
    if (this.decisions.length > 100) this.decisions.shift();
  }

  /** effort so far per niche, from the runs the registry recorded */
  private async learn(): Promise<void> {
    for (const e of await this.deps.store.eventsOf({ types: ['evolution_finished'] })) {
      const p = e.payload as { niche?: string; evaluations?: number; improved?: boolean };
      if (!p.niche) continue;
      const s = this.stats.get(p.niche) ?? { evaluations: 0, runs: 0, lastImprovedAt: 0 };
      s.evaluations += p.evaluations ?? 0;
      s.runs++;
      if (p.improved) s.lastImprovedAt = Date.parse(e.ts);
      this.stats.set(p.niche, s);
    }
  }

  /** why not to work now, or undefined */
  private async busy(): Promise<string | undefined> {
    if (this.deps.engine.pending > this.opts.maxPending) return `${this.deps.engine.pending} proposals are waiting`;
    const snap = await this.deps.senses.snapshot();
    const cpu = (snap?.feeds.cpu as { utilisation?: { total?: number | null } } | undefined)?.utilisation?.total;
    const mem = snap?.feeds.memory as { totalBytes?: number; availableBytes?: number } | undefined;
    // the lab's own last run shows in this figure too: a short wait lets it settle
    if (typeof cpu === 'number' && cpu > this.opts.maxCpuPercent) return `cpu ${cpu.toFixed(0)}% busy`;
    if (mem?.totalBytes && mem.availableBytes !== undefined && mem.availableBytes / mem.totalBytes < this.opts.minMemoryAvailableShare) return 'memory is short';
    return undefined;
  }

  /** the niche with the least effort so far, then the one whose last improvement is oldest */
  choose(): string {
    const ids = this.deps.catalog.list().map((n) => n.id);
    const s = (id: string) => this.stats.get(id) ?? { evaluations: 0, runs: 0, lastImprovedAt: 0 };
    return ids.sort((a, b) => s(a).evaluations - s(b).evaluations || s(a).lastImprovedAt - s(b).lastImprovedAt || a.localeCompare(b))[0]!;
  }

  private async run(): Promise<void> {
    await this.learn();
    const { signal } = this.ac;
    while (!signal.aborted) {
      const why = await this.busy();
      if (why) {
        this.note(`waiting: ${why}`);
        await sleep(this.opts.idleMs, signal);
        continue;
      }
      const niche = this.choose();
      this.current = niche;
      this.note('evolving', niche);
      try {
        const v = this.deps.ola.start({ niche, budget: { evaluations: this.opts.budget } });
        const done = await this.deps.ola.wait(v.id);
        const s = this.stats.get(niche) ?? { evaluations: 0, runs: 0, lastImprovedAt: 0 };
        s.evaluations += done?.evaluations ?? 0;
        s.runs++;
        if (done?.summary?.improved) s.lastImprovedAt = Date.now();
        this.stats.set(niche, s);
      } catch (err) {
        this.note(`run failed: ${(err as Error).message}`, niche);
        await sleep(this.opts.idleMs, signal);
      } finally {
        this.current = undefined;
      }
    }
  }

  async stop(): Promise<void> {
    this.ac.abort();
    await this.loop;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

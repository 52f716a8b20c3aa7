// event counts by type: one paged scan of the registry on first use, then kept by subscription.
import type { RegistryStore, StoredEvent } from '../../core/contracts.ts';

const PAGE = 2000;

export class RegistryCounts {
  private counts: Map<string, number> | undefined;
  private loading: Promise<Map<string, number>> | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly store: RegistryStore) {}

  async byType(): Promise<Record<string, number>> {
    return Object.fromEntries(this.counts ?? (await (this.loading ??= this.load())));
  }

  private async load(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    // events appended during the scan arrive here too: the scan stops where the subscription began
    const early: StoredEvent[] = [];
    this.unsubscribe = this.store.subscribe((e) => (this.counts ? add(this.counts, e) : early.push(e)));
    const until = await this.store.headSeq();
    for (let after = 0; after < until; ) {
      const page = await this.store.eventsAfter(after, PAGE);
      if (page.length === 0) break;
      for (const e of page) if (e.seq <= until) add(counts, e);
      after = page.at(-1)!.seq;
    }
    for (const e of early) if (e.seq > until) add(counts, e);
    this.counts = counts;
    return counts;
  }

  close(): void {
    this.unsubscribe?.();
  }
}

function add(counts: Map<string, number>, e: StoredEvent): void {
  counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
}

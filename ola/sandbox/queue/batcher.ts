// several small jobs to one queue entry. while few jobs are in flight, each goes alone at once
// (idle workers take them side by side); beyond `alone`, a job waits in the lab for others of
// its priority to join it: the entry goes when `max` jobs are waiting or `waitMs` after the
// first, whichever comes first. so a job is never held back more than `waitMs`.

export interface BatchPolicy {
  /** most jobs in one entry (1: every job is an entry of its own) */
  max: number;
  /** the longest a job waits in the lab for others to join its entry, ms */
  waitMs: number;
  /** jobs of this runner in flight besides the new one, below which the new one goes alone at once */
  alone: number;
}

export const BATCH_DEFAULTS: BatchPolicy = { max: 8, waitMs: 1, alone: 4 };

interface Group<T> {
  items: T[];
  timer?: NodeJS.Timeout;
}

export class Batcher<T> {
  private readonly groups = new Map<number, Group<T>>();

  constructor(
    private readonly policy: BatchPolicy,
    /** sends one entry: its priority and its jobs, in the order they came */
    private readonly send: (priority: number, items: T[]) => void,
  ) {}

  /** busy: this runner's jobs in flight besides this one (buffered here, queued or running) */
  push(priority: number, item: T, busy: number): void {
    const group = this.groups.get(priority);
    if (!group && (this.policy.max <= 1 || busy < this.policy.alone)) return this.send(priority, [item]);
    const g = group ?? { items: [] };
    this.groups.set(priority, g);
    g.items.push(item);
    if (g.items.length >= this.policy.max) this.flush(priority);
    else g.timer ??= setTimeout(() => this.flush(priority), this.policy.waitMs);
  }

  /** takes a job back that has not been sent yet (its caller gave up); false once it is sent */
  drop(match: (item: T) => boolean): boolean {
    for (const [priority, g] of this.groups) {
      const at = g.items.findIndex(match);
      if (at < 0) continue;
      g.items.splice(at, 1);
      if (g.items.length === 0) {
        clearTimeout(g.timer);
        this.groups.delete(priority);
      }
      return true;
    }
    return false;
  }

  /** jobs waiting here to be sent */
  get size(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.items.length;
    return n;
  }

  /** forgets every job not sent yet (the runner is closing and fails them) */
  clear(): void {
    for (const g of this.groups.values()) clearTimeout(g.timer);
    this.groups.clear();
  }

  flush(priority?: number): void {
    for (const p of priority === undefined ? [...this.groups.keys()] : [priority]) {
      const g = this.groups.get(p);
      if (!g) continue;
      clearTimeout(g.timer);
      this.groups.delete(p);
      this.send(p, g.items);
    }
  }
}

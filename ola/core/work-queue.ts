// a first-in first-out queue worked with bounded concurrency, that says when it is idle.
// the lifecycle engine (proposals) and the promotion engine (climbs) both run on one.

export class WorkQueue<T> {
  private readonly waiting: T[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly work: (item: T) => Promise<void>,
  ) {}

  /** items waiting, not yet started */
  get size(): number {
    return this.waiting.length;
  }

  /** items waiting or running */
  get pending(): number {
    return this.waiting.length + this.running;
  }

  push(item: T): void {
    this.waiting.push(item);
    this.pump();
  }

  /** drops what has not started (what runs finishes) */
  clear(): void {
    this.waiting.length = 0;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const item = this.waiting.shift()!;
      this.running++;
      void this.work(item)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
          if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  /** resolves when nothing waits or runs */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

/** a write whose failure must not become the caller's (the registry closing on shutdown) */
export async function bestEffort(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch {
    // what was not recorded resumes at the next start
  }
}

// fixed-capacity buffer that overwrites its oldest entry, so a chatty device cannot grow memory.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  /** everything ever pushed, including what has since been overwritten */
  total = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('ring capacity must be a positive integer');
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
  }

  get size(): number {
    return Math.min(this.total, this.capacity);
  }

  /** oldest first */
  toArray(): T[] {
    const out: T[] = [];
    const start = this.total > this.capacity ? this.next : 0;
    for (let i = 0; i < this.size; i++) out.push(this.items[(start + i) % this.capacity] as T);
    return out;
  }
}

// the lab's own recent work, kept in small rings, for the live feeds that mirror it: the
// registry's artifact reads, the artifact cache's accesses, the pointer the dashboard draws.
import type { LabTraces } from './live.ts';

const MAX_READS = 4096;
const MAX_ACCESSES = 20_000;
const MAX_POINTER = 600;
/** distinct artifacts a trace names (ram.strategy keys stay small integers) */
const MAX_KEYS = 100_000;

export class LabTraceLog implements LabTraces {
  private reads: { file: string; size: number; offsets: number[]; lengths: number[]; start: number } | undefined;
  private readonly keys: number[] = [];
  private readonly sizes: number[] = [];
  /** accesses dropped off the front of the ring */
  private accessStart = 0;
  private pointer: { x: number[]; y: number[]; buttons: number[] } = { x: [], y: [], buttons: [] };
  /** artifact sources by first sight: the small integer keys ram.strategy takes */
  private readonly keyOf = new Map<string, number>();

  /** the lab read an artifact's source (`bytes` long): one access of its artifact cache, sized in KiB (1..64) */
  sourceRead(sha256: string, bytes: number): void {
    let key = this.keyOf.get(sha256);
    if (key === undefined) {
      key = this.keyOf.size;
      if (key >= MAX_KEYS) return;
      this.keyOf.set(sha256, key);
    }
    this.access(key, Math.min(64, Math.max(1, Math.ceil(bytes / 1024))));
  }

  /** a read the registry made of its artifact pack: (offset, length) in `file` of `size` bytes */
  read(file: string, size: number, offset: number, length: number): void {
    if (!this.reads || this.reads.file !== file) this.reads = { file, size, offsets: [], lengths: [], start: (this.reads?.start ?? 0) + (this.reads?.offsets.length ?? 0) };
    this.reads.size = size;
    this.reads.offsets.push(offset);
    this.reads.lengths.push(length);
    if (this.reads.offsets.length > MAX_READS) (this.reads.offsets.shift(), this.reads.lengths.shift(), this.reads.start++);
  }

  /** an access to the artifact cache: its key (a small integer) and size in units */
  access(key: number, size: number): void {
    this.keys.push(key);
    this.sizes.push(size);
    if (this.keys.length > MAX_ACCESSES) (this.keys.shift(), this.sizes.shift(), this.accessStart++);
  }

  /** the pointer path the dashboard draws, one position a frame (replaces the one before) */
  pointerPath(): { x: number[]; y: number[]; buttons: number[] } {
    return this.pointer;
  }

  setPointerPath(p: { x: number[]; y: number[]; buttons?: number[] }): void {
    const n = Math.min(p.x.length, p.y.length, MAX_POINTER);
    this.pointer = { x: p.x.slice(0, n), y: p.y.slice(0, n), buttons: p.buttons?.slice(0, n) ?? new Array<number>(n).fill(0) };
  }

  artifactReads() {
    return this.reads && { ...this.reads, offsets: [...this.reads.offsets], lengths: [...this.reads.lengths] };
  }

  cacheAccesses() {
    return { keys: [...this.keys], sizes: [...this.sizes], start: this.accessStart };
  }
}

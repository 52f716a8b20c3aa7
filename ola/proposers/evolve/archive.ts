// a map-elites archive per island: a grid over behaviour descriptors (code size and loop
// count, a structural proxy for compute cost), each cell keeping its fittest artifact.
// measured cpu would make cells, and so a seeded run, unrepeatable.
import type { Rng } from '../../niches/shared/rng.ts';
import type { Lineage } from './lineage.ts';

export interface Elite {
  id: string;
  /** plain module javascript, for making children */
  module: string;
  fitness: number;
  /** the niche's headline metric, for reports */
  headline: number;
  bytes: number;
  /** loop statements in the module */
  loops: number;
  /** operators and blocks along its descent */
  lineage?: Lineage;
}

export const SIZE_BINS = 8;
export const LOOP_BINS = 6;

/** code size, log-binned from 256 bytes to 64 KiB */
function sizeBin(bytes: number): number {
  const b = Math.floor(Math.log2(Math.max(256, bytes) / 256));
  return Math.min(SIZE_BINS - 1, b);
}

export function cellOf(e: Pick<Elite, 'bytes' | 'loops'>): string {
  return `${sizeBin(e.bytes)}:${Math.min(LOOP_BINS - 1, e.loops)}`;
}

export class Island {
  readonly cells = new Map<string, Elite>();

  /** true when the elite took a cell (new, or fitter than the holder) */
  offer(e: Elite): boolean {
    const key = cellOf(e);
    const held = this.cells.get(key);
    if (held && held.fitness >= e.fitness) return false;
    this.cells.set(key, e);
    return true;
  }

  best(): Elite | undefined {
    let top: Elite | undefined;
    for (const e of this.cells.values()) if (!top || e.fitness > top.fitness) top = e;
    return top;
  }

  /** a tournament of two random cells: diversity with a pull toward fitness */
  select(rng: Rng): Elite | undefined {
    const all = [...this.cells.values()];
    if (all.length === 0) return undefined;
    const a = all[rng.int(0, all.length)]!;
    const b = all[rng.int(0, all.length)]!;
    return a.fitness >= b.fitness ? a : b;
  }
}

export class Archive {
  readonly islands: Island[];

  constructor(count: number) {
    this.islands = Array.from({ length: count }, () => new Island());
  }

  best(): Elite | undefined {
    let top: Elite | undefined;
    for (const i of this.islands) {
      const b = i.best();
      if (b && (!top || b.fitness > top.fitness)) top = b;
    }
    return top;
  }

  /** ring migration: each island's best is offered to the next island */
  migrate(): number {
    const bests = this.islands.map((i) => i.best());
    let moved = 0;
    bests.forEach((b, i) => {
      if (b && this.islands[(i + 1) % this.islands.length]!.offer(b)) moved++;
    });
    return moved;
  }

  get size(): number {
    return this.islands.reduce((n, i) => n + i.cells.size, 0);
  }
}

// a map-elites archive per island: a grid over behaviour descriptors (code size and loop
// count, a structural proxy for compute cost, and the public scenario where the artifact
// gained most over the seed), each cell keeping its fittest artifact. parents are picked by
// fitness, and now and then by novelty (how far an elite's per-scenario profile lies from its
// nearest neighbours'). measured cpu would make cells, and so a seeded run, unrepeatable.
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
  /** utility per public scenario, in scenario id order (the niche's own measure, per scenario) */
  profile?: number[];
}

export const SIZE_BINS = 8;
export const LOOP_BINS = 6;
/** 0: no scenario better than the seed; 1.. the scenario (modulo) where it gained most */
export const SPECIALTY_BINS = 7;
/** a gain under this is not a specialty (scores are rounded to it) */
const GAIN_EPS = 0.005;
/** one selection in NOVELTY_EVERY is a novelty tournament */
const NOVELTY_EVERY = 4;
const NEIGHBOURS = 3;

/** code size, log-binned from 256 bytes to 64 KiB */
function sizeBin(bytes: number): number {
  const b = Math.floor(Math.log2(Math.max(256, bytes) / 256));
  return Math.min(SIZE_BINS - 1, b);
}

/** the scenario where the elite gained most over the reference profile (the seed's), binned */
export function specialty(profile: number[] | undefined, reference: number[] | undefined): number {
  if (!profile || !reference || profile.length !== reference.length) return 0;
  let at = -1;
  let top = GAIN_EPS;
  for (let i = 0; i < profile.length; i++) {
    const gain = profile[i]! - reference[i]!;
    if (gain >= top) (top = gain), (at = i);
  }
  return at < 0 ? 0 : 1 + (at % (SPECIALTY_BINS - 1));
}

export function cellOf(e: Pick<Elite, 'bytes' | 'loops' | 'profile'>, reference?: number[]): string {
  return `${sizeBin(e.bytes)}:${Math.min(LOOP_BINS - 1, e.loops)}:${specialty(e.profile, reference)}`;
}

function distance(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! - (b[i] ?? 0)) ** 2;
  return Math.sqrt(d);
}

/** mean distance of an elite's profile to its nearest neighbours' among the others */
export function novelty(e: Elite, others: Elite[]): number {
  if (!e.profile) return 0;
  const ds: number[] = [];
  for (const o of others) if (o !== e && o.profile && o.profile.length === e.profile.length) ds.push(distance(e.profile, o.profile));
  if (ds.length === 0) return 0;
  ds.sort((x, y) => x - y);
  const near = ds.slice(0, NEIGHBOURS);
  return near.reduce((a, b) => a + b, 0) / near.length;
}

export class Island {
  readonly cells = new Map<string, Elite>();
  /** the seed's profile: specialties are gains over it */
  reference: number[] | undefined;

  /** true when the elite took a cell (new, or fitter than the holder) */
  offer(e: Elite): boolean {
    const key = cellOf(e, this.reference);
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

  /**
   * a tournament of two random cells: diversity with a pull toward fitness; one tournament in
   * NOVELTY_EVERY is won by the more novel of the two instead
   */
  select(rng: Rng): Elite | undefined {
    const all = [...this.cells.values()];
    if (all.length === 0) return undefined;
    const a = all[rng.int(0, all.length)]!;
    const b = all[rng.int(0, all.length)]!;
    if (rng.int(0, NOVELTY_EVERY) === 0 && a !== b) return novelty(a, all) >= novelty(b, all) ? a : b;
    return a.fitness >= b.fitness ? a : b;
  }
}

export class Archive {
  readonly islands: Island[];

  constructor(count: number) {
    this.islands = Array.from({ length: count }, () => new Island());
  }

  /** the seed's per-scenario profile, for every island's specialties */
  setReference(profile: number[] | undefined): void {
    for (const i of this.islands) i.reference = profile;
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

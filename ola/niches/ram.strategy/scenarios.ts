// ram.strategy scenarios: one seeded trace per scenario, with lru's hits as the reference.
import type { Scenario } from '../../core/contracts.ts';
import { rng } from '../shared/rng.ts';
import { lruHits } from './lru.ts';
import { GENERATORS, Universe, type TraceKind } from './traces.ts';

export const KINDS: readonly TraceKind[] = ['scan', 'loop', 'zipf', 'phase', 'mixed'];
/** occupancy is sampled only after this share of the trace: an empty cache is not a choice */
export const WARMUP_SHARE = 0.2;

export interface RamInput {
  /** cache size in units */
  capacity: number;
  /** size of every key, 1..64 units */
  sizes: Uint8Array;
  /** the trace: one key per access */
  keys: Int32Array;
  /** accesses before occupancy is sampled */
  warmup: number;
}

export interface RamTruth {
  /** hits plain lru scores on this trace */
  lruHits: number;
}

export type RamScenario = Scenario<RamInput, RamTruth>;

/** held-out ids must not carry their seed: the generator is public */
export function synthetic(seed: number, kind: TraceKind, heldOut: boolean, id = `ram.strategy:${kind}:${seed}`): RamScenario {
  const r = rng(seed);
  const capacity = r.int(1536, 3072);
  const n = r.int(12_000, 16_000);
  const u = new Universe(r);
  const out: number[] = [];
  GENERATORS[kind](r, u, capacity, n, out);
  const input: RamInput = {
    capacity,
    sizes: Uint8Array.from(u.sizes),
    keys: Int32Array.from(out),
    warmup: Math.floor(out.length * WARMUP_SHARE),
  };
  return { id, seed, kind, heldOut, input, truth: { lruHits: lruHits(input) } };
}

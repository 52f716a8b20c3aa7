// niche `ram.strategy`: a caching policy over a memory access trace.
// the module is fresh for every scenario. objects are integer keys 0..keyCount-1, each
// with a fixed size of 1..64 units; the cache holds `capacity` units (about 1500-3000).
// the harness owns the cache contents: it replays the trace one access at a time, counts
// a hit when the key is resident, and on a miss asks you whether to admit the object and,
// while space is short, which resident key to evict. you only ever see the past: the key,
// its size and the access index t (0, 1, 2, ...). you are handed numbers only.
//
// traces mix: a hot set interrupted by long one-pass scans over consecutive keys, loops
// over consecutive keys slightly larger than the cache (lru gets ~0% there, apart from a
// few hot keys), zipfian popularity, and phase changes between working sets.
//
// judged (host side, against plain lru on the same trace and capacity):
//   cache_hit_rate   hits / accesses, the headline (higher is better); hits on prefetched
//                    objects count as hits
//   gain_over_lru    cache_hit_rate minus lru's; the gate wants it >= -0.02 on average and
//                    >= -0.05 on every scenario (no crashes, no invalid evictions)
//   compaction       mean occupancy: used units / capacity, sampled after every access once
//                    the first 20% of the trace (warm-up) is over; space left empty or a
//                    policy that bypasses everything scores low
//   buffering        share of prefetched objects that were accessed before being evicted
//                    (0 when you never prefetch)
//   evictions        how many victims you named
// the harness re-checks every decision it logged by replaying them on the host.

/** required: called once, before the first access */
export function init(capacity: number, keyCount: number): void;

/**
 * required: name a resident key to evict; called repeatedly until the object being
 * loaded fits. `need` is how many more units must be freed. a key that is not resident,
 * or anything but an integer key, fails the run.
 */
export function evict(t: number, need: number): number;

/** optional: on a miss, load the object (true) or bypass the cache (false); default true. must return a boolean */
export function admit(key: number, size: number, t: number): boolean;

/** optional: the accessed key was resident */
export function onHit(key: number, t: number): void;

/** optional: the key was loaded, on a demand miss (prefetched false) or by your prefetch */
export function onInsert(key: number, size: number, t: number, prefetched: boolean): void;

/**
 * optional: after every access (hit or miss), up to 4 keys to load ahead (an array, or
 * null/undefined for none). keys already resident are skipped; the others take space
 * like any insert (evict is called to make room) and are announced through onInsert.
 * more than 4 keys, or an entry that is not a key in 0..keyCount-1, fails the run.
 */
export function prefetch(key: number, t: number): number[] | null | undefined;

/** optional: a short name for the policy */
export const method: string;

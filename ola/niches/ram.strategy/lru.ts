// the in-run reference: plain lru on the same trace, capacity and size rules as the driver
// (admit every miss, evict the least recently used until the object fits).

/** the parts of a ram.strategy input lru needs (structural: no import back into scenarios.ts) */
export function lruHits(input: { capacity: number; sizes: Uint8Array; keys: Int32Array }): number {
  const { capacity, sizes, keys } = input;
  // a map keeps insertion order: re-inserting on a hit moves a key to the young end
  const order = new Map<number, number>();
  let used = 0;
  let hits = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const s = sizes[k]!;
    if (order.has(k)) {
      hits++;
      order.delete(k);
      order.set(k, s);
      continue;
    }
    while (used + s > capacity) {
      const [victim, size] = order.entries().next().value!;
      order.delete(victim);
      used -= size;
    }
    order.set(k, s);
    used += s;
  }
  return hits;
}

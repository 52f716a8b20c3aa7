// reference (kept out of every archive): least recently used. a map holds the resident keys
// in use order; a hit moves its key to the young end and the victim is the oldest.
let order = new Map();

export const method = 'lru';

export function init() {
  order = new Map();
}

export function onHit(key) {
  order.delete(key);
  order.set(key, 1);
}

export function onInsert(key) {
  order.set(key, 1);
}

export function evict() {
  const victim = order.keys().next().value;
  order.delete(victim);
  return victim;
}

// ram.strategy baseline: plain lru. a map keeps keys in use order (a hit moves the key to
// the young end); the victim is the oldest. no admission filter, no frequency, no prefetch,
// so scans flush it and loops just past the cache defeat it.
let order = new Map();

export const method = 'lru';

export function init() {
  order = new Map();
}

export function onHit(key) {
  order.delete(key);
  order.set(key, true);
}

export function onInsert(key) {
  order.set(key, true);
}

export function evict() {
  const victim = order.keys().next().value;
  order.delete(victim);
  return victim;
}

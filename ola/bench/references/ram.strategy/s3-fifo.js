// reference (kept out of every archive): s3-fifo (yang et al., sosp 2023), counted in units.
// new keys enter a small fifo (a tenth of the cache); one that was hit while there moves on
// to the main fifo when it reaches the end, the others leave and are remembered in a ghost
// fifo, from which a key comes back straight into main. main gives a key that was hit
// another lap (its 2-bit count decremented) instead of evicting it.
const SMALL_SHARE = 0.1;
let cap = 0;
let small = new Map(), main = new Map(), ghost = new Map();
let us = 0, um = 0, ug = 0;
let freq = new Map();
let incoming = -1, fromGhost = false;

export const method = 's3-fifo';

export function init(capacity) {
  cap = capacity;
  small = new Map();
  main = new Map();
  ghost = new Map();
  freq = new Map();
  us = um = ug = 0;
}

function oldest(m) {
  return m.keys().next().value;
}

export function admit(key) {
  incoming = key;
  fromGhost = ghost.has(key);
  if (fromGhost) {
    ug -= ghost.get(key);
    ghost.delete(key);
  }
  return true;
}

export function onInsert(key, size) {
  freq.set(key, 0);
  if (key === incoming && fromGhost) {
    main.set(key, size);
    um += size;
  } else {
    small.set(key, size);
    us += size;
  }
  incoming = -1;
}

export function onHit(key) {
  freq.set(key, Math.min(3, freq.get(key) + 1));
}

function remember(key, size) {
  ghost.set(key, size);
  ug += size;
  // the ghost remembers about as much as main holds
  while (ug > cap - cap * SMALL_SHARE && ghost.size > 0) {
    const g = oldest(ghost);
    ug -= ghost.get(g);
    ghost.delete(g);
  }
}

export function evict() {
  for (;;) {
    if (us > 0 && (us >= cap * SMALL_SHARE || um === 0)) {
      const k = oldest(small);
      const s = small.get(k);
      small.delete(k);
      us -= s;
      if (freq.get(k) > 0) {
        freq.set(k, 0);
        main.set(k, s);
        um += s;
        continue;
      }
      freq.delete(k);
      remember(k, s);
      return k;
    }
    const k = oldest(main);
    const s = main.get(k);
    main.delete(k);
    const f = freq.get(k);
    if (f > 0) {
      freq.set(k, f - 1);
      main.set(k, s);
      continue;
    }
    um -= s;
    freq.delete(k);
    return k;
  }
}

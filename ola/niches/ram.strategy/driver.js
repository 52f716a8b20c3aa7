// runs inside the isolate: replays one access trace against the artifact's policy.
// the driver owns the cache contents; the artifact only decides (admit, evict, prefetch)
// and is handed numbers only, so it cannot see the trace ahead or touch the bookkeeping.
// input: { capacity, sizes: Uint8Array (per key), keys: Int32Array (the trace), warmup }
// output: counts plus a log of every decision, which the host replays to check the counts.
var MAX_PREFETCH = 4;

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number ' + v;
  return typeof v;
}

function drive(a, input) {
  var cap = input.capacity, sizes = input.sizes, keys = input.keys, warmup = input.warmup;
  var n = keys.length, keyCount = sizes.length;
  var resident = new Uint8Array(keyCount);
  // a prefetched key not yet accessed: used or wasted decides the buffering share
  var unused = new Uint8Array(keyCount);
  var codes = new Uint8Array(n); // 0 hit, 1 miss loaded, 2 miss bypassed
  var prefetchCounts = new Uint8Array(n);
  var victims = new Int32Array(n * (MAX_PREFETCH + 1));
  var prefetched = new Int32Array(n * MAX_PREFETCH);
  var nv = 0, np = 0, used = 0, hits = 0, misses = 0, prefetchUsed = 0, occupancySum = 0, samples = 0;
  var bad = '';

  // functions are read once: the artifact may rewrite its exports object later
  var fns = {};
  var names = ['init', 'evict', 'admit', 'onHit', 'onInsert', 'prefetch'];
  for (var f = 0; f < names.length; f++) {
    var fn = a[names[f]];
    if (fn !== undefined && typeof fn !== 'function' && bad === '') bad = names[f] + ' is ' + describe(fn) + ', not a function';
    fns[names[f]] = typeof fn === 'function' ? fn : undefined;
  }
  if (bad === '' && (!fns.init || !fns.evict)) bad = 'init and evict must be functions';
  var init = fns.init, evict = fns.evict, admit = fns.admit, onHit = fns.onHit, onInsert = fns.onInsert, prefetch = fns.prefetch;

  function isKey(v) {
    return typeof v === 'number' && v >= 0 && v < keyCount && Math.floor(v) === v;
  }

  // asks for victims until `size` more units fit; false (with bad set) on an invalid victim
  function makeRoom(size, t) {
    while (used + size > cap) {
      var v = evict(t, used + size - cap);
      if (typeof v !== 'number') return (bad = 'evict returned ' + describe(v) + ', not a key, at access ' + t), false;
      if (!isKey(v)) return (bad = 'evict returned ' + v + ', not a key in 0..' + (keyCount - 1) + ', at access ' + t), false;
      if (!resident[v]) return (bad = 'evict returned key ' + v + ' which is not resident, at access ' + t), false;
      resident[v] = 0;
      unused[v] = 0;
      used -= sizes[v];
      victims[nv++] = v;
    }
    return true;
  }

  function load(k, t, early) {
    resident[k] = 1;
    used += sizes[k];
    if (early) unused[k] = 1;
    if (onInsert) onInsert(k, sizes[k], t, early);
  }

  // the artifact's prefetch list, copied and checked before anything is loaded
  function runPrefetch(k, t) {
    var list = prefetch(k, t);
    if (list === undefined || list === null) return true;
    if (!Array.isArray(list)) return (bad = 'prefetch returned ' + describe(list) + ' at access ' + t), false;
    var m = list.length;
    if (m > MAX_PREFETCH) return (bad = 'prefetch returned ' + m + ' keys at access ' + t + ' (at most ' + MAX_PREFETCH + ')'), false;
    var want = [];
    for (var j = 0; j < m; j++) {
      var p = list[j];
      if (!isKey(p)) return (bad = 'prefetch returned ' + describe(p) + ', not a key, at access ' + t), false;
      want.push(p);
    }
    for (var q = 0; q < want.length; q++) {
      var w = want[q];
      if (resident[w]) continue;
      if (!makeRoom(sizes[w], t)) return false;
      load(w, t, true);
      prefetched[np++] = w;
      prefetchCounts[t]++;
    }
    return true;
  }

  if (bad === '') init(cap, keyCount);
  for (var i = 0; i < n && bad === ''; i++) {
    var k = keys[i];
    if (resident[k]) {
      hits++;
      if (unused[k]) (unused[k] = 0), prefetchUsed++;
      if (onHit) onHit(k, i);
    } else {
      misses++;
      var take = true;
      if (admit) {
        take = admit(k, sizes[k], i);
        if (typeof take !== 'boolean') {
          bad = 'admit returned ' + describe(take) + ', not a boolean, at access ' + i;
          break;
        }
      }
      if (take) {
        if (!makeRoom(sizes[k], i)) break;
        load(k, i, false);
        codes[i] = 1;
      } else codes[i] = 2;
    }
    if (prefetch && !runPrefetch(k, i)) break;
    if (i >= warmup) (occupancySum += used), samples++;
  }

  return {
    codes: codes,
    prefetchCounts: prefetchCounts,
    victims: victims.slice(0, nv),
    prefetched: prefetched.slice(0, np),
    hits: hits,
    misses: misses,
    evictions: nv,
    prefetchLoads: np,
    prefetchUsed: prefetchUsed,
    occupancySum: occupancySum,
    samples: samples,
    method: typeof a.method === 'string' ? a.method.slice(0, 64) : '',
    badType: bad,
  };
}

// block: binary search over the first n values of a sorted array, and a sorted insert.
// the first index whose value is >= x (n when there is none)
function lowerBound(a, n, x) {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// the first index whose value is > x
function upperBound(a, n, x) {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// inserts x keeping a[0..n) sorted (a must have room for n + 1); returns the new count
function sortedInsert(a, n, x) {
  const at = upperBound(a, n, x);
  for (let i = n; i > at; i--) a[i] = a[i - 1];
  a[at] = x;
  return n + 1;
}

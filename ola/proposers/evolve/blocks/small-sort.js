// block: small sorts. insertion sort of a numeric range in place, a stable argsort (the
// index order of keys, merge sort), and the median of a range without touching the input.
function insertionSort(a, from, to) {
  for (let i = from + 1; i < to; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= from && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}

function argsort(keys, n) {
  let idx = new Int32Array(n);
  let tmp = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = keys[idx[j]] < keys[idx[i]] ? idx[j++] : idx[i++];
      while (i < mid) tmp[k++] = idx[i++];
      while (j < hi) tmp[k++] = idx[j++];
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}

function medianOf(a, from, to) {
  const n = to - from;
  if (n <= 0) return NaN;
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = a[from + i];
  insertionSort(s, 0, n);
  const m = n >> 1;
  return n % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

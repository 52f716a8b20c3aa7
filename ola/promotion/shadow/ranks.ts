// one pass over two sorted samples that yields what the rank test and the effect size need:
// x's rank sum (midranks for ties), the tie term, and cliff's dominance sums. o(n log n).

export interface Ranked {
  n1: number;
  n2: number;
  /** sum of x's midranks in the pooled sample */
  rankSumX: number;
  /** sum over tie groups of t^3 - t (0 when every value is distinct) */
  tieTerm: number;
  /** x-y pairs that are equal */
  tiedPairs: number;
  /** sums over x of d_i. = mean_j sign(x_i - y_j), and of its square */
  rowSum: number;
  rowSumSq: number;
  /** sums over y of d_.j = mean_i sign(x_i - y_j), and of its square */
  colSum: number;
  colSumSq: number;
}

function sortedCopy(values: ArrayLike<number>, name: string): Float64Array {
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new RangeError(`${name}[${i}] is ${out[i]}: every value must be a finite number`);
  }
  return out.sort();
}

/** throws a RangeError on an empty sample or a non-finite value */
export function rankSamples(x: ArrayLike<number>, y: ArrayLike<number>): Ranked {
  if (x.length === 0 || y.length === 0) throw new RangeError(`both samples need a value (sizes ${x.length} and ${y.length})`);
  const xs = sortedCopy(x, 'x');
  const ys = sortedCopy(y, 'y');
  const n1 = xs.length;
  const n2 = ys.length;
  const r: Ranked = { n1, n2, rankSumX: 0, tieTerm: 0, tiedPairs: 0, rowSum: 0, rowSumSq: 0, colSum: 0, colSumSq: 0 };
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    const xBelow = i;
    const yBelow = j;
    while (i < n1 && xs[i] === v) i++;
    while (j < n2 && ys[j] === v) j++;
    const cx = i - xBelow;
    const cy = j - yBelow;
    const t = cx + cy;
    // ranks xBelow + yBelow + 1 .. + t share their mean
    r.rankSumX += cx * (xBelow + yBelow + (t + 1) / 2);
    r.tieTerm += t * t * t - t;
    r.tiedPairs += cx * cy;
    if (cx > 0) {
      const d = (yBelow - (n2 - j)) / n2;
      r.rowSum += cx * d;
      r.rowSumSq += cx * d * d;
    }
    if (cy > 0) {
      const d = (n1 - i - xBelow) / n1;
      r.colSum += cy * d;
      r.colSumSq += cy * d * d;
    }
  }
  return r;
}

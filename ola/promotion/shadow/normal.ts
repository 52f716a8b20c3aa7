// the standard normal distribution: tail probabilities to ~1e-14 relative, and the quantile.
// no dependency: erfc from its power series near 0 and its continued fraction further out.

const SQRT_PI = Math.sqrt(Math.PI);

/** erfc(x) for x >= 0 */
function erfcPositive(x: number): number {
  if (x < 2) {
    // erf by its maclaurin series; terms peak near e^(x^2) < 55, so 1 - erf keeps ~13 digits
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return 1 - (2 / SQRT_PI) * sum;
  }
  if (x > 27) return 0; // below the smallest double
  // continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), evaluated from the tail
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (SQRT_PI * f);
}

export function erfc(x: number): number {
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/** P(Z <= z) */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(Z >= z), accurate far into the upper tail */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** the z with P(Z <= z) = p, by bisection (p in (0, 1)) */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

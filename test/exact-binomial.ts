// Exact binomial bounds computed the slow, obvious way, to check src/stats without using it:
// the binomial CDF summed term by term, and the Clopper–Pearson limits found by bisection on it.

/** P(X ≤ k) for X ~ binomial(n, p), summed term by term. */
export function binomialCdfDirect(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  let term = Math.pow(1 - p, n);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return sum;
}

/** The p in [0, 1] where a decreasing f(p) crosses target, by 200 halvings. */
function bisect(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-sided Clopper–Pearson: P(X ≥ k; lower) = α/2 and P(X ≤ k; upper) = α/2. */
export function exactInterval(k: number, n: number, confidence: number): { lower: number; upper: number } {
  const a = (1 - confidence) / 2;
  return {
    lower: k === 0 ? 0 : bisect((p) => binomialCdfDirect(k - 1, n, p), 1 - a),
    upper: k === n ? 1 : bisect((p) => binomialCdfDirect(k, n, p), a),
  };
}

/** One-sided upper bound: P(X ≤ k; upper) = 1 − confidence. */
export function exactUpperOneSided(k: number, n: number, confidence: number): number {
  return k === n ? 1 : bisect((p) => binomialCdfDirect(k, n, p), 1 - confidence);
}

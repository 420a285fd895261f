// Exact binomial and hypergeometric probabilities and Clopper–Pearson bounds (Clopper & Pearson 1934,
// Biometrika 26(4): 404–413): lower = B(α/2; k, n−k+1), upper = B(1−α/2; k+1, n−k), as R's binom.test.
import { betaInc, betaInv, logChoose } from './beta.js';

export function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sample size n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`count k must be an integer in 0..${n}, got ${k}`);
}

export function checkConfidence(c: number): void {
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be strictly between 0 and 1, got ${c}`);
}

export interface Interval {
  lower: number;
  upper: number;
}

/** Two-sided exact (Clopper–Pearson) interval for a binomial proportion k/n; k = 0 gives lower 0, k = n upper 1. */
export function clopperPearson(k: number, n: number, confidence = 0.95): Interval {
  checkCounts(k, n);
  checkConfidence(confidence);
  const alpha = 1 - confidence;
  const lower = k === 0 ? 0 : betaInv(alpha / 2, k, n - k + 1);
  const upper = k === n ? 1 : betaInv(1 - alpha / 2, k + 1, n - k);
  return { lower, upper };
}

/**
 * One-sided exact upper confidence bound for a proportion (the figure auditors quote as the "upper
 * deviation limit"): the p with P(X ≤ k | n, p) = 1 − confidence. For k = 0 this is 1 − (1−c)^(1/n).
 */
export function upperBoundOneSided(k: number, n: number, confidence = 0.95): number {
  checkCounts(k, n);
  checkConfidence(confidence);
  if (k === n) return 1;
  if (k === 0) return 1 - Math.pow(1 - confidence, 1 / n);
  return betaInv(confidence, k + 1, n - k);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  if (k === 0) return Math.exp(n * Math.log1p(-p));
  // P(X ≤ k) = I_{1−p}(n − k, k + 1).
  return betaInc(1 - p, n - k, k + 1);
}

/** P(X ≤ k) for X ~ Hypergeometric(population N, D marked items, sample n). */
export function hypergeometricCdf(k: number, populationSize: number, marked: number, n: number): number {
  const N = populationSize;
  const D = marked;
  if (![k, N, D, n].every(Number.isInteger) || D < 0 || D > N || n < 0 || n > N) {
    throw new RangeError(`hypergeometric: need integers 0 ≤ D ≤ N, 0 ≤ n ≤ N (N=${N}, D=${D}, n=${n})`);
  }
  const xmin = Math.max(0, n - (N - D));
  const xmax = Math.min(n, D);
  if (k < xmin) return 0;
  if (k >= xmax) return 1;
  return hypergeometricSum(k, N, D, n, xmin, logHyperStart(N, D, n, xmin));
}

/** ln P(X = xmin): a running product when xmin = 0 (accurate), log-gamma otherwise. */
export function logHyperStart(N: number, D: number, n: number, xmin: number): number {
  if (xmin > 0) return logChoose(D, xmin) + logChoose(N - D, n - xmin) - logChoose(N, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log((N - D - i) / (N - i));
  return s;
}

/** Σ_{x = xmin..k} P(X = x) by the ratio P(x+1)/P(x) = (D−x)(n−x) / ((x+1)(N−D−n+x+1)). */
export function hypergeometricSum(k: number, N: number, D: number, n: number, xmin: number, logStart: number): number {
  let term = Math.exp(logStart);
  let sum = term;
  for (let x = xmin; x < k; x++) {
    term *= ((D - x) * (n - x)) / ((x + 1) * (N - D - n + x + 1));
    sum += term;
  }
  return Math.min(1, sum);
}

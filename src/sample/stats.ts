// Exact binomial and hypergeometric statistics for audit samples: Clopper–Pearson bounds and attribute sample sizes.
//
// Pure functions, no dependencies. Sources:
// - Regularized incomplete beta by the modified Lentz continued fraction: Press, Teukolsky, Vetterling,
//   Flannery, Numerical Recipes (3rd ed., 2007), §6.4 (betai/betacf); log-gamma by the Lanczos
//   approximation (g = 7, 9 coefficients), Numerical Recipes §6.1.
// - Clopper, C. J. & Pearson, E. S. (1934), "The use of confidence or fiducial limits illustrated in the
//   case of the binomial", Biometrika 26(4): 404–413. Bounds as beta quantiles: lower = B(α/2; k, n−k+1),
//   upper = B(1−α/2; k+1, n−k) — the same as R's binom.test.
// - Attribute sample sizes: AICPA Audit Guide "Audit Sampling" (2008 edition on; the tables are unchanged
//   since), Appendix A, Tables A-1 (5% risk of overreliance) and A-2 (10% risk), computed as documented in
//   T. R. Stewart, "Technical Notes on the AICPA Audit Guide Audit Sampling" (AICPA, 2012): the smallest n
//   such that, were the population deviation rate the tolerable rate, finding at most the expected number
//   of deviations would have probability ≤ the risk; the expected number of deviations in a sample of n
//   is ceil(expected rate × n) (the figures in parentheses: 5% tolerable, 1% expected → 93 (1)). Every
//   cell checked in test/sample-stats.test.ts reproduces Table A-1. With a population of N items the
//   exact model is hypergeometric, the population holding ceil(tolerable × N) deviations.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, relative error about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be positive, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Continued fraction for the incomplete beta function, modified Lentz (Numerical Recipes betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const MAX_ITER = 10000;
  const EPS = 1e-16;
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`incomplete beta: continued fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/** The regularized incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function betaInc(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`betaInc: a and b must be positive (a=${a}, b=${b})`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`betaInc: x must be in [0, 1], got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The p-quantile of the Beta(a, b) distribution: the x with I_x(a, b) = p, by bisection to full double precision. */
export function betaInv(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaInv: p must be in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  // I_x is increasing in x; bisect until the interval cannot shrink (well below 1e-12), at most 1100 steps.
  for (let i = 0; i < 1100; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (betaInc(mid, a, b) < p) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-15 * Math.max(lo, 1e-300)) break;
  }
  return (lo + hi) / 2;
}

function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sample size n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`count k must be an integer in 0..${n}, got ${k}`);
}

function checkConfidence(c: number): void {
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
function logHyperStart(N: number, D: number, n: number, xmin: number): number {
  if (xmin > 0) return logChoose(D, xmin) + logChoose(N - D, n - xmin) - logChoose(N, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log((N - D - i) / (N - i));
  return s;
}

/** Σ_{x = xmin..k} P(X = x) by the ratio P(x+1)/P(x) = (D−x)(n−x) / ((x+1)(N−D−n+x+1)). */
function hypergeometricSum(k: number, N: number, D: number, n: number, xmin: number, logStart: number): number {
  let term = Math.exp(logStart);
  let sum = term;
  for (let x = xmin; x < k; x++) {
    term *= ((D - x) * (n - x)) / ((x + 1) * (N - D - n + x + 1));
    sum += term;
  }
  return Math.min(1, sum);
}

export interface AttributeSizeInput {
  /** Confidence level, e.g. 0.95 (risk of overreliance = 1 − confidence). */
  confidence: number;
  /** Tolerable deviation rate, e.g. 0.05. */
  tolerable: number;
  /** Expected population deviation rate (AICPA), e.g. 0.01; default 0. */
  expected?: number;
  /** Population size: when given, the exact hypergeometric model is used. */
  population?: number;
}

export interface AttributeSize {
  /** The sample size. */
  n: number;
  /** Deviations the sample may contain and still support the conclusion: ceil(expected × n). */
  allowedDeviations: number;
  /** 'binomial' (infinite population) or 'hypergeometric' (population N given). */
  model: 'binomial' | 'hypergeometric';
  /** Probability of finding at most allowedDeviations if the population rate were the tolerable rate (≤ 1 − confidence). */
  risk: number;
  /** For the hypergeometric model: the deviations the population would hold at the tolerable rate, ceil(tolerable × N). */
  populationDeviations?: number;
}

/** Numbers within this relative distance of an integer are that integer (0.1 × 30 = 3.0000000000000004). */
function ceilTolerant(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : Math.ceil(x);
}

/** Allowed deviations in a sample of n at the expected rate (AICPA: the expected count, rounded up). */
export function allowedDeviations(expected: number, n: number): number {
  return expected > 0 ? ceilTolerant(expected * n) : 0;
}

/**
 * Attribute-sampling sample size (AICPA Audit Sampling, Appendix A): the smallest n such that
 * P(X ≤ ceil(expected × n)) ≤ 1 − confidence when the population deviation rate is the tolerable rate,
 * X binomial(n, tolerable) — or, with a population N, hypergeometric(N, ceil(tolerable × N), n).
 * Throws RangeError when the inputs are out of range or no sample up to 1,000,000 (or N) suffices.
 */
export function attributeSampleSize(input: AttributeSizeInput): AttributeSize {
  const { confidence, tolerable } = input;
  const expected = input.expected ?? 0;
  checkConfidence(confidence);
  if (!(tolerable > 0 && tolerable < 1)) throw new RangeError(`tolerable rate must be strictly between 0 and 1, got ${tolerable}`);
  if (!(expected >= 0 && expected < tolerable)) {
    throw new RangeError(`expected rate must be at least 0 and below the tolerable rate ${tolerable}, got ${expected}`);
  }
  const risk = 1 - confidence;
  // A probability that equals the risk up to rounding counts as meeting it.
  const meets = (p: number): boolean => p <= risk * (1 + 1e-12);
  if (input.population === undefined) {
    const MAX_N = 1_000_000;
    for (let n = 1; n <= MAX_N; n++) {
      const e = allowedDeviations(expected, n);
      if (e >= n) continue;
      const p = binomialCdf(e, n, tolerable);
      if (meets(p)) return { n, allowedDeviations: e, model: 'binomial', risk: p };
    }
    throw new RangeError(`no sample of up to ${MAX_N} items reaches ${confidence} confidence; the expected rate is too close to the tolerable rate`);
  }
  const N = input.population;
  if (!Number.isInteger(N) || N < 1) throw new RangeError(`population must be a positive integer, got ${N}`);
  const D = Math.min(N, ceilTolerant(tolerable * N));
  // Running ln P(X = 0) = Σ_{i<n} ln((N−D−i)/(N−i)), updated as n grows.
  let logP0 = 0;
  for (let n = 1; n <= N; n++) {
    logP0 = n <= N - D ? logP0 + Math.log((N - D - (n - 1)) / (N - (n - 1))) : -Infinity;
    const e = allowedDeviations(expected, n);
    const xmin = Math.max(0, n - (N - D));
    const xmax = Math.min(n, D);
    let p: number;
    if (e < xmin) p = 0;
    else if (e >= xmax) p = 1;
    else p = hypergeometricSum(e, N, D, n, xmin, xmin === 0 ? logP0 : logHyperStart(N, D, n, xmin));
    if (meets(p)) return { n, allowedDeviations: e, model: 'hypergeometric', risk: p, populationDeviations: D };
  }
  throw new RangeError(
    `even a full review of all ${N} items cannot show a rate below ${tolerable} with ${ceilTolerant(expected * N)} expected deviations`,
  );
}

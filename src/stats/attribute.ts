// Attribute-sampling sample sizes (AICPA Audit Sampling, Appendix A), binomial or hypergeometric.
//
// - Attribute sample sizes: AICPA Audit Guide "Audit Sampling" (2008 edition on; the tables are unchanged
//   since), Appendix A, Tables A-1 (5% risk of overreliance) and A-2 (10% risk), computed as documented in
//   T. R. Stewart, "Technical Notes on the AICPA Audit Guide Audit Sampling" (AICPA, 2012): the smallest n
//   such that, were the population deviation rate the tolerable rate, finding at most the expected number
//   of deviations would have probability ≤ the risk; the expected number of deviations in a sample of n
//   is ceil(expected rate × n) (the figures in parentheses: 5% tolerable, 1% expected → 93 (1)). Every
//   cell checked in test/sample-stats.test.ts reproduces Table A-1. With a population of N items the
//   exact model is hypergeometric, the population holding ceil(tolerable × N) deviations.
import { binomialCdf, checkConfidence, hypergeometricSum, logHyperStart } from './binomial.js';

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

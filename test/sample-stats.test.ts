// Exact statistics of the backtracking sample against published reference values.
import { describe, it, expect } from 'vitest';
import {
  attributeSampleSize, betaInc, betaInv, binomialCdf, clopperPearson, hypergeometricCdf, logGamma, upperBoundOneSided,
} from '../src/stats/index.js';
import { exactInterval, exactUpperOneSided } from './exact-binomial.js';

describe('logGamma / betaInc / betaInv', () => {
  it('matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9); // ln(100!)
    expect(betaInc(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    expect(betaInc(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(betaInc(0.2, 2, 3)).toBeCloseTo(0.1808, 12); // 1 − (1−x)^3 (1+3x) at x = 0.2
    for (const [p, a, b] of [[0.025, 5, 6], [0.975, 6, 5], [0.5, 0.5, 3], [1e-6, 3, 200]] as const) {
      expect(betaInc(betaInv(p, a, b), a, b)).toBeCloseTo(p, 12);
    }
  });
});

describe('clopperPearson', () => {
  // Reference: R binom.test(k, n)$conf.int, and scipy.stats.beta.ppf.
  it('k = 0, n = 10 → [0, 0.3084971]', () => {
    const ci = clopperPearson(0, 10);
    expect(ci.lower).toBe(0);
    expect(ci.upper).toBeCloseTo(0.3084971078187607, 12);
  });
  it('k = 5, n = 10 → [0.1870860, 0.8129140] (R binom.test(5, 10))', () => {
    const ci = clopperPearson(5, 10);
    expect(ci.lower).toBeCloseTo(0.187086028447398, 12);
    expect(ci.upper).toBeCloseTo(0.812913971552601, 12);
  });
  it('k = 1, n = 20 → [0.001265089, 0.248732763]', () => {
    const ci = clopperPearson(1, 20);
    expect(ci.lower).toBeCloseTo(0.0012650894979498, 14);
    expect(ci.upper).toBeCloseTo(0.2487327627720278, 12);
  });
  it('k = n → upper 1; lower = (α/2)^(1/n)', () => {
    const ci = clopperPearson(59, 59);
    expect(ci.upper).toBe(1);
    expect(ci.lower).toBeCloseTo(Math.pow(0.025, 1 / 59), 12);
  });
  it('other levels and larger samples', () => {
    const ci = clopperPearson(7, 300);
    expect(ci.lower).toBeCloseTo(0.009431502061794628, 12);
    expect(ci.upper).toBeCloseTo(0.047482565029781855, 12);
    const ci90 = clopperPearson(2, 40, 0.9);
    expect(ci90.lower).toBeCloseTo(0.008956945592975591, 12); // scipy beta.ppf(0.05, 2, 39)
    expect(ci90.upper).toBeCloseTo(0.14915196127321298, 12); // scipy beta.ppf(0.95, 3, 38)
  });
  it('agrees with bisection on the binomial CDF summed term by term (an independent method)', () => {
    for (const [k, n, c] of [[0, 10, 0.95], [5, 10, 0.95], [1, 20, 0.95], [7, 300, 0.95], [2, 40, 0.9], [3, 59, 0.99], [12, 12, 0.95]] as const) {
      const ci = clopperPearson(k, n, c);
      const ref = exactInterval(k, n, c);
      expect(ci.lower, `${k}/${n}`).toBeCloseTo(ref.lower, 10);
      expect(ci.upper, `${k}/${n}`).toBeCloseTo(ref.upper, 10);
      expect(upperBoundOneSided(k, n, c), `${k}/${n}`).toBeCloseTo(exactUpperOneSided(k, n, c), 10);
    }
    // And the reference itself reproduces R's binom.test(5, 10)$conf.int.
    expect(exactInterval(5, 10, 0.95).lower).toBeCloseTo(0.187086028447398, 10);
  });
  it('rejects impossible counts', () => {
    expect(() => clopperPearson(3, 2)).toThrow(RangeError);
    expect(() => clopperPearson(0, 0)).toThrow(RangeError);
    expect(() => clopperPearson(1, 10, 1)).toThrow(RangeError);
  });
});

describe('upperBoundOneSided', () => {
  it('k = 0 is 1 − (1 − c)^(1/n): n = 59 → 0.0495', () => {
    expect(upperBoundOneSided(0, 59)).toBeCloseTo(1 - Math.pow(0.05, 1 / 59), 15);
    expect(upperBoundOneSided(0, 59)).toBeCloseTo(0.04951, 5);
    expect(upperBoundOneSided(0, 59)).toBeLessThan(0.05);
    expect(upperBoundOneSided(0, 58)).toBeGreaterThan(0.05);
  });
  it('k > 0 is the beta quantile (scipy beta.ppf(0.95, k+1, n−k))', () => {
    expect(upperBoundOneSided(1, 20)).toBeCloseTo(0.2161061642068473, 12);
    expect(upperBoundOneSided(3, 59)).toBeCloseTo(0.12620655673085027, 12);
    expect(upperBoundOneSided(5, 10)).toBeCloseTo(0.7775588989918706, 12);
    expect(upperBoundOneSided(10, 10)).toBe(1);
  });
  it('is where the binomial CDF equals 1 − c', () => {
    const u = upperBoundOneSided(4, 120);
    expect(binomialCdf(4, 120, u)).toBeCloseTo(0.05, 12);
  });
});

describe('attributeSampleSize', () => {
  // AICPA Audit Sampling guide, Appendix A: Table A-1 (5% risk) and A-2 (10% risk).
  it('95% confidence, 5% tolerable, 0 expected → 59', () => {
    const r = attributeSampleSize({ confidence: 0.95, tolerable: 0.05 });
    expect(r).toMatchObject({ n: 59, allowedDeviations: 0, model: 'binomial' });
    expect(r.risk).toBeCloseTo(Math.pow(0.95, 59), 15);
  });
  it('95%, 10% → 29; 90%, 5% → 45', () => {
    expect(attributeSampleSize({ confidence: 0.95, tolerable: 0.1 }).n).toBe(29);
    expect(attributeSampleSize({ confidence: 0.9, tolerable: 0.05 }).n).toBe(45);
  });
  it('AICPA Table A-1 with expected deviations: 5% tolerable, 1% expected → 93 (1)', () => {
    expect(attributeSampleSize({ confidence: 0.95, tolerable: 0.05, expected: 0.01 })).toMatchObject({ n: 93, allowedDeviations: 1 });
  });
  it('more Table A-1 / A-2 cells', () => {
    const cell = (confidence: number, tolerable: number, expected: number) => {
      const r = attributeSampleSize({ confidence, tolerable, expected });
      return `${r.n}(${r.allowedDeviations})`;
    };
    expect(cell(0.95, 0.05, 0.0025)).toBe('93(1)');
    expect(cell(0.95, 0.05, 0.0125)).toBe('124(2)');
    expect(cell(0.95, 0.05, 0.0175)).toBe('153(3)');
    expect(cell(0.95, 0.05, 0.02)).toBe('181(4)');
    expect(cell(0.95, 0.04, 0.015)).toBe('192(3)');
    expect(cell(0.95, 0.03, 0.0075)).toBe('208(2)');
    expect(cell(0.95, 0.02, 0.0025)).toBe('236(1)');
    expect(cell(0.95, 0.02, 0)).toBe('149(0)');
    expect(cell(0.9, 0.05, 0.01)).toBe('77(1)');
  });
  it('whole Table A-1 rows (5% risk): 3%, 4%, 5% and 7% expected', () => {
    const row = (expected: number, tolerables: number[]) =>
      tolerables.map((tolerable) => {
        const r = attributeSampleSize({ confidence: 0.95, tolerable, expected });
        return `${r.n}(${r.allowedDeviations})`;
      }).join(' ');
    expect(row(0.03, [0.06, 0.07, 0.08, 0.09, 0.1, 0.15, 0.2])).toBe('195(6) 129(4) 95(3) 84(3) 61(2) 30(1) 22(1)');
    expect(row(0.04, [0.07, 0.08, 0.09, 0.1, 0.15, 0.2])).toBe('221(9) 146(6) 100(4) 89(4) 40(2) 22(1)');
    expect(row(0.05, [0.09, 0.1, 0.15, 0.2])).toBe('158(8) 116(6) 40(2) 30(2)');
    expect(row(0.07, [0.15, 0.2])).toBe('68(5) 37(3)');
    expect(row(0, [0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.15, 0.2])).toBe('149(0) 99(0) 74(0) 59(0) 49(0) 42(0) 36(0) 32(0) 29(0) 19(0) 14(0)');
  });
  it('hypergeometric: N = 100, 5 defects at 5% tolerable → smallest n with C(95,n)/C(100,n) ≤ 0.05 is 45', () => {
    const r = attributeSampleSize({ confidence: 0.95, tolerable: 0.05, population: 100 });
    expect(r).toMatchObject({ n: 45, allowedDeviations: 0, model: 'hypergeometric', populationDeviations: 5 });
    const ratio = (n: number): number => {
      let p = 1;
      for (let i = 0; i < n; i++) p *= (95 - i) / (100 - i);
      return p;
    };
    expect(ratio(45)).toBeLessThanOrEqual(0.05);
    expect(ratio(44)).toBeGreaterThan(0.05);
    expect(r.risk).toBeCloseTo(ratio(45), 14);
  });
  it('hypergeometric sizes (checked with scipy.stats.hypergeom)', () => {
    const n = (N: number, expected = 0) => attributeSampleSize({ confidence: 0.95, tolerable: 0.05, expected, population: N }).n;
    expect(n(30)).toBe(23);
    expect(n(50)).toBe(31);
    expect(n(312)).toBe(52);
    expect(n(1000)).toBe(57);
    expect(n(100, 0.01)).toBe(65);
    expect(n(1000, 0.01)).toBe(90);
    expect(n(1_000_000)).toBe(59);
  });
  it('refuses an expected rate at or above the tolerable rate', () => {
    expect(() => attributeSampleSize({ confidence: 0.95, tolerable: 0.05, expected: 0.05 })).toThrow(RangeError);
    expect(() => attributeSampleSize({ confidence: 1.2, tolerable: 0.05 })).toThrow(RangeError);
  });
});

describe('hypergeometricCdf / binomialCdf', () => {
  it('match scipy', () => {
    expect(hypergeometricCdf(2, 100, 5, 45)).toBeCloseTo(0.5950373448348412, 13);
    expect(hypergeometricCdf(0, 10, 3, 8)).toBe(0); // at least one marked item must be drawn
    expect(hypergeometricCdf(3, 10, 3, 8)).toBe(1);
    expect(binomialCdf(3, 50, 0.1)).toBeCloseTo(0.250293905953308, 13);
    expect(binomialCdf(0, 59, 0.05)).toBeCloseTo(Math.pow(0.95, 59), 15);
  });
});

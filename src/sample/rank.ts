// The seeded, order-free core of a draw: hash ranks, stratum allocation, digests. No I/O, no Math.random.
import { createHash, randomBytes } from 'node:crypto';
import type { StratifyKey } from './settings.js';

/**
 * Names the algorithm below; part of every rank, so a future change of method can never silently
 * re-use old seeds. Rank of a case = SHA-256 of `${ALGORITHM}|${seed}|${stratum}|${case_id}` (UTF-8),
 * as 64 lowercase hex digits; in each stratum the cases with the lowest ranks are drawn.
 */
export const ALGORITHM = 'jiceng-sample-v1';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A case's rank in its stratum: anyone can recompute it with `printf '%s' '<input>' | sha256sum`. */
export function rankKey(seed: string, stratum: string, caseId: string): string {
  return sha256Hex(rankInput(seed, stratum, caseId));
}

export function rankInput(seed: string, stratum: string, caseId: string): string {
  return `${ALGORITHM}|${seed}|${stratum}|${caseId}`;
}

/**
 * Compares strings by Unicode code point, which is also the byte order of their UTF-8 (`LC_ALL=C sort`).
 * JavaScript's `<` compares UTF-16 code units, which differs for characters beyond U+FFFF; this does not.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return remap(x) - remap(y);
  }
  return a.length - b.length;
}

/** Surrogates (astral code points) sort after every BMP character from U+E000 up. */
function remap(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

/** SHA-256 of the case ids sorted by code point and joined by '\n' (no trailing newline). */
export function populationDigest(caseIds: string[]): string {
  return sha256Hex([...caseIds].sort(compareCodePoints).join('\n'));
}

/** A fresh seed: 64 random bits as 16 hex digits (printed and stored, so the draw can be repeated). */
export function generateSeed(): string {
  return randomBytes(8).toString('hex');
}

/** Rates are held in millionths so that ⌈rate × size⌉ is exact integer arithmetic (0.1 × 30 is 3, not 4). */
export function rateMicros(rate: number): number {
  return Math.round(rate * 1_000_000);
}

/** ⌈rate × size⌉ exactly, for a rate given to six decimals. */
export function ceilShare(rate: number, size: number): number {
  const micros = rateMicros(rate);
  return Math.floor((micros * size + 999_999) / 1_000_000);
}

/** Cases to draw at random from a stratum's remainder: max(min, ⌈rate × size⌉), at most size; 0 for an empty stratum. */
export function allocate(size: number, rate: number, minPerStratum: number): number {
  if (size <= 0) return 0;
  return Math.min(size, Math.max(minPerStratum, ceilShare(rate, size)));
}

/** One case of the backtrack population as the draw sees it. */
export interface Member {
  case_id: string;
  /** The stratum's values, one per stratify key. */
  values: Record<StratifyKey, string>;
  /** Taken with certainty (amount above the threshold): counted apart, never ranked out. */
  certainty: boolean;
}

export interface StratumDraw {
  /** The stratum's key: its values joined by '|' in stratify order (station first). */
  stratum: string;
  values: Partial<Record<StratifyKey, string>>;
  population: number;
  certainty: number;
  /** Cases left for the random draw: population − certainty. */
  remainder: number;
  /** Drawn at random from the remainder. */
  drawn: number;
  /** certainty + drawn. */
  sampled: number;
}

export interface DrawnCase {
  case_id: string;
  stratum: string;
  values: Partial<Record<StratifyKey, string>>;
  rank_key: string;
  certainty: boolean;
}

export interface CoreDraw {
  population_size: number;
  population_digest: string;
  strata: StratumDraw[];
  /** Ordered by stratum, then certainty items by case id, then the drawn cases by rank. */
  cases: DrawnCase[];
}

export interface CoreParams {
  seed: string;
  rate: number;
  stratify: StratifyKey[];
  minPerStratum: number;
}

export function stratumKeyOf(values: Partial<Record<StratifyKey, string>>, stratify: StratifyKey[]): string {
  return stratify.map((k) => values[k] ?? '').join('|');
}

/**
 * Draws the sample from a population. The result depends only on the set of members and the
 * parameters, never on their order: strata and cases are sorted by code point, and each case's
 * rank is a hash of (algorithm, seed, stratum, case id).
 *
 * Prefix property: a case's rank does not depend on the rate, and the number drawn from a stratum,
 * max(min, ⌈rate × remainder⌉) capped at the remainder, never decreases when the rate (or the minimum)
 * rises. The draw is the lowest-ranked cases, so a draw at a lower rate is the first part of the same
 * ranking as a draw at a higher rate: raising the rate with the same seed keeps every case drawn before.
 */
export function drawCore(members: Member[], params: CoreParams): CoreDraw {
  const groups = new Map<string, { values: Partial<Record<StratifyKey, string>>; members: Member[] }>();
  const ids: string[] = [];
  for (const m of members) {
    ids.push(m.case_id);
    const values: Partial<Record<StratifyKey, string>> = {};
    for (const k of params.stratify) values[k] = m.values[k];
    const key = stratumKeyOf(values, params.stratify);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values, members: [] }));
    g.members.push(m);
  }
  if (new Set(ids).size !== ids.length) throw new Error('drawCore: the population holds a case id twice');
  const strata: StratumDraw[] = [];
  const cases: DrawnCase[] = [];
  for (const key of [...groups.keys()].sort(compareCodePoints)) {
    const g = groups.get(key)!;
    const certain = g.members.filter((m) => m.certainty).sort((a, b) => compareCodePoints(a.case_id, b.case_id));
    const ranked = g.members
      .filter((m) => !m.certainty)
      .map((m) => ({ m, rank: rankKey(params.seed, key, m.case_id) }))
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : compareCodePoints(a.m.case_id, b.m.case_id)));
    const n = allocate(ranked.length, params.rate, params.minPerStratum);
    for (const m of certain) cases.push({ case_id: m.case_id, stratum: key, values: g.values, rank_key: rankKey(params.seed, key, m.case_id), certainty: true });
    for (const r of ranked.slice(0, n)) cases.push({ case_id: r.m.case_id, stratum: key, values: g.values, rank_key: r.rank, certainty: false });
    strata.push({
      stratum: key,
      values: g.values,
      population: g.members.length,
      certainty: certain.length,
      remainder: ranked.length,
      drawn: n,
      sampled: certain.length + n,
    });
  }
  return { population_size: ids.length, population_digest: populationDigest(ids), strata, cases };
}

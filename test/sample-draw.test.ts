// Drawing the backtracking sample: population, allocation, determinism, prefix property, certainty items, storage.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { drawSample, getManifest, getSampleCases, listSamples } from '../src/sample/draw.js';
import { allocate, ceilShare, compareCodePoints, drawCore, populationDigest, rankKey, ALGORITHM, type Member } from '../src/sample/rank.js';
import { normalizeStratify } from '../src/sample/settings.js';
import { say } from '../src/i18n/message.js';

// ---------------------------------------------------------------------------------------------
// Fixture: a county of four stations (one case unit unresolved), deterministic pseudo-random cases.

interface CaseRow {
  case_id: string;
  station: string;
  station_id: string | null;
  case_type: 'criminal' | 'public_security';
  category: string;
  is_major: boolean | null;
  received_at: string;
  closed_at: string | null;
  officer: string;
  amount: string | null;
}

const STATIONS = [
  ['S01', '城关派出所'],
  ['S02', '东关派出所'],
  ['S03', '河口派出所'],
  ['S04', '石桥派出所'],
] as const;

/** A small linear congruential generator: fixtures must not depend on Math.random. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeCases(n: number, seed = 7, quarterMonth = 7): CaseRow[] {
  const rnd = lcg(seed);
  const rows: CaseRow[] = [];
  for (let i = 0; i < n; i++) {
    const st = STATIONS[Math.floor(rnd() * STATIONS.length)];
    const unresolved = i % 53 === 0;
    const month = quarterMonth + Math.floor(rnd() * 3);
    const day = 1 + Math.floor(rnd() * 28);
    const type = rnd() < 0.45 ? 'criminal' : 'public_security';
    rows.push({
      case_id: `A${String(3301000 + i * 7).padStart(10, '0')}`,
      station: unresolved ? '新区警务站' : st[1],
      station_id: unresolved ? null : st[0],
      case_type: type,
      category: type === 'criminal' ? (rnd() < 0.5 ? '盗窃' : '诈骗') : '殴打他人',
      is_major: rnd() < 0.8 ? true : i % 2 ? false : null,
      received_at: `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ${String(Math.floor(rnd() * 24)).padStart(2, '0')}:15:00`,
      closed_at: rnd() < 0.6 ? `2026-10-${String(1 + Math.floor(rnd() * 20)).padStart(2, '0')} 00:00:00` : null,
      officer: `0${Math.floor(100000 + rnd() * 9000)}`,
      amount: rnd() < 0.7 ? (Math.floor(rnd() * 30000000) / 100).toFixed(2) : null,
    });
  }
  return rows;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function workspaceWith(cases: CaseRow[]): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-sample-'));
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  cleanups.push(() => ws.close());
  for (const [id, name] of STATIONS) {
    await ws.db.run(`INSERT INTO stations (station_id, station_name, unit_kind) VALUES (?, ?, 'station')`, [id, name]);
  }
  await insertCases(ws, cases);
  return ws;
}

async function insertCases(ws: Workspace, cases: CaseRow[], loadId = 1): Promise<void> {
  for (let i = 0; i < cases.length; i += 200) {
    const part = cases.slice(i, i + 200);
    await ws.db.run(
      `INSERT INTO cases (case_id, station, station_id, case_type, category, is_major, received_at, closed_at, officer, amount, _load_id, _row)
       VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP), CAST(? AS TIMESTAMP), ?, CAST(? AS DECIMAL(18,2)), ?, ?)').join(', ')}`,
      part.flatMap((c, j) => [c.case_id, c.station, c.station_id, c.case_type, c.category, c.is_major, c.received_at, c.closed_at, c.officer, c.amount, loadId, i + j + 2]),
    );
  }
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const rnd = lcg(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const inPopulation = (c: CaseRow): boolean => c.received_at.startsWith('2026-0') && ['07', '08', '09'].includes(c.received_at.slice(5, 7)) && c.is_major !== false;

// ---------------------------------------------------------------------------------------------

describe('allocate', () => {
  it('takes max(min, ⌈rate × size⌉), capped at the size', () => {
    expect(allocate(30, 0.1, 1)).toBe(3); // 0.1 × 30 is 3.0000000000000004 in floating point
    expect(allocate(31, 0.1, 1)).toBe(4);
    expect(allocate(5, 0.1, 1)).toBe(1);
    expect(allocate(5, 0.1, 0)).toBe(1); // ⌈0.5⌉
    expect(allocate(3, 0.1, 5)).toBe(3);
    expect(allocate(0, 0.1, 1)).toBe(0);
    expect(allocate(100, 0.15, 1)).toBe(15);
    expect(allocate(7, 1, 1)).toBe(7);
    expect(ceilShare(0.07, 100)).toBe(7);
    expect(ceilShare(0.1, 1_000_000)).toBe(100_000);
  });
  it('never falls below the rate in any stratum (property over sizes and rates)', () => {
    for (let size = 1; size <= 400; size++) {
      for (const rate of [0.01, 0.05, 0.1, 0.125, 0.3, 0.999]) {
        const n = allocate(size, rate, 1);
        expect(n).toBeLessThanOrEqual(size);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n / size).toBeGreaterThanOrEqual(rate - 1e-12);
        expect((n - 1) / size).toBeLessThan(rate); // and takes no more than needed
      }
    }
  });
});

describe('rankKey / populationDigest', () => {
  it('ranks are SHA-256 of "algorithm|seed|stratum|case_id", reproducible with sha256sum', () => {
    expect(ALGORITHM).toBe('jiceng-sample-v1');
    // printf '%s' 'jiceng-sample-v1|s1|S01|criminal|A1' | sha256sum
    expect(rankKey('s1', 'S01|criminal', 'A1')).toBe('4b3e66bc763514942f2daf4eba0511137a66d78f18e433df1732d55597a620dc');
  });
  it('digest sorts ids by code point, whatever the input order', () => {
    const ids = ['b', 'a', 'A10', 'A9', '𠀀x', '\uffefy'];
    expect(populationDigest(ids)).toBe(populationDigest(shuffled(ids, 3)));
    // printf 'A10\nA9\na\nb\n\xef\xbf\xafy\n\xf0\xa0\x80\x80x' | sha256sum
    expect(populationDigest(ids)).toBe('72dfddd9d01a4205476eb26a7ddc8d9f4108e4e0087ee70189e40d5c37d42175');
    expect(compareCodePoints('\uffff', '𠀀')).toBeLessThan(0); // JavaScript's < says the opposite
  });
});

describe('drawCore', () => {
  const members = (n: number): Member[] =>
    Array.from({ length: n }, (_, i) => ({
      case_id: `C${i}`,
      values: { station: `S${i % 3}`, case_type: i % 5 ? 'criminal' : 'public_security', category: '' },
      certainty: false,
    }));
  it('is independent of member order and draws at least the rate in every stratum and station', () => {
    const ms = members(437);
    const p = { seed: 'x', rate: 0.1, stratify: normalizeStratify(['case_type']), minPerStratum: 1 };
    const a = drawCore(ms, p);
    const b = drawCore(shuffled(ms, 11), p);
    expect(b).toEqual(a);
    for (const s of a.strata) expect(s.sampled / s.population).toBeGreaterThanOrEqual(0.1);
    const perStation = new Map<string, { pop: number; n: number }>();
    for (const s of a.strata) {
      const t = perStation.get(s.values.station!) ?? { pop: 0, n: 0 };
      t.pop += s.population;
      t.n += s.sampled;
      perStation.set(s.values.station!, t);
    }
    for (const t of perStation.values()) expect(t.n / t.pop).toBeGreaterThanOrEqual(0.1);
  });
  it('takes the lowest ranks in each stratum', () => {
    const ms = members(60);
    const d = drawCore(ms, { seed: 'y', rate: 0.2, stratify: ['station'], minPerStratum: 1 });
    for (const s of d.strata) {
      const all = ms.filter((m) => m.values.station === s.stratum).map((m) => rankKey('y', s.stratum, m.case_id)).sort();
      const drawn = d.cases.filter((c) => c.stratum === s.stratum).map((c) => c.rank_key);
      expect(drawn).toEqual(all.slice(0, s.drawn));
    }
  });
});

describe('drawSample', () => {
  it('draws from the backtrack population only: the quarter, criminal/public security, major or no flag', async () => {
    const cases = makeCases(400);
    cases.push({ ...cases[0], case_id: 'OUT-Q4', received_at: '2026-10-01 00:00:00' });
    cases.push({ ...cases[0], case_id: 'EDGE-END', received_at: '2026-09-30 23:59:59', is_major: true });
    cases.push({ ...cases[0], case_id: 'EDGE-START', received_at: '2026-07-01 00:00:00', is_major: null });
    const ws = await workspaceWith(cases);
    const r = await drawSample(ws, { quarter: '2026Q3', seed: 'pop', rate: 1 });
    const expected = cases.filter(inPopulation).map((c) => c.case_id);
    expect(r.manifest.population_size).toBe(expected.length);
    expect(r.manifest.population_digest).toBe(populationDigest(expected));
    expect(new Set(r.cases.map((c) => c.case_id))).toEqual(new Set(expected)); // rate 1 takes everything
    expect(expected).toContain('EDGE-END');
    expect(expected).toContain('EDGE-START');
    expect(expected).not.toContain('OUT-Q4');
  });

  it('covers at least the rate overall and in every station, with at least one per stratum', async () => {
    const cases = makeCases(900);
    const ws = await workspaceWith(cases);
    const { manifest: m, cases: drawn } = await drawSample(ws, { quarter: '2026年第三季度', seed: 'cov' });
    expect(m.quarter).toBe('2026Q3');
    expect(m.rate).toBe(0.1);
    expect(m.stratify).toEqual(['station', 'case_type']);
    expect(m.sample_size / m.population_size).toBeGreaterThanOrEqual(0.1);
    const pop = cases.filter(inPopulation);
    const stationOf = (c: CaseRow): string => c.station_id ?? `(unknown):${c.station}`;
    const popBy = new Map<string, number>();
    for (const c of pop) popBy.set(stationOf(c), (popBy.get(stationOf(c)) ?? 0) + 1);
    const byId = new Map(pop.map((c) => [c.case_id, c]));
    const sampleBy = new Map<string, number>();
    for (const d of drawn) {
      const c = byId.get(d.case_id)!;
      expect(c).toBeDefined();
      sampleBy.set(stationOf(c), (sampleBy.get(stationOf(c)) ?? 0) + 1);
    }
    expect([...popBy.keys()].sort()).toContain('(unknown):新区警务站');
    for (const [st, n] of popBy) expect((sampleBy.get(st) ?? 0) / n).toBeGreaterThanOrEqual(0.1);
    for (const s of m.strata) {
      expect(s.sampled).toBeGreaterThanOrEqual(1);
      expect(s.sampled).toBeLessThanOrEqual(s.population);
      expect(s.sampled / s.population).toBeGreaterThanOrEqual(0.1);
    }
    // Stored: manifest and cases.
    const stored = await getManifest(ws.db, m.sample_id);
    expect(stored).toEqual(m);
    const sc = await getSampleCases(ws.db, m.sample_id);
    expect(sc.map((c) => c.case_id).sort()).toEqual(drawn.map((c) => c.case_id).sort());
    expect(m.sample_id).toMatch(/^2026Q3-[0-9a-f]{8}$/);
  });

  it('honours min-per-stratum', async () => {
    const ws = await workspaceWith(makeCases(300));
    const { manifest: m } = await drawSample(ws, { quarter: '2026Q3', seed: 'min', minPerStratum: 4 });
    for (const s of m.strata) expect(s.sampled).toBe(Math.min(s.population, Math.max(4, Math.ceil(0.1 * s.population - 1e-9))));
  });

  it('the same seed twice gives the identical sample (and the same id, stored once)', async () => {
    const ws = await workspaceWith(makeCases(500));
    const a = await drawSample(ws, { quarter: '2026Q3', seed: 'twice', now: new Date(Date.UTC(2026, 9, 8, 2, 0, 0)) });
    const b = await drawSample(ws, { quarter: '2026Q3', seed: 'twice', now: new Date(Date.UTC(2026, 9, 9, 2, 0, 0)) });
    expect(b.existing).toBe(true);
    expect(b.manifest).toEqual(a.manifest); // the original record (and time) is kept
    expect(b.cases).toEqual(a.cases);
    expect((await listSamples(ws.db)).length).toBe(1);
  });

  it('a different load order gives the identical sample', async () => {
    const cases = makeCases(700, 21);
    const a = await workspaceWith(cases);
    const b = await workspaceWith(shuffled(cases, 99));
    const ra = await drawSample(a, { quarter: '2026Q3', seed: 'order', now: new Date(0) });
    const rb = await drawSample(b, { quarter: '2026Q3', seed: 'order', now: new Date(0) });
    expect(rb.manifest).toEqual(ra.manifest);
    expect(rb.cases).toEqual(ra.cases);
  });

  it('a different seed gives a different sample of the same sizes', async () => {
    const ws = await workspaceWith(makeCases(600));
    const a = await drawSample(ws, { quarter: '2026Q3', seed: 'one' });
    const b = await drawSample(ws, { quarter: '2026Q3', seed: 'two' });
    expect(b.manifest.sample_id).not.toBe(a.manifest.sample_id);
    expect(b.manifest.strata.map((s) => s.sampled)).toEqual(a.manifest.strata.map((s) => s.sampled));
    expect(b.cases.map((c) => c.case_id)).not.toEqual(a.cases.map((c) => c.case_id));
  });

  it('raising the rate with the same seed keeps every case already drawn', async () => {
    const ws = await workspaceWith(makeCases(800));
    let previous = new Set<string>();
    for (const rate of [0.05, 0.1, 0.15, 0.3, 0.5]) {
      const r = await drawSample(ws, { quarter: '2026Q3', seed: 'prefix', rate });
      const now = new Set(r.cases.map((c) => c.case_id));
      for (const id of previous) expect(now.has(id)).toBe(true);
      expect(now.size).toBeGreaterThanOrEqual(previous.size);
      previous = now;
    }
  });

  it('takes cases above the amount with certainty and counts them apart', async () => {
    const cases = makeCases(600);
    const ws = await workspaceWith(cases);
    const r = await drawSample(ws, { quarter: '2026Q3', seed: 'big', includeAllAbove: 200000 });
    const big = cases.filter((c) => inPopulation(c) && c.amount !== null && Number(c.amount) > 200000).map((c) => c.case_id).sort();
    expect(big.length).toBeGreaterThan(10);
    const certain = r.cases.filter((c) => c.certainty).map((c) => c.case_id).sort();
    expect(certain).toEqual(big);
    expect(r.manifest.certainty_size).toBe(big.length);
    for (const s of r.manifest.strata) {
      expect(s.certainty + s.remainder).toBe(s.population);
      // The random draw is on the remainder: max(1, ⌈10% of it⌉), at most all of it (the rule, not allocate() itself).
      expect(s.drawn).toBe(Math.min(s.remainder, Math.max(1, Math.ceil(s.remainder / 10))));
      expect(s.sampled).toBe(s.certainty + s.drawn);
    }
    // Exactly at the threshold is not above it.
    await ws.db.run(`UPDATE cases SET amount = 200000.00 WHERE case_id = ?`, [big[0]]);
    const r2 = await drawSample(ws, { quarter: '2026Q3', seed: 'big', includeAllAbove: 200000 });
    expect(r2.manifest.certainty_size).toBe(big.length - 1);
  });

  it('generates a printable seed when none is given', async () => {
    const ws = await workspaceWith(makeCases(200));
    const r = await drawSample(ws, { quarter: '2026Q3' });
    expect(r.seed_generated).toBe(true);
    // What a generated seed is for: typed back as --seed, it repeats the draw exactly (same id, the stored record kept).
    const again = await drawSample(ws, { quarter: '2026Q3', seed: r.manifest.seed });
    expect(again.seed_generated).toBe(false);
    expect(again.existing).toBe(true);
    expect(again.manifest.sample_id).toBe(r.manifest.sample_id);
    // And a second generated seed is another one.
    expect((await drawSample(ws, { quarter: '2026Q3' })).manifest.seed).not.toBe(r.manifest.seed);
  });

  it('defaults to the latest quarter with cases and refuses an empty one', async () => {
    const ws = await workspaceWith(makeCases(100));
    const r = await drawSample(ws, { seed: 'd' });
    expect(r.manifest.quarter).toBe('2026Q3');
    await expect(drawSample(ws, { quarter: '2025Q1', seed: 'd' })).rejects.toThrow(/2025Q1/);
    await expect(drawSample(ws, { quarter: '2026Q9', seed: 'd' })).rejects.toThrow(/2026Q9/);
    await expect(drawSample(ws, { quarter: '2026Q3', stratify: ['officer'] })).rejects.toThrow(/officer/);
  });

  it('stratifies unresolved units by the unit as written, and says so', async () => {
    const ws = await workspaceWith(makeCases(300));
    const r = await drawSample(ws, { quarter: '2026Q3', seed: 'u', lang: 'en' });
    expect(r.manifest.strata.some((s) => s.station === '(unknown):新区警务站' && s.station_name === '新区警务站')).toBe(true);
    expect(r.warnings.map((w) => say(w, 'en')).join('\n')).toMatch(/missing from the stations table/);
    expect(r.warnings.map((w) => w.code)).toContain('sample_warn_unknown_units');
  });
});

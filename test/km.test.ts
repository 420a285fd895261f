// Kaplan–Meier median_days_to_close worked by hand: tied closings, a case censored at an event time,
// S never reaching 0.5; the data date given with --as-of (computeMetrics asOf) or taken from the rows.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { lit } from '../src/db/database.js';
import { computeMetrics, type MetricsResult, type MetricValue } from '../src/metrics/run.js';
import { reasonText } from '../src/metrics/format.js';

type V = string | number | boolean | null;
const sqlValue = (v: V): string => (v === null ? 'NULL' : typeof v === 'string' ? lit(v) : String(v));
async function insert(ws: Workspace, table: string, cols: string[], rows: V[][]): Promise<void> {
  await ws.db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${rows.map((r) => `(${r.map(sqlValue).join(', ')})`).join(',\n')}`);
}

/*
 * Data date 2026-10-01 (asOf). Times are closed_at − received_at in calendar days; an open case is
 * censored at 2026-10-01 − received_at.
 *   TIE (ties): closed at 3, 7, 7, 20; one open since 07-01 (censored at 92).
 *     S(3) = 4/5; S(7) = 4/5 × (1 − 2/4) = 2/5 ≤ 1/2 → median 7.
 *   CEN (censoring at an event time): closed at 10, 10; open since 09-21 (censored at 10) twice;
 *     closed at 40, 40. At t = 10 all 6 are at risk (the censored ones too): S(10) = 1 − 2/6 = 2/3;
 *     at 40, 2 at risk, both close: S = 0 → median 40. (Dropping the censored cases before the
 *     closings would give S(10) = 1/2 and a median of 10; closed cases alone give 25.)
 *   NEV (never 0.5): closed at 5; three open since 07-01 → S(5) = 3/4 and no later event → null.
 *   County over the 15 pooled cases: S(3) = 14/15, S(5) = 13/15, S(7) = 11/15, S(10) = 11/15 × 9/11
 *     = 9/15, S(20) = 9/15 × 6/7 = 54/105 > 1/2, S(40) = 54/105 × 4/6 = 36/105 ≤ 1/2 → 40.
 */
let ws: Workspace;
let r: MetricsResult;
const get = (res: MetricsResult, station: string | null): MetricValue =>
  res.values.find((v) => v.metric === 'median_days_to_close' && (station === null ? v.scope === 'county' : v.station_id === station))!;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-km-'));
  await initWorkspace(dir);
  const w = await openWorkspace(dir);
  await insert(w, 'stations', ['station_id', 'station_name', 'county', 'unit_kind', 'area_type', 'population_resident'], [
    ['TIE', '并列派出所', '测试县', 'station', 'urban', 10000],
    ['CEN', '删失派出所', '测试县', 'station', 'rural', 10000],
    ['NEV', '未过半派出所', '测试县', 'station', 'rural', 10000],
  ]);
  const C = ['case_id', 'station', 'station_id', 'case_type', 'received_at', 'closed_at'];
  await insert(w, 'cases', C, [
    ['T1', '并列派出所', 'TIE', 'criminal', '2026-07-01 08:00:00', '2026-07-04 23:00:00'],
    ['T2', '并列派出所', 'TIE', 'criminal', '2026-07-01 20:00:00', '2026-07-08 01:00:00'],
    ['T3', '并列派出所', 'TIE', 'public_security', '2026-07-02 00:00:00', '2026-07-09 00:00:00'],
    ['T4', '并列派出所', 'TIE', 'criminal', '2026-07-01 00:00:00', '2026-07-21 00:00:00'],
    ['T5', '并列派出所', 'TIE', 'criminal', '2026-07-01 00:00:00', null],
    ['C1', '删失派出所', 'CEN', 'criminal', '2026-07-01 00:00:00', '2026-07-11 00:00:00'],
    ['C2', '删失派出所', 'CEN', 'criminal', '2026-08-01 00:00:00', '2026-08-11 00:00:00'],
    ['C3', '删失派出所', 'CEN', 'criminal', '2026-09-21 09:00:00', null],
    ['C4', '删失派出所', 'CEN', 'public_security', '2026-09-21 18:00:00', null],
    ['C5', '删失派出所', 'CEN', 'criminal', '2026-07-01 00:00:00', '2026-08-10 00:00:00'],
    ['C6', '删失派出所', 'CEN', 'criminal', '2026-07-05 00:00:00', '2026-08-14 00:00:00'],
    ['N1', '未过半派出所', 'NEV', 'criminal', '2026-07-01 00:00:00', '2026-07-06 00:00:00'],
    ['N2', '未过半派出所', 'NEV', 'criminal', '2026-07-01 00:00:00', null],
    ['N3', '未过半派出所', 'NEV', 'criminal', '2026-07-01 00:00:00', null],
    ['N4', '未过半派出所', 'NEV', 'criminal', '2026-07-01 00:00:00', null],
  ]);
  w.close();
  ws = await openWorkspace(dir, { readOnly: true });
  r = await computeMetrics(ws, { quarter: '2026Q3', metrics: ['median_days_to_close'], asOf: '2026-10-01' });
});

afterAll(() => ws?.close());

describe('median_days_to_close: Kaplan–Meier median', () => {
  it('tied closings leave together: 7', () => {
    expect(get(r, 'TIE')).toMatchObject({ value: 7, denominator: 5, reason: null });
  });

  it('a case censored at an event time is still at risk then: 40 (not 10, not the closed-only 25)', () => {
    expect(get(r, 'CEN')).toMatchObject({ value: 40, denominator: 6, reason: null });
    expect(get(r, 'CEN').detail).toMatchObject({ closed: 4, open: 2 });
  });

  it('S never reaching 0.5 is null with a reason', () => {
    const v = get(r, 'NEV');
    expect(v).toMatchObject({ value: null, denominator: 4, reason: 'km_not_reached' });
    expect(reasonText(v.reason, 'zh')).toContain('50%');
    expect(reasonText(v.reason, 'en')).toBe('too many cases still open at the data date: the share still open never falls to 50%, so there is no median');
  });

  it('county: the same estimate over the pooled cases: 40', () => {
    expect(get(r, null)).toMatchObject({ value: 40, denominator: 15, reason: null });
    expect(r.data_date).toBe('2026-10-01');
    expect(r.data_date_source).toBe('as_of');
  });

  it('an earlier data date censors later closings: at 2026-08-12 CEN has 2 of 4 closed at 10 → 10', async () => {
    // As of 08-12: C1 (10), C2 (10), C5 (40) closed; C6 closes 08-14, so it is open, censored at 38;
    // C3, C4 not yet received. S(10) = 1 − 2/4 = 1/2 → 10.
    const early = await computeMetrics(ws, { quarter: '2026Q3', metrics: ['median_days_to_close'], asOf: '2026-08-12' });
    expect(get(early, 'CEN')).toMatchObject({ value: 10, denominator: 4 });
  });

  it('without --as-of and without loads, the data date is the latest date on the quarter\'s rows', async () => {
    const own = await computeMetrics(ws, { quarter: '2026Q3', metrics: ['median_days_to_close'] });
    expect(own.data_date).toBe('2026-09-21');
    expect(own.data_date_source).toBe('loads');
  });
});

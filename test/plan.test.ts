// The staffing model (jiceng plan) against workload, requirement, gap, what-if and sensitivity computed by hand for a three-station county.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, writeConfig, readConfig, type Workspace } from '../src/workspace.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { lit } from '../src/db/database.js';
import { isUserError, UserError } from '../src/errors.js';
import { computePlan, type PlanResult, type PlanStationRow } from '../src/plan/model.js';
import { PLAN_DEFAULTS, availableHours, categoryKey, parseSetArgs, resolvePlanParams } from '../src/plan/params.js';
import { simulateMoves } from '../src/plan/whatif.js';
import { computeSensitivity, parseVary, parseVaries } from '../src/plan/sensitivity.js';
import { englishSentences, chineseWords } from './language-check.js';
import { blocksText } from '../src/cli/blocks.js';
import { f1, f2, pct, planView, signed } from '../src/plan/view.js';
import { buildReportModel } from '../src/report/model.js';
import { runCli as runInProcess } from './cli.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'jiceng-plan-'));

type V = string | number | boolean | null;
const sqlValue = (v: V): string => (v === null ? 'NULL' : typeof v === 'string' ? lit(v) : String(v));

async function insert(ws: Workspace, table: string, cols: string[], rows: V[][]): Promise<void> {
  const values = rows.map((r) => `(${r.map(sqlValue).join(', ')})`).join(',\n');
  await ws.db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`);
}

/** n cases of one type and category at a station (station_id already resolved, as the loader does). */
async function addCases(ws: Workspace, prefix: string, station: string, stationId: string | null, type: string, category: string | null, n: number, date = '2026-08-01'): Promise<void> {
  await ws.db.run(`INSERT INTO cases (case_id, station, station_id, case_type, category, received_at)
    SELECT ${lit(prefix)} || i, ${lit(station)}, ${stationId === null ? 'NULL' : lit(stationId)}, ${lit(type)}, ${category === null ? 'NULL' : lit(category)},
           CAST(${lit(date + ' 10:00:00')} AS TIMESTAMP)
    FROM range(${n}) t(i)`);
}

async function addPetitions(ws: Workspace, prefix: string, station: string, stationId: string, n: number, date = '2026-08-15'): Promise<void> {
  await ws.db.run(`INSERT INTO petitions (petition_id, received_at, station, station_id)
    SELECT ${lit(prefix)} || i, DATE ${lit(date)}, ${lit(station)}, ${lit(stationId)} FROM range(${n}) t(i)`);
}

/*
 * 示范县, quarter 2026Q3. jiceng.json sets plan.available_hours_per_officer = 400, committed_ceiling = 0.5
 * (so one frontline officer can carry 400 × 0.5 = 200 h) and hours_per_category {"诈骗": 30}; the other
 * parameters are the defaults: criminal 20 h, public_security 8 h, petition 6 h, ledger hours included.
 *
 * Workload (hours) and requirement (workload / 200):
 *   S01 城关派出所  criminal 20 = 10 诈骗 (written 诈骗 ×4, 诈骗案 ×3, " 诈骗案件 " ×3) × 30 + 9 盗窃 × 20 + 1 电信诈骗 × 20
 *                  = 300 + 180 + 20 = 500; public_security 50 × 8 = 400 → cases 900
 *                  petitions 10 × 6 = 60; ledger 20 + 20 + (no hours) = 40            → total 1000 → required 5
 *   S02 河口派出所  criminal 15 × 20 = 300; public_security 40 × 8 = 320 → cases 620
 *                  petitions 5 × 6 = 30; ledger 50                                   → total 700  → required 3.5
 *   S03 山里派出所  criminal 3 × 20 = 60; public_security 10 × 8 = 80 → cases 140
 *                  petitions 0; ledger 30 + 30 = 60                                  → total 200  → required 1
 * Left out: a case with no resolved unit, a case of 刑侦大队 (an organ), a 2026Q2 case of S01.
 *
 * Actual frontline sworn (unit_staff, 2026-09-30 snapshot):
 *   S01 roster: P02 社区民警 + P03 办案民警 = 2 (P01 所长 command, P04 内勤 office, P05 seconded out to
 *       刑侦大队, P06 auxiliary, P07 on leave: none counted). Sworn at S01: P01–P04 = 4.
 *   S02 roster: P12 责任区民警 + P13 (刑侦大队's, seconded into S02) = 2. Sworn: P11, P12, P13 = 3.
 *   S03 headcount table: sworn 6, frontline 4.
 * gap = actual − required: S01 2 − 5 = −3, S02 2 − 3.5 = −1.5, S03 4 − 1 = +3.
 * utilisation = workload / (actual × 400): S01 1000/800 = 1.25, S02 700/800 = 0.875, S03 200/1600 = 0.125.
 * required whole officers: 5, 4, 1; gap_ceil: −3, −2, +3.
 * County: workload 1900; required 9.5 (whole 10); actual 8; gap −1.5; shortfall 4.5; surplus 3;
 *   utilisation 1900 / (8 × 400) = 0.59375.
 *
 * Sworn by unit: grassroots S01 4 + S02 3 + S03 6 + W01 (outpost, headcount 2, no workload: not a row) 2 = 15;
 *   organs H01 局机关 (hq) 5, O01 刑侦大队 (specialist) P31–P33 + P05 seconded in = 4, T01 交警大队 (traffic,
 *   headcount) 8; X01 督察支队 (hq) has no staff data and is left out. Total 32.
 *   grassroots share = 15 / 32 = 0.46875.
 */
async function buildFixture(ws: Workspace): Promise<void> {
  await insert(ws, 'stations', ['station_id', 'station_name', 'county', 'unit_kind', 'area_type'], [
    ['S01', '城关派出所', '示范县', 'station', 'urban'],
    ['S02', '河口派出所', '示范县', 'station', 'rural'],
    ['S03', '山里派出所', '示范县', 'station', 'rural'],
    ['W01', '城关警务室', '示范县', 'outpost', 'urban'],
    ['H01', '局机关', '示范县', 'hq', null],
    ['O01', '刑侦大队', '示范县', 'specialist', null],
    ['T01', '交警大队', '示范县', 'traffic', null],
    ['X01', '督察支队', '示范县', 'hq', null],
  ]);
  const S = ['person_id', 'unit', 'unit_id', 'post', 'post_class', 'personnel_type', 'status', 'seconded_to', 'seconded_to_id', 'as_of'];
  const d = '2026-09-30';
  await insert(ws, 'staffing', S, [
    ['P01', '城关派出所', 'S01', '所长', 'command', 'sworn', 'on_duty', null, null, d],
    ['P02', '城关派出所', 'S01', '社区民警', 'frontline', 'sworn', 'on_duty', null, null, d],
    ['P03', '城关派出所', 'S01', '办案民警', 'frontline', 'sworn', null, null, null, d],
    ['P04', '城关派出所', 'S01', '内勤', 'office', 'sworn', 'on_duty', null, null, d],
    ['P05', '城关派出所', 'S01', '办案民警', 'frontline', 'sworn', 'seconded', '刑侦大队', 'O01', d],
    ['P06', '城关派出所', 'S01', '巡逻', 'frontline', 'auxiliary', 'on_duty', null, null, d],
    ['P07', '城关派出所', 'S01', '社区民警', 'frontline', 'sworn', 'leave', null, null, d],
    ['P11', '河口派出所', 'S02', '所长', 'command', 'sworn', 'on_duty', null, null, d],
    ['P12', '河口派出所', 'S02', '责任区民警', 'frontline', 'sworn', 'on_duty', null, null, d],
    ['P13', '刑侦大队', 'O01', '侦查', 'frontline', 'sworn', 'seconded', '河口派出所', 'S02', d],
    ['P21', '局机关', 'H01', '局长', 'command', 'sworn', 'on_duty', null, null, d],
    ['P22', '局机关', 'H01', '文秘', 'office', 'sworn', 'on_duty', null, null, d],
    ['P23', '局机关', 'H01', '综合', 'office', 'sworn', 'on_duty', null, null, d],
    ['P24', '局机关', 'H01', '宣传', 'office', 'sworn', 'on_duty', null, null, d],
    ['P25', '局机关', 'H01', '档案', 'office', 'sworn', 'on_duty', null, null, d],
    ['P26', '局机关', 'H01', '后勤', 'office', 'auxiliary', 'on_duty', null, null, d],
    ['P31', '刑侦大队', 'O01', '大队长', 'command', 'sworn', 'on_duty', null, null, d],
    ['P32', '刑侦大队', 'O01', '侦查', 'frontline', 'sworn', 'on_duty', null, null, d],
    ['P33', '刑侦大队', 'O01', '侦查', 'frontline', 'sworn', 'on_duty', null, null, d],
  ]);
  await insert(ws, 'headcount', ['unit', 'unit_id', 'as_of', 'sworn', 'frontline', 'command', 'office'], [
    ['山里派出所', 'S03', d, 6, 4, 1, 1],
    ['城关警务室', 'W01', d, 2, null, null, null],
    ['交警大队', 'T01', d, 8, 6, 1, 1],
  ]);

  await addCases(ws, 'A', '城关派出所', 'S01', 'criminal', '诈骗', 4);
  await addCases(ws, 'B', '城关派出所', 'S01', 'criminal', '诈骗案', 3);
  await addCases(ws, 'C', '城关派出所', 'S01', 'criminal', ' 诈骗案件 ', 3);
  await addCases(ws, 'D', '城关派出所', 'S01', 'criminal', '盗窃', 9);
  await addCases(ws, 'E', '城关派出所', 'S01', 'criminal', '电信诈骗', 1);
  await addCases(ws, 'F', '城关派出所', 'S01', 'public_security', null, 50);
  await addCases(ws, 'G', '河口派出所', 'S02', 'criminal', '盗窃', 15, '2026-07-01');
  await addCases(ws, 'H', '河口派出所', 'S02', 'public_security', '殴打他人', 40, '2026-09-30');
  await addCases(ws, 'I', '山里派出所', 'S03', 'criminal', null, 3);
  await addCases(ws, 'J', '山里派出所', 'S03', 'public_security', null, 10);
  await addCases(ws, 'K', '不存在所', null, 'criminal', null, 1);
  await addCases(ws, 'L', '刑侦大队', 'O01', 'criminal', '诈骗', 1);
  await addCases(ws, 'M', '城关派出所', 'S01', 'criminal', null, 1, '2026-06-30');

  await addPetitions(ws, 'XF1-', '城关派出所', 'S01', 10);
  await addPetitions(ws, 'XF2-', '河口派出所', 'S02', 5);

  await insert(ws, 'ledger', ['station', 'station_id', 'date', 'item', 'kind', 'hours'], [
    ['城关派出所', 'S01', '2026-07-10', '治安防范月报', 'report', 20],
    ['城关派出所', 'S01', '2026-08-10', '重点人员台账', 'register', 20],
    ['城关派出所', 'S01', '2026-09-10', '季度例会', 'meeting', null],
    ['河口派出所', 'S02', '2026-08-01', '协助乡镇征地', 'non_police', 50],
    ['山里派出所', 'S03', '2026-07-20', '安全检查', 'inspection', 30],
    ['山里派出所', 'S03', '2026-08-20', '综治考核', 'inspection', 30],
  ]);
}

let dir: string;
let ws: Workspace;
let plan: PlanResult;
const st = (p: PlanResult, id: string): PlanStationRow => p.stations.find((s) => s.station_id === id)!;

beforeAll(async () => {
  dir = tmp();
  await initWorkspace(dir);
  writeConfig(dir, { ...readConfig(dir), plan: { available_hours_per_officer: 400, committed_ceiling: 0.5, hours_per_category: { 诈骗: 30 } } });
  const w = await openWorkspace(dir);
  await buildFixture(w);
  w.close();
  ws = await openWorkspace(dir, { readOnly: true });
  plan = await computePlan(ws, {});
});

afterAll(() => ws?.close());

function expectUserError(fn: () => unknown, pattern: RegExp, code?: string): UserError {
  try {
    fn();
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    expect((e as UserError).message + ' ' + ((e as UserError).hint ?? '')).toMatch(pattern);
    if (code) expect((e as UserError).code).toBe(code);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('computePlan', () => {
  it('picks the latest quarter with case data and the config parameters over the defaults', () => {
    expect(plan.quarter).toBe('2026Q3');
    expect(plan.params).toMatchObject({
      hours_per_case: { criminal: 20, public_security: 8 }, hours_per_category: { 诈骗: 30 }, hours_per_petition: 6,
      include_ledger_hours: true, available_hours_per_officer: 400, committed_ceiling: 0.5,
    });
    expect(plan.available_hours_per_officer).toBe(400);
    expect(plan.committable_hours_per_officer).toBe(200);
  });

  it('rows: the three stations (an outpost without workload is not a row), ordered by id', () => {
    expect(plan.stations.map((s) => s.station_id)).toEqual(['S01', 'S02', 'S03']);
  });

  it('workload by source, hand-computed', () => {
    expect(st(plan, 'S01').workload_hours).toEqual({ cases: 900, petitions: 60, ledger: 40, total: 1000 });
    expect(st(plan, 'S02').workload_hours).toEqual({ cases: 620, petitions: 30, ledger: 50, total: 700 });
    expect(st(plan, 'S03').workload_hours).toEqual({ cases: 140, petitions: 0, ledger: 60, total: 200 });
    expect(st(plan, 'S01').cases).toEqual({ criminal: 20, public_security: 50, other: 0, total: 70, priced_by_category: 10 });
    expect(st(plan, 'S01').inputs).toMatchObject({ petitions: 10, ledger_hours: 40, ledger_rows: 3, ledger_rows_without_hours: 1 });
    expect(plan.excluded).toEqual({ unknown_unit: { cases: 1, petitions: 0, ledger_rows: 0 }, organ_units: { cases: 1, petitions: 0, ledger_rows: 0 }, unpriced_cases: 0 });
  });

  it('required, actual, gap, utilisation, hand-computed', () => {
    expect(st(plan, 'S01')).toMatchObject({
      required_frontline: 5, required_frontline_ceil: 5, actual_frontline_sworn: 2, sworn: 4, gap: -3, gap_ceil: -3, utilisation: 1.25, short: true, reason: null, staff_source: 'roster',
    });
    expect(st(plan, 'S02')).toMatchObject({
      required_frontline: 3.5, required_frontline_ceil: 4, actual_frontline_sworn: 2, sworn: 3, gap: -1.5, gap_ceil: -2, utilisation: 0.875, short: true, reason: null,
    });
    expect(st(plan, 'S03')).toMatchObject({
      required_frontline: 1, required_frontline_ceil: 1, actual_frontline_sworn: 4, sworn: 6, gap: 3, gap_ceil: 3, utilisation: 0.125, short: false, staff_source: 'headcount',
    });
  });

  it('county totals and the grassroots share (15 of 32 sworn)', () => {
    expect(plan.counties).toHaveLength(1);
    expect(plan.county).toEqual({
      county: '示范县', stations: 3, stations_short: 2, stations_without_staff: [],
      workload_hours: { cases: 1660, petitions: 90, ledger: 150, total: 1900 },
      required_frontline: 9.5, required_frontline_ceil: 10, actual_frontline_sworn: 8, gap: -1.5, shortfall: 4.5, surplus: 3,
      utilisation: 0.59375, sworn_total: 32, sworn_grassroots: 15, sworn_organs: 17, grassroots_share: 0.46875,
    });
    expect(plan.grassroots_share).toBe(15 / 32);
  });

  it('organs: every non-grassroots unit with its sworn; hq and specialist are the donors', () => {
    expect(plan.organs.map((o) => [o.unit_id, o.unit_kind, o.sworn, o.donor])).toEqual([
      ['H01', 'hq', 5, true], ['O01', 'specialist', 4, true], ['T01', 'traffic', 8, false], ['X01', 'hq', null, true],
    ]);
  });

  it('with the documented defaults: 428 available hours × 0.6 = 256.8 committable', async () => {
    const p = await computePlan({ db: ws.db, config: DEFAULT_CONFIG }, { quarter: '2026年第三季度' });
    expect(p.available_hours_per_officer).toBe(428); // 520 − 46 − 30 − 16
    // S01 without the 诈骗 override: 20 × 20 + 50 × 8 + 10 × 6 + 40 = 900 h.
    const s1 = st(p, 'S01');
    expect(s1.workload_hours.total).toBe(900);
    expect(s1.required_frontline).toBeCloseTo(900 / 256.8, 12); // 3.5047
    expect(s1.required_frontline_ceil).toBe(4);
    expect(s1.gap).toBeCloseTo(2 - 900 / 256.8, 12);
    expect(s1.utilisation).toBeCloseTo(900 / (2 * 428), 12);
  });

  it('overrides (flags) over the config: ledger hours left out, a percentage deduction re-derives the available hours', async () => {
    const p = await computePlan(ws, { overrides: parseSetArgs(['include_ledger_hours=false', 'leave_hours_per_quarter=10%', 'committed_ceiling=50%']) });
    expect(p.params.leave_hours_per_quarter).toBe(52);
    expect(p.available_hours_per_officer).toBe(520 - 52 - 30 - 16); // 422: the config's 400 no longer applies
    expect(st(p, 'S01').workload_hours).toEqual({ cases: 900, petitions: 60, ledger: 0, total: 960 });
    expect(st(p, 'S01').required_frontline).toBeCloseTo(960 / (422 * 0.5), 12);
  });

  it('a Partial<PlanParams> is accepted as overrides', async () => {
    const p = await computePlan(ws, { quarter: '2026Q3', overrides: { hours_per_petition: 10, hours_per_case: { criminal: 10, public_security: 8 } } });
    // S02: 15 × 10 + 40 × 8 + 5 × 10 + 50 = 570 → 2.85
    expect(st(p, 'S02').workload_hours.total).toBe(570);
    expect(st(p, 'S02').required_frontline).toBeCloseTo(2.85, 12);
  });
});

describe('simulateMoves', () => {
  it('--move 4: one at a time to the station short the most at that moment; donors with most sworn first', () => {
    const w = simulateMoves(plan, plan.organs, 4);
    // S01 −3, S02 −1.5 → S01 (−3 → −2) → S01 (−2 → −1) → S02 (−1.5 → −0.5) → S01 (−1 → 0).
    // Donors H01 5, O01 4: H01 (5) → H01 (4, tie with O01 4: id) → O01 (4 > 3) → H01 (3 = 3: id).
    expect(w.moves.map((m) => [m.step, m.from_id, m.to_id, m.gap_before, m.gap_after, m.was_short])).toEqual([
      [1, 'H01', 'S01', -3, -2, true],
      [2, 'H01', 'S01', -2, -1, true],
      [3, 'O01', 'S02', -1.5, -0.5, true],
      [4, 'H01', 'S01', -1, 0, true],
    ]);
    expect(w.stations.map((s) => [s.station_id, s.actual_before, s.received, s.actual_after, s.gap_before, s.gap_after])).toEqual([
      ['S01', 2, 3, 5, -3, 0], ['S02', 2, 1, 3, -1.5, -0.5], ['S03', 4, 0, 4, 3, 3],
    ]);
    expect(w.stations[0].utilisation_after).toBe(0.5); // 1000 / (5 × 400)
    expect(w.organs.map((o) => [o.unit_id, o.sworn_before, o.given, o.sworn_after])).toEqual([
      ['H01', 5, 3, 2], ['O01', 4, 1, 3], ['T01', 8, 0, 8], ['X01', null, 0, null],
    ]);
    expect(w.grassroots_share_before).toBe(15 / 32);
    expect(w.grassroots_share_after).toBe(19 / 32); // 0.59375
    expect(w.counties[0]).toMatchObject({ county: '示范县', moved: 4, sworn_grassroots_before: 15, sworn_grassroots_after: 19, grassroots_share_after: 0.59375 });
    expect([w.shortfall_before, w.shortfall_after, w.stations_short_before, w.stations_short_after]).toEqual([4.5, 0.5, 2, 1]);
    expect(w.moves_to_short).toBe(4);
  });

  it('--move 3 --from 刑侦大队: only that organ gives', () => {
    const w = simulateMoves(plan, plan.organs, 3, '刑侦大队');
    expect(w.from).toEqual({ unit_id: 'O01', unit_name: '刑侦大队', unit_kind: 'specialist' });
    expect(w.moves.map((m) => `${m.from_id}→${m.to_id}`)).toEqual(['O01→S01', 'O01→S01', 'O01→S02']);
    expect(w.organs.find((o) => o.unit_id === 'O01')).toMatchObject({ sworn_before: 4, given: 3, sworn_after: 1 });
    expect(w.grassroots_share_after).toBe(18 / 32);
  });

  it('--from may name any organ (traffic too), by id', () => {
    const w = simulateMoves(plan, plan.organs, 1, 'T01');
    expect(w.moves[0]).toMatchObject({ from_id: 'T01', to_id: 'S01' });
  });

  it('moves beyond the shortfall go on to the least spare station and are marked', () => {
    const w = simulateMoves(plan, plan.organs, 6);
    // after 4 moves: S01 0, S02 −0.5, S03 +3 → S02 (−0.5 → +0.5) → S01 (0 → +1)
    expect(w.moves.slice(4).map((m) => [m.to_id, m.was_short])).toEqual([['S02', true], ['S01', false]]);
    expect(w.moves_to_short).toBe(5);
  });

  it('ties go to the larger workload, then the smaller station id', () => {
    const row = (id: string, total: number): PlanStationRow => ({
      ...st(plan, 'S03'), station_id: id, station_name: id, workload_hours: { cases: total, petitions: 0, ledger: 0, total },
      required_frontline: 3, actual_frontline_sworn: 1, gap: -2,
    });
    const synthetic: PlanResult = { ...plan, stations: [row('A2', 300), row('A1', 300), row('B', 600)] };
    const w = simulateMoves(synthetic, plan.organs, 3);
    expect(w.moves.map((m) => m.to_id)).toEqual(['B', 'A1', 'A2']);
  });

  it('errors: too few officers, not an organ, unknown unit, bad n', () => {
    expectUserError(() => simulateMoves(plan, plan.organs, 10, undefined), /hold 9 sworn officers; cannot move 10.*H01 局机关 \(hq, 5\)/, 'too_few_officers');
    expectUserError(() => simulateMoves(plan, plan.organs, 5, '刑侦'), /O01 刑侦大队 has 4 sworn officers; cannot move 5/, 'too_few_officers');
    expectUserError(() => simulateMoves(plan, plan.organs, 1, '城关派出所'), /S01 城关派出所 is a grassroots unit \(station\), not an organ/, 'not_an_organ');
    expectUserError(() => simulateMoves(plan, plan.organs, 1, '特警队'), /no organ "特警队".*O01 刑侦大队 \(specialist, 4\)/, 'unknown_unit');
    expectUserError(() => simulateMoves(plan, plan.organs, 1, '督察支队'), /has 0 sworn officers/, 'too_few_officers');
    expectUserError(() => simulateMoves(plan, plan.organs, 0, undefined), /whole number ≥ 1/, 'bad_move');
  });
});

describe('computeSensitivity', () => {
  it('hours_per_case=±20%: every case hour × 0.8 and × 1.2', () => {
    const s = computeSensitivity(plan, [parseVary('hours_per_case=±20%')]);
    const p = s.params[0];
    expect([p.param, p.rel, p.factor_low, p.factor_high, p.value_base]).toEqual(['hours_per_case', 0.2, 0.8, 1.2, null]);
    // S01 cases 900 → 720 / 1080; + 100 → 820 / 1180 h → 4.1 / 5.9. S02 620 → 496 / 744; + 80 → 2.88 / 4.12.
    // S03 140 → 112 / 168; + 60 → 0.86 / 1.14.
    const got = p.stations.map((r) => [r.station_id, r.required_low, r.required_base, r.required_high]);
    const want = [['S01', 4.1, 5, 5.9], ['S02', 2.88, 3.5, 4.12], ['S03', 0.86, 1, 1.14]];
    got.forEach((g, i) => {
      expect(g[0]).toBe(want[i][0]);
      for (const k of [1, 2, 3]) expect(g[k] as number).toBeCloseTo(want[i][k] as number, 12);
    });
    expect(p.stations[0].required_ceil_low).toBe(5);
    expect(p.stations[0].required_ceil_high).toBe(6);
    expect(p.county.required_low).toBeCloseTo(7.84, 12);
    expect(p.county.required_base).toBeCloseTo(9.5, 12);
    expect(p.county.required_high).toBeCloseTo(11.16, 12);
    // shortfall: low 2.1 + 0.88 = 2.98; base 4.5; high 3.9 + 2.12 = 6.02
    expect(p.county.shortfall_low).toBeCloseTo(2.98, 12);
    expect(p.county.shortfall_base).toBeCloseTo(4.5, 12);
    expect(p.county.shortfall_high).toBeCloseTo(6.02, 12);
  });

  it('ceiling ±0.2 and available hours +-10%: lower values need more officers', () => {
    const s = computeSensitivity(plan, parseVaries(['committed_ceiling=±0.2', 'available_hours_per_officer=+-10%']));
    const [c, a] = s.params;
    expect([c.value_low, c.value_base, c.value_high]).toEqual([0.4, 0.5, 0.6]);
    expect(c.stations[0].required_low).toBeCloseTo(1000 / 160, 12); // 6.25
    expect(c.stations[0].required_high).toBeCloseTo(1000 / 240, 12);
    expect([a.value_low, a.value_base, a.value_high]).toEqual([360, 400, 440]);
    expect(a.stations[1].required_low).toBeCloseTo(700 / 180, 12);
    expect(a.stations[1].required_high).toBeCloseTo(700 / 220, 12);
  });

  it('one category and the ledger hours', () => {
    const s = computeSensitivity(plan, parseVaries(['hours_per_category.诈骗案=±50%', 'ledger_hours=±50%']));
    // 诈骗 30 → 15 / 45 on S01's 10 cases: 1000 ∓ 150 → 4.25 / 5.75
    expect(s.params[0].stations[0].required_low).toBeCloseTo(4.25, 12);
    expect(s.params[0].stations[0].required_high).toBeCloseTo(5.75, 12);
    expect(s.params[0].stations[1].required_low).toBeCloseTo(3.5, 12);
    // ledger × 0.5 / × 1.5: S03 200 ∓ 30 → 0.85 / 1.15
    expect(s.params[1].stations[2].required_low).toBeCloseTo(0.85, 12);
    expect(s.params[1].stations[2].required_high).toBeCloseTo(1.15, 12);
  });

  it('bad --vary values give clear errors', () => {
    expectUserError(() => parseVary('hours_per_case=20'), /ambiguous: write ±20% or ±0.2/, 'bad_vary');
    expectUserError(() => parseVary('hours_per_cases=±20%'), /unknown parameter hours_per_cases.*parameters are: hours_per_case/, 'bad_vary');
    expectUserError(() => parseVary('hours_per_case=±120%'), /above 0 and below 100%/, 'bad_vary');
    expectUserError(() => parseVary('hours_per_case'), /param=±share/, 'bad_vary');
    const defaults = { ...plan, params: PLAN_DEFAULTS }; // ceiling 0.6 × 1.9 = 1.14
    expectUserError(() => computeSensitivity(defaults, [parseVary('committed_ceiling=±90%')]), /ceiling 0.6 × 1.9 = 1.14 is above 1/, 'bad_vary');
    expectUserError(() => computeSensitivity(plan, [parseVary('leave_hours_per_quarter=±20%')]), /set directly.*vary available_hours_per_officer/, 'bad_vary');
    expectUserError(() => computeSensitivity(plan, [parseVary('hours_per_category.盗窃=±20%')]), /no category "盗窃" \(set: 诈骗\)/, 'bad_vary');
  });
});

describe('resolvePlanParams and parseSetArgs', () => {
  it('defaults: 520 − 46 − 30 − 16 = 428 available hours, ceiling 0.6', () => {
    const p = resolvePlanParams(DEFAULT_CONFIG);
    expect(p).toEqual(PLAN_DEFAULTS);
    expect(availableHours(p)).toBe(428);
  });

  it('nested keys merge key by key; Chinese case-type words; categories normalised', () => {
    const p = resolvePlanParams({ ...DEFAULT_CONFIG, plan: { hours_per_case: { criminal: 24 } } }, parseSetArgs(['hours_per_case=治安=6', 'hours_per_category.诈骗=30']));
    expect(p.hours_per_case).toEqual({ criminal: 24, public_security: 6 });
    expect(p.hours_per_category).toEqual({ 诈骗: 30 });
    expect(categoryKey(' 诈骗案件 ')).toBe(categoryKey('诈骗'));
    expect(categoryKey('电信诈骗')).not.toBe(categoryKey('诈骗'));
  });

  it('bad keys and values name the key and list the valid ones', () => {
    expectUserError(() => parseSetArgs(['hours_per_cas=3']), /unknown parameter hours_per_cas.*parameters are: hours_per_case\.criminal/, 'unknown_plan_param');
    expectUserError(() => parseSetArgs(['hours_per_case=robbery=3']), /unknown case type "robbery".*criminal \(刑事\), public_security/, 'bad_plan_param');
    expectUserError(() => parseSetArgs(['committed_ceiling=1.5']), /committed_ceiling is 1.5; it must be a share above 0 and at most 1/, 'bad_plan_param');
    expectUserError(() => parseSetArgs(['hours_per_petition=abc']), /hours_per_petition is "abc"/, 'bad_plan_param');
    expectUserError(() => parseSetArgs(['include_ledger_hours=maybe']), /true or false/, 'bad_plan_param');
    expectUserError(() => parseSetArgs(['ceiling']), /write it as key=value/, 'bad_plan_param');
    expectUserError(() => resolvePlanParams({ ...DEFAULT_CONFIG, plan: { hours_per_petiton: 5 } }), /jiceng.json: the plan section has an unknown key hours_per_petiton/, 'unknown_plan_param');
    expectUserError(() => resolvePlanParams({ ...DEFAULT_CONFIG, plan: { scheduled_hours_per_quarter: -1 } }), /jiceng.json: plan.scheduled_hours_per_quarter is -1/, 'bad_plan_param');
    expectUserError(() => resolvePlanParams(DEFAULT_CONFIG, parseSetArgs(['leave_hours_per_quarter=100%'])), /leaves nothing/, 'bad_plan_param');
  });
});

describe('edge rows: outpost with workload, unknown staff, headcount without a frontline count', () => {
  it('outposts with workload are rows; unknown actual gives null gap with the reason', async () => {
    const d2 = tmp();
    await initWorkspace(d2);
    const w = await openWorkspace(d2);
    try {
      await insert(w, 'stations', ['station_id', 'station_name', 'county', 'unit_kind'], [
        ['S1', '甲所', '乙县', 'station'], ['S2', '丙所', '乙县', 'station'], ['S3', '丁所', '乙县', 'station'], ['W1', '戊警务室', '乙县', 'outpost'],
      ]);
      await insert(w, 'headcount', ['unit', 'unit_id', 'as_of', 'sworn', 'frontline'], [['丙所', 'S2', '2026-09-30', 3, null], ['丁所', 'S3', '2026-09-30', 2, 0], ['戊警务室', 'W1', '2026-09-30', 1, 1]]);
      await addCases(w, 'a', '甲所', 'S1', 'criminal', null, 2);
      await addCases(w, 'b', '丁所', 'S3', 'public_security', null, 3);
      await addCases(w, 'c', '戊警务室', 'W1', 'public_security', null, 2);
      const p = await computePlan({ db: w.db, config: DEFAULT_CONFIG }, {});
      expect(p.stations.map((s) => [s.station_id, s.unit_kind, s.actual_frontline_sworn, s.gap === null, s.utilisation, s.reason])).toEqual([
        ['S1', 'station', null, true, null, 'no_staff_data'],
        ['S2', 'station', null, true, null, 'no_breakdown:frontline'],
        ['S3', 'station', 0, false, null, 'no_frontline'],
        ['W1', 'outpost', 1, false, 16 / 428, null],
      ]);
      expect(st(p, 'S3').gap).toBeCloseTo(-24 / 256.8, 12);
      expect(p.county.stations_without_staff).toEqual(['S1', 'S2']);
      expect(p.county.actual_frontline_sworn).toBe(1);
      expect(p.county.grassroots_share).toBe(1); // 6 sworn, all grassroots
      expectUserError(() => simulateMoves(p, p.organs, 1, undefined), /hold 0 sworn officers/, 'too_few_officers');
      // One wording of the reasons, in the terminal and in the report (it was two).
      const reasons = {
        zh: ['无花名册或警力统计数据', '警力统计表未提供一线民警数', '无一线民警（利用率无从计算）'],
        en: ['no roster or headcount rows for the unit', 'the headcount table gives no frontline count', 'no frontline sworn officers (no utilisation)'],
      };
      for (const lang of ['zh', 'en'] as const) {
        const text = blocksText(planView(p, lang));
        const sep = lang === 'zh' ? '：' : ': ';
        // Units as every view labels them (src/format.ts stationLabel): 甲所（S1） / 甲所 (S1).
        const unit = (name: string, id: string): string => (lang === 'zh' ? `${name}（${id}）` : `${name} (${id})`);
        expect(text).toContain(`  — ${unit('甲所', 'S1')}${sep}${reasons[lang][0]}`);
        expect(text).toContain(`  — ${unit('丙所', 'S2')}${sep}${reasons[lang][1]}`);
        expect(text).toContain(`  — ${unit('丁所', 'S3')}${sep}${reasons[lang][2]}`);
        const model = await buildReportModel({ db: w.db, config: DEFAULT_CONFIG, dir: d2 }, { lang, now: new Date('2026-10-08T00:00:00Z') });
        expect(model.plan!.rows.filter((r) => r.scope === 'station').map((r) => r.reason)).toEqual([...reasons[lang], null]);
      }
    } finally {
      w.close();
    }
  });
});

describe('several counties in one workspace', () => {
  it('totals per county; officers move only within their county', async () => {
    const d3 = tmp();
    await initWorkspace(d3);
    const w = await openWorkspace(d3);
    try {
      await insert(w, 'stations', ['station_id', 'station_name', 'county', 'unit_kind'], [
        ['A1', '甲县一所', '甲县', 'station'], ['A9', '甲县机关', '甲县', 'hq'],
        ['B1', '乙县一所', '乙县', 'station'], ['B9', '乙县刑侦', '乙县', 'specialist'],
      ]);
      await insert(w, 'headcount', ['unit', 'unit_id', 'as_of', 'sworn', 'frontline'], [
        ['甲县一所', 'A1', '2026-09-30', 1, 1], ['甲县机关', 'A9', '2026-09-30', 3, 0],
        ['乙县一所', 'B1', '2026-09-30', 2, 2], ['乙县刑侦', 'B9', '2026-09-30', 1, 1],
      ]);
      // Defaults: 256.8 h per officer. A1: 26 criminal = 520 h → 2.02 (gap −1.02); B1: 40 criminal = 800 h → 3.12 (gap −1.12).
      await addCases(w, 'a', '甲县一所', 'A1', 'criminal', null, 26);
      await addCases(w, 'b', '乙县一所', 'B1', 'criminal', null, 40);
      const p = await computePlan({ db: w.db, config: DEFAULT_CONFIG }, {});
      expect(p.counties.map((c) => [c.county, c.sworn_grassroots, c.sworn_total, c.grassroots_share])).toEqual([['乙县', 2, 3, 2 / 3], ['甲县', 1, 4, 0.25]]);
      expect(p.county).toMatchObject({ county: null, sworn_total: 7, sworn_grassroots: 3, stations: 2 });
      // B1 is short the most, but 乙县's one donor gives one officer; the next two come from 甲县 to A1.
      const m = simulateMoves(p, p.organs, 3);
      expect(m.moves.map((x) => `${x.from_id}→${x.to_id}`)).toEqual(['B9→B1', 'A9→A1', 'A9→A1']);
      expect(m.counties.map((c) => [c.county, c.moved, c.grassroots_share_after])).toEqual([['乙县', 1, 1], ['甲县', 2, 0.75]]);
      expect(m.grassroots_share_after).toBe(6 / 7);
    } finally {
      w.close();
    }
  });
});

/** Runs `jiceng plan …` in-process (test/cli.ts) and returns its stdout; an error is thrown as before. */
async function runCli(args: string[]): Promise<string> {
  const r = await runInProcess(['plan', '-w', dir, ...args]);
  if (r.error) throw r.error;
  return r.stdout;
}

describe('jiceng plan (command)', () => {
  it('--json: the plan document', async () => {
    const doc = JSON.parse(await runCli(['--json']));
    expect(doc.quarter).toBe('2026Q3');
    expect(doc.stations.find((s: PlanStationRow) => s.station_id === 'S02')).toMatchObject({ required_frontline: 3.5, actual_frontline_sworn: 2, gap: -1.5 });
    expect(doc.grassroots_share).toBe(0.46875);
  });

  it('flags override the config; --move and --vary go into the JSON', async () => {
    const doc = JSON.parse(await runCli(['--hours-per-case', 'criminal=10', '--no-ledger-hours', '--ceiling', '60%', '--available-hours', '500', '--move', '2', '--from', 'H01', '--vary', 'hours_per_petition=±50%', '--json']));
    expect(doc.params).toMatchObject({ hours_per_case: { criminal: 10, public_security: 8 }, include_ledger_hours: false, committed_ceiling: 0.6, available_hours_per_officer: 500 });
    // S01: 10 × 30 + 10 × 10 + 50 × 8 + 10 × 6 = 860 h / 300 = 2.8667
    expect(doc.stations[0].workload_hours.total).toBe(860);
    expect(doc.stations[0].required_frontline).toBeCloseTo(860 / 300, 12);
    // S01 2 − 860/300 = −0.867; S02 2 − 500/300 = +0.333 → S01 (+0.133, still the least spare) → S01 again.
    expect(doc.whatif.moves.map((m: { from_id: string; to_id: string }) => `${m.from_id}→${m.to_id}`)).toEqual(['H01→S01', 'H01→S01']);
    expect(doc.sensitivity.params[0].value_low).toBe(3);
  });

  it('--csv: one row per station and one per county', async () => {
    const text = await runCli(['--csv']);
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^quarter,scope,station_id,station_name,county,unit_kind/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('2026Q3,station,S01,城关派出所,示范县,station,urban,20,50,70,10,40,900,60,40,1000,5,5,2,-3,-3,1.25,true,');
  });

  it('--move --csv: before and after per station', async () => {
    const text = await runCli(['--move', '4', '--csv']);
    expect(text.split('\n')[1]).toBe('2026Q3,S01,城关派出所,示范县,station,1000,5,5,2,3,5,-3,0,-3,0,1.25,0.5,true,false');
  });

  it('tables in English: stations, short ones marked, county, grassroots share, what-if and sensitivity', async () => {
    const text = await runCli(['--lang', 'en', '--move', '4', '--vary', 'hours_per_case=±20%']);
    expect(text).toContain('Staffing against workload · 2026Q3');
    expect(text).toMatch(/城关派出所 \(S01\) .* −3\.00 \*/);
    expect(text).toContain('示范县 (county) grassroots share 46.9% (15 of 32 sworn');
    expect(text).toContain('grassroots share 46.9% → 59.4%');
    expect(text).toContain('Sensitivity: hours per case (all types and categories) (hours_per_case) ±20.0%');
    expect(text).toMatch(/城关派出所 \(S01\)\s+2\s+4\.10\s+5\.00\s+5\.90/);
  });

  it('Chinese by default', async () => {
    const text = await runCli([]);
    expect(text).toContain('按工作量测算警力需求');
    expect(text).toContain('基层所队民警占比 46.9%');
  });

  it('bad flags are usage errors naming the problem', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--set', 'foo=1', '--lang', 'en'], /unknown parameter foo/],
      [['--ceiling', '2', '--lang', 'en'], /committed_ceiling is 2/],
      [['--move', 'two', '--lang', 'en'], /--move must be a whole number ≥ 1 .*not "two"/],
      [['--from', 'H01', '--lang', 'en'], /--from needs --move/],
      [['--vary', 'hours_per_case=20', '--lang', 'en'], /ambiguous/],
      [['--move', '1', '--vary', 'hours_per_case=±20%', '--csv', '--lang', 'en'], /--csv prints one table/],
      [['--quarter', '2026Q1', '--lang', 'en'], /no case, ledger or petition rows for 2026Q1/],
    ];
    for (const [args, re] of cases) {
      const err = await runCli(args).then(() => null, (e: unknown) => e);
      expect(isUserError(err), args.join(' ')).toBe(true);
      expect((err as UserError).message).toMatch(re);
      // A flag that cannot be read is a usage error (2); a quarter without data is an error of the data (1).
      expect((err as UserError).exitCode, args.join(' ')).toBe(args.includes('2026Q1') ? 1 : 2);
    }
  });
});

describe('every plan output in the chosen language', () => {
  const runs = [[], ['--move', '4'], ['--move', '2', '--from', 'H01'], ['--vary', 'hours_per_case=±20%', '--vary', 'committed_ceiling=±10%', '--vary', 'hours_per_category.诈骗=±10%']];
  /** Unit, county and category names are data in either language. */
  const data = (): string[] => [
    ...plan.stations.map((s) => s.station_name), ...plan.organs.map((o) => o.unit_name), ...plan.counties.map((c) => c.county ?? ''),
    ...Object.keys(plan.params.hours_per_category),
  ];

  it('in zh: no English sentence outside data, codes and flags; reasons and unit kinds by name, full-width punctuation', async () => {
    const texts: string[] = [];
    for (const a of runs) texts.push(await runCli([...a, '--lang', 'zh'])); // one at a time: runCli captures stdout
    const text = texts.join('\n');
    expect(englishSentences(text, data())).toEqual([]);
    expect(text).toContain('机关/专业警种');
    expect(text).toMatch(/局机关（H01）\s+机关\s/); // the unit kind by name, not 'hq'
    expect(text).not.toMatch(/\b(hq|specialist|traffic)\b/);
    expect(text).toContain('示范县（全县）：缺员所');
    expect(text).not.toMatch(/[\u4e00-\u9fff][,;:()]/); // no half-width punctuation after Chinese
  });

  it('in en: no Chinese interface word, and one minus sign with ±0 for no change', async () => {
    const texts: string[] = [];
    for (const a of runs) texts.push(await runCli([...a, '--lang', 'en'])); // one at a time: runCli captures stdout
    const text = texts.join('\n');
    expect(chineseWords(text, data())).toEqual([]);
    expect(text).toContain('Organs and grassroots');
    expect(text).not.toMatch(/(^|\s)-\d/m); // − (U+2212), never a hyphen
    expect(text).toMatch(/−3\.00 \*/);
    // A gap that rounds to nothing is ±0.00, a figure that rounds to zero carries no sign.
    expect([signed(-0.001), signed(0), signed(2.5), signed(-1.5), f1(-0.04), f2(-0.004), pct(-0.0004)]).toEqual(['±0.00', '±0.00', '+2.50', '−1.50', '0.0', '0.00', '0.0%']);
  });


});

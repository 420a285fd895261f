// Every metric of metrics/*.sql against values computed by hand from a small county built row by row.
import { say } from '../src/i18n/message.js';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { lit } from '../src/db/database.js';
import { computeMetrics, integrityReport, type MetricsResult, type MetricValue } from '../src/metrics/run.js';
import { defaultMetricsDir, loadDefinitions, parseMetricFile, parseThresholds } from '../src/metrics/definitions.js';
import { scoreStations, normalize, DEFAULT_SCORECARD } from '../src/metrics/score.js';
import { clopperPearson } from '../src/stats/index.js';
import { isUserError } from '../src/errors.js';
import { runCli as runInProcess } from './cli.js';

/** The metric files shipped in metrics/ (not the _prelude): a new metric needs no edit here. */
const SHIPPED = readdirSync(join(__dirname, '..', 'metrics')).filter((f) => f.endsWith('.sql') && !f.startsWith('_')).length;

const tmp = (): string => mkdtempSync(join(tmpdir(), 'jiceng-metrics-'));

type V = string | number | boolean | null;
const sqlValue = (v: V): string => (v === null ? 'NULL' : typeof v === 'string' ? lit(v) : String(v));

async function insert(ws: Workspace, table: string, cols: string[], rows: V[][]): Promise<void> {
  const values = rows.map((r) => `(${r.map(sqlValue).join(', ')})`).join(',\n');
  await ws.db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`);
}

/*
 * The county 示范县 (one county; quarter 2026Q3 = 2026-07-01 .. 2026-09-30, compared with 2026Q2):
 *   S01 城关派出所  station  urban  resident 50,000 (registered 45,000)  authorized 8   roster
 *   S02 河口派出所  station  rural  resident —, registered 20,000         authorized 5   roster
 *   S03 山里派出所  station  rural  no population                         authorized 6   headcount table only
 *   W01 城关警务室  outpost  urban  3,000 (an outpost: not in station population)     headcount table only
 *   O01 刑侦大队    specialist (an organ)                                                roster
 */
async function buildFixture(ws: Workspace): Promise<void> {
  await insert(ws, 'stations',
    ['station_id', 'station_name', 'county', 'unit_kind', 'area_type', 'population_resident', 'population_registered', 'authorized_strength'], [
      ['S01', '城关派出所', '示范县', 'station', 'urban', 50000, 45000, 8],
      ['S02', '河口派出所', '示范县', 'station', 'rural', null, 20000, 5],
      ['S03', '山里派出所', '示范县', 'station', 'rural', null, null, 6],
      ['W01', '城关警务室', '示范县', 'outpost', 'urban', 3000, null, null],
      ['O01', '刑侦大队', '示范县', 'specialist', null, null, null, null],
    ]);

  // Roster: snapshots 2026-06-30 and 2026-09-30 (and one 2026-12-31).
  const S = ['person_id', 'unit', 'unit_id', 'post', 'post_class', 'personnel_type', 'status', 'seconded_to', 'seconded_to_id', 'law_enforcement_qualified', 'as_of'];
  await insert(ws, 'staffing', S, [
    // 2026Q3 snapshot
    ['P01', '城关派出所', 'S01', '所长', 'command', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    ['P02', '城关派出所', 'S01', '社区民警', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    ['P03', '城关派出所', 'S01', '办案民警', 'frontline', 'sworn', 'on_duty', null, null, false, '2026-09-30'],
    ['P04', '城关派出所', 'S01', '内勤', 'office', 'sworn', 'on_duty', null, null, null, '2026-09-30'],
    ['P05', '城关派出所', 'S01', '办案民警', 'frontline', 'sworn', 'seconded', '刑侦大队', 'O01', true, '2026-09-30'],
    ['P06', '城关派出所', 'S01', '巡逻', 'frontline', 'auxiliary', 'on_duty', null, null, null, '2026-09-30'],
    ['P07', '城关派出所', 'S01', '社区民警', 'frontline', 'sworn', 'leave', null, null, true, '2026-09-30'],
    ['P08', '城关派出所', 'S01', '后勤', 'office', 'civilian', 'on_duty', null, null, null, '2026-09-30'],
    ['P09', '河口派出所', 'S02', '所长', 'command', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    ['P10', '河口派出所', 'S02', '责任区民警', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    ['P11', '河口派出所', 'S02', '协理员', 'unclassified', 'sworn', 'on_duty', null, null, false, '2026-09-30'],
    ['P12', '河口派出所', 'S02', '巡逻', 'frontline', 'auxiliary', 'seconded', '城关派出所', 'S01', null, '2026-09-30'],
    ['P13', '刑侦大队', 'O01', '大队长', 'command', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    ['P14', '刑侦大队', 'O01', '侦查', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    ['P15', '不存在所', null, '社区民警', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-09-30'],
    // P16 has only a later row: the earliest after the quarter counts.
    ['P16', '河口派出所', 'S02', '社区民警', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-12-31'],
    // A later row must not replace the quarter's own.
    ['P02', '城关派出所', 'S01', '社区民警', 'frontline', 'sworn', 'retired', null, null, true, '2026-12-31'],
    // 2026Q2 snapshot: P03 then worked at S02.
    ['P01', '城关派出所', 'S01', '所长', 'command', 'sworn', 'on_duty', null, null, true, '2026-06-30'],
    ['P02', '城关派出所', 'S01', '社区民警', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-06-30'],
    ['P03', '河口派出所', 'S02', '办案民警', 'frontline', 'sworn', 'on_duty', null, null, false, '2026-06-30'],
    ['P09', '河口派出所', 'S02', '所长', 'command', 'sworn', 'on_duty', null, null, true, '2026-06-30'],
    ['P10', '河口派出所', 'S02', '责任区民警', 'frontline', 'sworn', 'on_duty', null, null, true, '2026-06-30'],
  ]);

  const H = ['unit', 'unit_id', 'as_of', 'sworn', 'auxiliary', 'civilian', 'frontline', 'command', 'office', 'qualified', 'seconded_out'];
  await insert(ws, 'headcount', H, [
    ['山里派出所', 'S03', '2026-06-30', 4, 2, null, null, 1, null, 3, null],
    ['山里派出所', 'S03', '2026-09-30', 5, null, null, 3, 1, 1, 4, 1],
    ['山里派出所', 'S03', '2026-12-31', 9, 9, 9, 9, 9, 9, 9, 9],
    ['城关警务室', 'W01', '2026-09-30', 2, 1, null, null, null, null, null, null],
    // S01 has roster rows: the roster wins over this row.
    ['城关派出所', 'S01', '2026-09-30', 99, 99, 99, 99, 99, 99, 99, 99],
  ]);

  const C = ['case_id', 'station', 'station_id', 'case_type', 'is_major', 'received_at', 'solved_at', 'closed_at', 'source'];
  await insert(ws, 'cases', C, [
    ['C01', '城关派出所', 'S01', 'criminal', true, '2026-07-05 08:00:00', '2026-07-10 00:00:00', '2026-07-15 08:00:00', 'public_report'],
    ['C02', '城关派出所', 'S01', 'criminal', false, '2026-08-01 00:00:00', null, null, 'proactive'],
    ['C03', '城关派出所', 'S01', 'public_security', false, '2026-08-10 12:00:00', null, '2026-08-12 00:00:00', 'proactive'],
    ['C04', '城关派出所', 'S01', 'public_security', true, '2026-09-30 23:00:00', null, null, null],
    ['C05', '城关派出所', 'S01', 'criminal', true, '2026-09-01 00:00:00', null, '2026-09-05 00:00:00', 'referral'],
    ['C06', '河口派出所', 'S02', 'criminal', true, '2026-07-20 00:00:00', '2026-07-25 00:00:00', null, 'public_report'],
    ['C07', '河口派出所', 'S02', 'public_security', null, '2026-08-15 00:00:00', null, '2026-08-18 00:00:00', null],
    ['C08', '刑侦大队', 'O01', 'criminal', true, '2026-08-01 00:00:00', null, '2026-08-02 00:00:00', 'proactive'],
    ['C09', '某某所', null, 'criminal', true, '2026-08-02 00:00:00', null, null, null],
    ['C10', '城关派出所', 'S01', 'criminal', true, '2026-05-01 00:00:00', null, '2026-05-03 00:00:00', 'proactive'],
  ]);

  const L = ['station', 'station_id', 'date', 'item', 'kind', 'issuer', 'due_date', 'submitted_date', 'hours', 'indicator', 'value'];
  await insert(ws, 'ledger', L, [
    ['城关派出所', 'S01', '2026-07-03', '治安 检查表', 'report', '治安大队', '2026-07-10', '2026-07-12', 2, null, null],
    ['城关派出所', 'S01', '2026-07-15', '治安检查表。', 'report', '政工', '2026-07-20', '2026-07-18', 1, null, null],
    ['城关派出所', 'S01', '2026-08-01', '周例会', 'meeting', '指挥中心', null, null, 3, null, null],
    ['城关派出所', 'S01', '2026-08-20', '创城考核', 'inspection', '政府办', '2026-08-25', '2026-08-25', 4, null, null],
    ['城关派出所', 'S01', '2026-09-01', '协助乡镇征地', 'non_police', '乡镇政府', null, null, 6, null, null],
    ['城关派出所', 'S01', '2026-09-30', '季度统计', 'report', '指挥中心', null, null, null, 'criminal_cases_received', 3],
    ['城关派出所', 'S01', '2026-09-30', '季度统计', 'report', '指挥中心', null, null, null, 'public_security_cases_received', 2],
    ['城关派出所', 'S01', '2026-08-05', 'ＡＢ台账', 'register', '治安大队', null, null, 1, null, null],
    ['城关派出所', 'S01', '2026-08-06', 'AB 台账', 'register', '国保大队', null, null, 1, null, null],
    ['河口派出所', 'S02', '2026-07-10', '治安检查表', 'report', '治安大队', '2026-07-15', '2026-07-20', 2, null, null],
    ['河口派出所', 'S02', '2026-09-30', '季度统计', 'report', '指挥中心', null, null, null, '刑事案件受理数', 3],
    ['河口派出所', 'S02', '2026-09-30', '季度统计', 'report', '指挥中心', null, null, null, 'public_security_cases_received', 0],
    ['河口派出所', 'S02', '2026-08-01', '周例会', 'meeting', '治安大队', null, null, null, null, null],
    ['刑侦大队', 'O01', '2026-08-01', '案件报表', 'report', '政工', null, null, 5, null, null],
    ['某某所', null, '2026-08-01', '案件报表', 'report', '政工', null, null, 5, null, null],
    ['城关派出所', 'S01', '2026-10-10', '治安检查表', 'report', '治安大队', null, null, 1, null, null],
    ['城关派出所', 'S01', '2026-05-10', '治安检查表', 'report', '治安大队', '2026-05-15', '2026-05-20', 3, null, null],
    ['城关派出所', 'S01', '2026-06-30', '季度统计', 'report', '指挥中心', null, null, null, 'criminal_cases_received', 0],
  ]);

  const P = ['petition_id', 'received_at', 'station', 'station_id', 'cause', 'is_repeat', 'closed_at', 'satisfaction'];
  await insert(ws, 'petitions', P, [
    ['PT1', '2026-07-01', '城关派出所', 'S01', 'policy', true, '2026-08-30', 'satisfied'],
    ['PT2', '2026-07-10', '城关派出所', 'S01', 'execution', false, null, null],
    ['PT3', '2026-08-01', '城关派出所', 'S01', null, null, '2026-10-15', 'dissatisfied'],
    ['PT4', '2026-09-01', '城关派出所', 'S01', 'grassroots', false, '2026-09-10', 'basically'],
    ['PT5', '2026-08-20', '河口派出所', 'S02', 'unreasonable', false, null, null],
    ['PT6', '2026-08-20', '某某所', null, 'policy', false, null, null],
    ['PT7', '2026-04-01', '城关派出所', 'S01', 'policy', false, '2026-06-15', null],
  ]);

  await insert(ws, 'samples', ['sample_id', 'quarter', 'created_at'], [
    ['SMP0', '2026Q2', '2026-07-02 09:00:00'],
    ['SMP1', '2026Q3', '2026-10-01 10:00:00'],
    ['SMP2', '2026-Q3', '2026-10-02 09:00:00'],
  ]);
  await insert(ws, 'sample_cases', ['sample_id', 'case_id', 'station_id'], [
    ['SMP0', 'C10', 'S01'],
    ['SMP1', 'C01', 'S01'], ['SMP1', 'C06', 'S02'], ['SMP1', 'C08', 'O01'],
    ['SMP2', 'C01', 'S01'], ['SMP2', 'C04', 'S01'], ['SMP2', 'C07', 'S02'],
  ]);
  await insert(ws, 'findings', ['case_id', 'result'], [
    ['C01', 'defect'], ['C04', 'pass'], ['C07', 'defect'], ['C06', 'pass'], ['C08', 'defect'], ['C10', 'pass'],
  ]);
}

let dir: string;
let ws: Workspace;
let q3: MetricsResult;

function get(r: MetricsResult, metric: string, station: string | null): MetricValue {
  const v = r.values.find((x) => x.metric === metric && (station === null ? x.scope === 'county' : x.station_id === station));
  if (!v) throw new Error(`no value for ${metric} ${station ?? 'county'}`);
  return v;
}

/** Asserts station S01, S02, S03 and county values: a number (close to 12 digits) or a null reason. */
function expectValues(metric: string, expected: Record<string, number | string>): void {
  for (const [who, want] of Object.entries(expected)) {
    const v = get(q3, metric, who === 'county' ? null : who);
    if (typeof want === 'number') {
      expect(v.reason, `${metric} ${who} reason`).toBeNull();
      expect(v.value, `${metric} ${who}`).toBeCloseTo(want, 12);
    } else {
      expect(v.value, `${metric} ${who}`).toBeNull();
      expect(v.reason, `${metric} ${who} reason`).toBe(want);
    }
  }
}

beforeAll(async () => {
  dir = tmp();
  await initWorkspace(dir);
  // Formulas worked by hand on a tiny county: every share counts, however few its cases (the
  // small-number rule, min_denominator 5 by default, is tested in test/figures.test.ts).
  const cfgFile = join(dir, 'jiceng.json');
  writeFileSync(cfgFile, JSON.stringify({ ...JSON.parse(readFileSync(cfgFile, 'utf8')), metrics: { min_denominator: 1 } }, null, 2));
  const w = await openWorkspace(dir);
  await buildFixture(w);
  w.close();
  ws = await openWorkspace(dir, { readOnly: true });
  q3 = await computeMetrics(ws, { quarter: '2026Q3' });
});

afterAll(() => ws?.close());

describe('computeMetrics: quarter', () => {
  it('defaults to the latest quarter with case data (a 2026Q4 ledger row does not count)', async () => {
    const r = await computeMetrics(ws, { metrics: ['ledger_items'] });
    expect(r.quarter).toBe('2026Q3');
    expect([r.start, r.end]).toEqual(['2026-07-01', '2026-09-30']);
  });

  it('accepts 2026Q3, 2026-Q3, 2026年第三季度, 2026年3季度', async () => {
    for (const q of ['2026-Q3', '2026年第三季度', '2026年3季度']) {
      expect((await computeMetrics(ws, { quarter: q, metrics: ['ledger_items'] })).quarter).toBe('2026Q3');
    }
  });

  it('a quarter without data is an error listing the quarters that have data', async () => {
    const e = await computeMetrics(ws, { quarter: '2025Q1' }).catch((x) => x);
    expect(isUserError(e)).toBe(true);
    expect(e.message).toContain('2025Q1');
    expect(e.hint).toContain('2026Q2');
    expect(e.hint).toContain('2026Q3');
    const bad = await computeMetrics(ws, { quarter: 'Q3 of 2026' }).catch((x) => x);
    expect(isUserError(bad)).toBe(true);
    expect(bad.hint).toContain('2026年第三季度');
  });
});

describe('computeMetrics: staffing (2026Q3 snapshot)', () => {
  // Working in S01 (on_duty or seconded): P01 cmd ✓, P02 front ✓, P03 front ✗, P04 office ?, P06 aux,
  // P08 civilian, P12 aux seconded in from S02. P05 is seconded out to O01, P07 on leave.
  //   sworn 4, auxiliary 2, frontline 2, command 1, qualified 2, seconded_out 1 (P05).
  // S02: P09 cmd ✓, P10 front ✓, P11 unclassified ✗, P16 front ✓ (its only row is 2026-12-31).
  //   sworn 4, auxiliary 0, frontline 2, command 1, qualified 3, seconded_out 1 (P12).
  // S03 headcount row of 2026-09-30: sworn 5, auxiliary —, frontline 3, command 1, qualified 4, seconded_out 1.
  // W01 headcount: sworn 2, no breakdown. O01 roster: P13 cmd, P14 front, P05 front (seconded in): sworn 3,
  //   frontline 2, command 1, qualified 3. P15 names an unknown unit: left out.
  it('sworn_per_10k: 4/50000, 4/20000 (registered), S03 without population; county 8/70000', () => {
    expectValues('sworn_per_10k', { S01: 0.8, S02: 2, S03: 'no_population', county: (8 / 70000) * 10000 });
    expect(get(q3, 'sworn_per_10k', 'S01').numerator).toBe(4);
    expect(get(q3, 'sworn_per_10k', 'S01').denominator).toBe(50000);
    // min 15 for urban, min 3 for rural
    expect(get(q3, 'sworn_per_10k', 'S01').breach).toBe(true);
    expect(get(q3, 'sworn_per_10k', 'S01').threshold).toBe('min 15 for urban');
    expect(get(q3, 'sworn_per_10k', 'S02').breach).toBe(true);
    expect(get(q3, 'sworn_per_10k', 'S02').threshold).toBe('min 3 for rural');
    expect(get(q3, 'sworn_per_10k', null).breach).toBe(false);
    expect(get(q3, 'sworn_per_10k', null).detail).toEqual({ pooled_stations: 2, excluded: [{ station_id: 'S03', reason: 'no_population' }] });
  });

  it('staff_per_10k: (4+2)/50000, (4+0)/20000; S03 headcount row has no auxiliary count', () => {
    expectValues('staff_per_10k', { S01: 1.2, S02: 2, S03: 'no_breakdown:auxiliary', county: (10 / 70000) * 10000 });
  });

  it('county_sworn_per_10k: all 18 sworn (4+4+5+2+3) / 70000 station residents', () => {
    const v = get(q3, 'county_sworn_per_10k', null);
    expect(v.value).toBeCloseTo((18 / 70000) * 10000, 12);
    expect([v.numerator, v.denominator]).toEqual([18, 70000]);
    expect(v.detail).toEqual({ units_without_staff_data: [], stations_without_population: ['S03'] });
    expect(q3.values.filter((x) => x.metric === 'county_sworn_per_10k' && x.scope === 'station')).toEqual([]);
  });

  it('vacancy_rate: (8−4)/8, (5−4)/5, (6−5)/6; county (4+1+1)/(8+5+6)', () => {
    expectValues('vacancy_rate', { S01: 0.5, S02: 0.2, S03: 1 / 6, county: 6 / 19 });
  });

  it('grassroots_share: sworn in stations and outposts 15 / 18', () => {
    const v = get(q3, 'grassroots_share', null);
    expect(v.value).toBeCloseTo(15 / 18, 12);
    expect(v.breach).toBe(false);
  });

  it('frontline_share: 2/4, 2/4, 3/5; county over every unit with a breakdown (W01 has none) 9/16', () => {
    expectValues('frontline_share', { S01: 0.5, S02: 0.5, S03: 0.6, county: 9 / 16 });
    expect(get(q3, 'frontline_share', 'S01').breach).toBe(true);
    expect(get(q3, 'frontline_share', 'S03').breach).toBe(false); // 60% is not below 60%
    expect(get(q3, 'frontline_share', null).breach).toBe(true);
    expect(get(q3, 'frontline_share', null).detail).toEqual({ units_without_breakdown: ['W01'], units_without_staff_data: [] });
  });

  it('command_share: 1/4, 1/4, 1/5; county 4/16', () => {
    expectValues('command_share', { S01: 0.25, S02: 0.25, S03: 0.2, county: 4 / 16 });
  });

  it('qualified_share: 2/4 (unknown counts as not qualified), 3/4, 4/5; county 12/16', () => {
    expectValues('qualified_share', { S01: 0.5, S02: 0.75, S03: 0.8, county: 12 / 16 });
  });

  it('seconded_out: 1, 1, 1 (headcount row); county 3', () => {
    expectValues('seconded_out', { S01: 1, S02: 1, S03: 1, county: 3 });
    expect(get(q3, 'seconded_out', 'S01').denominator).toBeNull();
  });
});

describe('computeMetrics: workload', () => {
  // 2026Q3 cases. S01: C01 crim major solved+closed (10.0 d), C02 crim not cleared (proactive), C03 ps closed
  // (1.5 d, proactive), C04 ps major open (no source), C05 crim major closed (4.0 d, referral).
  // S02: C06 crim major solved (public_report), C07 ps major? NULL closed (3.0 d, no source). S03: none.
  // C08 (organ) and C09 (unknown unit) are left out.
  it('cases_per_frontline: 5/2, 2/2, 0/3; county 7/7', () => {
    expectValues('cases_per_frontline', { S01: 2.5, S02: 1, S03: 0, county: 1 });
  });

  it('clearance_rate: 2/3, 1/1, no criminal cases; county 3/4', () => {
    expectValues('clearance_rate', { S01: 2 / 3, S02: 1, S03: 'no_criminal_cases', county: 0.75 });
  });

  it('proactive_share: 2/4 known, 0/1; county 2/5', () => {
    expectValues('proactive_share', { S01: 0.5, S02: 0, S03: 'no_known_source', county: 0.4 });
  });

  // Kaplan–Meier, data date 2026-09-30 (no loads: the latest date on the case rows). S01: C04 censored
  // at 0, C03 closed at 2, C05 at 4, C01 at 10, C02 censored at 60 → S(2) = 3/4, S(4) = 3/4 × 2/3 = 1/2
  // → 4. S02: C07 closed at 3 of 2 at risk → S = 1/2 → 3 (C06 solved, never closed: censored at 72).
  // County (S01 + S02 pooled, 7 cases; C04 censored at 0 leaves 6 at risk at 2): S(2) = 5/6,
  // S(3) = 5/6 × 4/5 = 4/6, S(4) = 4/6 × 3/4 = 1/2 → 4.
  it('median_days_to_close (Kaplan–Meier): 4, 3, no cases; county over the pooled cases 4', () => {
    expectValues('median_days_to_close', { S01: 4, S02: 3, S03: 'no_quarter_cases', county: 4 });
    expect(get(q3, 'median_days_to_close', null).denominator).toBe(7);
  });
});

describe('computeMetrics: report burden', () => {
  // S01 2026Q3 ledger: 9 rows, hours 2+1+3+4+6+1+1 = 18 (non_police 6); with both dates: 3, late 1.
  // Issuers 治安大队 政工 指挥中心 政府办 乡镇政府 国保大队. "治安 检查表" (治安大队) = "治安检查表。" (政工);
  // "ＡＢ台账" (治安大队) = "AB 台账" (国保大队). S02: 4 rows, hours 2, late 1/1, issuers 治安大队 指挥中心;
  // its 周例会 comes from 治安大队 while S01's comes from 指挥中心: a duplicate only at county level.
  it('ledger_items: 9, 4, 0; county 13', () => expectValues('ledger_items', { S01: 9, S02: 4, S03: 0, county: 13 }));
  it('ledger_hours_per_officer: 18/4, 2/4, 0/5; county 20/13', () =>
    expectValues('ledger_hours_per_officer', { S01: 4.5, S02: 0.5, S03: 0, county: 20 / 13 }));
  it('issuing_departments: 6, 2, 0; county distinct 6', () =>
    expectValues('issuing_departments', { S01: 6, S02: 2, S03: 0, county: 6 }));
  it('meetings: 1, 1, 0; county 2', () => expectValues('meetings', { S01: 1, S02: 1, S03: 0, county: 2 }));
  it('inspections: 1, 0, 0; county 1', () => expectValues('inspections', { S01: 1, S02: 0, S03: 0, county: 1 }));
  it('non_police_share: 6/18, 0/2, no hours; county 6/20', () =>
    expectValues('non_police_share', { S01: 1 / 3, S02: 0, S03: 'no_hours', county: 0.3 }));
  it('late_share: 1/3, 1/1, no dates; county 2/4', () =>
    expectValues('late_share', { S01: 1 / 3, S02: 1, S03: 'no_due_dates', county: 0.5 }));
  it('duplicate_asks: 2 (normalized, full-width), 0, 0; county 3 (周例会 across stations)', () => {
    expectValues('duplicate_asks', { S01: 2, S02: 0, S03: 0, county: 3 });
    expect(get(q3, 'duplicate_asks', 'S01').detail).toEqual({
      items: [
        { item: 'AB 台账', issuers: ['国保大队', '治安大队'] },
        { item: '治安 检查表', issuers: ['政工', '治安大队'] },
      ],
    });
  });
});

describe('computeMetrics: petitions', () => {
  // S01: PT1 policy repeat closed after exactly 60 days (not overdue) satisfied; PT2 execution open 82 days at
  // 09-30 (overdue); PT3 no cause, closed after 75 days (overdue) dissatisfied; PT4 grassroots basically.
  // S02: PT5 unreasonable, open 41 days. S03: none, no population.
  it('petitions_per_10k: 4/50000, 1/20000; county 5/70000', () =>
    expectValues('petitions_per_10k', { S01: 0.8, S02: 0.5, S03: 'no_population', county: (5 / 70000) * 10000 }));
  it('policy_caused_share: 1/3, 0/1; county 1/4', () =>
    expectValues('policy_caused_share', { S01: 1 / 3, S02: 0, S03: 'no_petitions', county: 0.25 }));
  it('government_caused_share: 2/3, 0/1; county 2/4', () =>
    expectValues('government_caused_share', { S01: 2 / 3, S02: 0, S03: 'no_petitions', county: 0.5 }));
  it('repeat_share: 1/4, 0/1; county 1/5', () =>
    expectValues('repeat_share', { S01: 0.25, S02: 0, S03: 'no_petitions', county: 0.2 }));
  it('overdue_share: 2/4, 0/1; county 2/5; any overdue breaches max 0', () => {
    expectValues('overdue_share', { S01: 0.5, S02: 0, S03: 'no_petitions', county: 0.4 });
    expect(get(q3, 'overdue_share', 'S01').breach).toBe(true);
    expect(get(q3, 'overdue_share', 'S02').breach).toBe(false);
  });
  it('satisfaction_rate: 2/3, no answers; county 2/3', () =>
    expectValues('satisfaction_rate', { S01: 2 / 3, S02: 'no_satisfaction', S03: 'no_petitions', county: 2 / 3 }));
});

describe('computeMetrics: backtracking', () => {
  // Backtrack population: S01 C01 C04 C05 (C02, C03 not major); S02 C06, C07 (is_major NULL = major).
  // Latest 2026Q3 sample is SMP2 (written 2026-Q3): C01 C04 (S01), C07 (S02).
  // County: every unit's major cases, as the auditor workbook's 全县 row: S01 3 + S02 2 + 刑侦大队 C08 +
  // C09 (unit 某某所 matched no station; the one county takes it) = 7, sampled C01 C04 C07 = 3.
  it('backtrack_coverage: 2/3, 1/2, no major cases; county over every unit 3/7', () => {
    expectValues('backtrack_coverage', { S01: 2 / 3, S02: 0.5, S03: 'no_major_cases', county: 3 / 7 });
    expect(get(q3, 'backtrack_coverage', null).denominator).toBe(7);
    expect(get(q3, 'backtrack_coverage', 'S01').detail).toEqual({ sample_id: 'SMP2' });
  });

  // Findings on 2026Q3 cases: S01 C01 defect, C04 pass; S02 C06 pass, C07 defect (C08 organ, C10 Q2 left out).
  it('defect_rate: 1/2, 1/2; county 2/4; with the 95% Clopper–Pearson interval', () => {
    expectValues('defect_rate', { S01: 0.5, S02: 0.5, S03: 'no_findings', county: 0.5 });
    const s1 = get(q3, 'defect_rate', 'S01').detail as { interval: { lower: number; upper: number; confidence: number } };
    // R: binom.test(1, 2)$conf.int = 0.01257912 0.98742088; binom.test(2, 4) = 0.06758599 0.93241401
    expect(s1.interval.lower).toBeCloseTo(0.01257912, 7);
    expect(s1.interval.upper).toBeCloseTo(0.98742088, 7);
    const c = get(q3, 'defect_rate', null).detail as { interval: { lower: number; upper: number } };
    expect(c.interval.lower).toBeCloseTo(0.06758599, 7);
    expect(c.interval.upper).toBeCloseTo(0.93241401, 7);
    expect(clopperPearson(2, 4).lower).toBeCloseTo(c.interval.lower, 12);
  });

  it('backtrack_coverage without a sample for the quarter is null with a reason', async () => {
    const r = await computeMetrics(ws, { quarter: '2026Q2', metrics: ['backtrack_coverage'] });
    // 2026Q2 has SMP0 (C10): S01 1/1.
    expect(get(r, 'backtrack_coverage', 'S01').value).toBe(1);
    expect(get(r, 'backtrack_coverage', 'S02').reason).toBe('no_major_cases');
  });
});

describe('computeMetrics: statistics integrity', () => {
  // S01 declared 3 criminal, 2 public-security: recorded 3 (C01 C02 C05) and 2 (C03 C04): no gap.
  // S02 declared 3 criminal (written 刑事案件受理数) vs 1 recorded: +2; 0 public-security vs 1: −1.
  it('declared_vs_recorded: S01 no gap; S02 +2 and −1 (value: net +1), flagged with each gap; S03 declared nothing', () => {
    expectValues('declared_vs_recorded', { S01: 0, S02: 1, S03: 'no_declared_statistics', county: 1 });
    expect(get(q3, 'declared_vs_recorded', 'S01').breach).toBe(false);
    expect(get(q3, 'declared_vs_recorded', 'S02').breach).toBe(true);
    expect(get(q3, 'declared_vs_recorded', null).breach).toBe(true);
    expect(get(q3, 'declared_vs_recorded', 'S02').detail).toEqual({
      flagged: 2,
      abs_gap: 3,
      gaps: [
        { indicator: 'criminal_cases_received', date: '2026-09-30', item: '季度统计', declared: 3, recorded: 1, gap: 2 },
        { indicator: 'public_security_cases_received', date: '2026-09-30', item: '季度统计', declared: 0, recorded: 1, gap: -1 },
      ],
    });
    expect(get(q3, 'declared_vs_recorded', null).detail).toEqual({
      stations_declaring: 2,
      stations_flagged: 1,
      abs_gap: 3,
      gaps: [
        { station_id: 'S02', indicator: 'criminal_cases_received', date: '2026-09-30', declared: 3, recorded: 1, gap: 2 },
        { station_id: 'S02', indicator: 'public_security_cases_received', date: '2026-09-30', declared: 0, recorded: 1, gap: -1 },
      ],
    });
  });

  it('2026Q2: one under-declared indicator (0 declared, C10 recorded): the value is the signed gap −1', async () => {
    const r = await computeMetrics(ws, { quarter: '2026Q2', metrics: ['declared_vs_recorded'] });
    expect(get(r, 'declared_vs_recorded', 'S01')).toMatchObject({ value: -1, breach: true });
    expect(get(r, 'declared_vs_recorded', 'S02').reason).toBe('no_declared_statistics');
    expect(get(r, 'declared_vs_recorded', null)).toMatchObject({ value: -1, breach: true });
  });

  it('integrityReport: the nonzero gaps of the latest quarter, for jiceng status', async () => {
    const r = await integrityReport(ws);
    expect(r.quarter).toBe('2026Q3');
    expect(r.gaps).toEqual([
      { quarter: '2026Q3', station_id: 'S02', station_name: '河口派出所', indicator: 'criminal_cases_received', date: '2026-09-30', declared: 3, recorded: 1, gap: 2 },
      { quarter: '2026Q3', station_id: 'S02', station_name: '河口派出所', indicator: 'public_security_cases_received', date: '2026-09-30', declared: 0, recorded: 1, gap: -1 },
    ]);
    expect(r.flags.length).toBeGreaterThan(0);
  });

  it('carries the rows flagged at load: unknown units and unclassified posts', async () => {
    const r = await computeMetrics(ws, { metrics: ['declared_vs_recorded'] });
    expect(r.definitions.map((d) => d.id)).toEqual(['declared_vs_recorded']);
    const flags = r.flags ?? [];
    expect(flags).toContainEqual(expect.objectContaining({ kind: 'staffing', flag: 'unknown_unit', value: '不存在所', rows: 1 }));
    expect(flags).toContainEqual(expect.objectContaining({ kind: 'cases', flag: 'unknown_unit', value: '某某所', rows: 1 }));
    expect(flags).toContainEqual(expect.objectContaining({ kind: 'staffing', flag: 'unclassified_post', value: '协理员' }));
    expect((await computeMetrics(ws, { metrics: ['ledger_items'] })).flags).toBeUndefined();
  });
});

describe('computeMetrics: every value is a number or null with a reason', () => {
  it('covers every shipped metric, 3 stations and the county', () => {
    expect(SHIPPED).toBeGreaterThanOrEqual(31);
    expect(q3.definitions).toHaveLength(SHIPPED);
    for (const d of q3.definitions) {
      const rows = q3.values.filter((v) => v.metric === d.id);
      expect(rows.filter((v) => v.scope === 'county'), d.id).toHaveLength(1);
      expect(rows.filter((v) => v.scope === 'station'), d.id).toHaveLength(d.grain === 'station' ? 3 : 0);
    }
    for (const v of q3.values) {
      if (v.value === null) expect(v.reason, `${v.metric} ${v.station_id}`).toBeTruthy();
      else expect(Number.isFinite(v.value)).toBe(true);
      expect(JSON.stringify(v)).not.toMatch(/"\d+n"/);
    }
    expect(q3.definitions.map((d) => d.group)).toEqual([...q3.definitions.map((d) => d.group)].sort((a, b) =>
      ['staffing', 'workload', 'report_burden', 'petitions', 'backtracking', 'integrity', 'other'].indexOf(a) -
      ['staffing', 'workload', 'report_burden', 'petitions', 'backtracking', 'integrity', 'other'].indexOf(b)));
  });

  it('an empty workspace quarter gives nulls with reasons, never 0 or a division error', async () => {
    const d2 = tmp();
    await initWorkspace(d2);
    const w = await openWorkspace(d2);
    try {
      await insert(w, 'stations', ['station_id', 'station_name', 'unit_kind'], [['X1', '空所', 'station']]);
      await insert(w, 'cases', ['case_id', 'station_id', 'case_type', 'received_at'], [['Z1', 'X9', 'criminal', '2026-08-01 00:00:00']]);
      const r = await computeMetrics(w, {});
      expect(get(r, 'sworn_per_10k', 'X1').reason).toBe('no_staff_data');
      expect(get(r, 'petitions_per_10k', 'X1').reason).toBe('no_petition_data');
      expect(get(r, 'ledger_items', 'X1').reason).toBe('no_ledger_data');
      expect(get(r, 'clearance_rate', 'X1').reason).toBe('no_criminal_cases');
      expect(get(r, 'clearance_rate', null).reason).toBe('no_criminal_cases');
      expect(get(r, 'declared_vs_recorded', 'X1').reason).toBe('no_declared_statistics');
      for (const v of r.values) if (v.value === null) expect(v.reason).toBeTruthy();
    } finally {
      w.close();
    }
  });
});

describe('computeMetrics: options', () => {
  it('--compare: previous value and change (P03 moved from S02 to S01)', async () => {
    const r = await computeMetrics(ws, { quarter: '2026Q3', compare: '2026Q2', metrics: ['sworn_per_10k', 'ledger_items'] });
    expect(r.compare).toBe('2026Q2');
    // 2026Q2 snapshot: S01 P01 P02 P04 = 3; S02 P03 P09 P10 P11 P16 = 5.
    const s1 = get(r, 'sworn_per_10k', 'S01');
    expect(s1.previous).toBeCloseTo(0.6, 12);
    expect(s1.change).toBeCloseTo(0.2, 12);
    expect(get(r, 'sworn_per_10k', 'S02').previous).toBeCloseTo(2.5, 12);
    expect(get(r, 'sworn_per_10k', 'S02').change).toBeCloseTo(-0.5, 12);
    expect(get(r, 'sworn_per_10k', null).change).toBeCloseTo(0, 12);
    expect(get(r, 'ledger_items', 'S01').previous).toBe(2);
    expect(get(r, 'ledger_items', 'S01').change).toBe(7);
    const prev = await computeMetrics(ws, { quarter: '2026Q3', compare: '', metrics: ['ledger_items'] });
    expect(prev.compare).toBe('2026Q2');
    expect(prev.warnings).toEqual([]);
    // A comparison quarter without data is computed (staffing snapshots exist) with a warning.
    const empty = await computeMetrics(ws, { quarter: '2026Q3', compare: '2025Q3', metrics: ['ledger_items', 'sworn_per_10k'] });
    expect(say(empty.warnings[0], 'en')).toContain('2025Q3');
    expect(get(empty, 'ledger_items', 'S01').previous).toBeNull();
    expect(get(empty, 'ledger_items', 'S01').change).toBeNull();
    expect(get(empty, 'sworn_per_10k', 'S01').previous).toBeCloseTo(0.6, 12);
  });

  it('selects stations by id or name and metrics by id or group; unknown ones list the valid choices', async () => {
    const r = await computeMetrics(ws, { quarter: '2026Q3', stations: ['河口派出所'], metrics: ['workload'] });
    expect(r.stations.map((s) => s.station_id)).toEqual(['S02']);
    expect([...new Set(r.values.map((v) => v.metric))]).toEqual(['cases_per_frontline', 'clearance_rate', 'clearance_rate_30d', 'proactive_share', 'median_days_to_close']);
    expect(r.values.filter((v) => v.scope === 'station').every((v) => v.station_id === 'S02')).toBe(true);
    // The county value stays pooled over every station.
    expect(get(r, 'clearance_rate', null).value).toBeCloseTo(0.75, 12);
    const e1 = await computeMetrics(ws, { stations: ['不存在'] }).catch((x) => x);
    expect(e1.message).toContain('不存在');
    expect(e1.hint).toContain('城关派出所');
    const e2 = await computeMetrics(ws, { metrics: ['sworn_per_10000'] }).catch((x) => x);
    expect(e2.message).toContain('sworn_per_10000');
    expect(e2.hint).toContain('sworn_per_10k');
  });
});

describe('metric files', () => {
  it('a metric file dropped into the folder appears in the output', async () => {
    const mdir = tmp();
    cpSync(defaultMetricsDir(), mdir, { recursive: true });
    writeFileSync(join(mdir, 'collective_petitions.sql'), [
      '-- id: collective_petitions',
      '-- title_en: Collective petitions',
      '-- title_zh: 集体访件数',
      '-- group: petitions',
      '-- unit: count',
      '-- grain: station',
      '-- direction: lower_is_better',
      '-- thresholds: max 0 for station',
      '-- definition: petitions of the quarter marked is_collective.',
      '-- reference: none',
      'SELECT s.station_id, count(p.petition_id)::INTEGER AS numerator',
      'FROM stations s LEFT JOIN quarter_petitions($q_start, $q_end) p ON p.station_id = s.station_id AND p.is_repeat',
      "WHERE s.unit_kind = 'station' GROUP BY s.station_id;",
      '',
    ].join('\n'));
    const r = await computeMetrics(ws, { quarter: '2026Q3', metricsDirs: [mdir] });
    expect(r.definitions.find((d) => d.id === 'collective_petitions')?.group).toBe('petitions');
    expect(get(r, 'collective_petitions', 'S01').value).toBe(1);
    expect(get(r, 'collective_petitions', 'S01').breach).toBe(true);
    expect(get(r, 'collective_petitions', null).value).toBe(1);
    expect(get(r, 'collective_petitions', null).breach).toBe(false);
  });

  it('a malformed header is one error naming the file and the line', () => {
    const mdir = tmp();
    const file = join(mdir, 'broken.sql');
    writeFileSync(file, '-- id: broken\n-- title_en: Broken\n-- titel_zh: 坏\nSELECT 1');
    const e = (() => {
      try {
        loadDefinitions([mdir]);
      } catch (x) {
        return x as Error & { hint?: string };
      }
    })();
    expect(isUserError(e)).toBe(true);
    expect(e!.message).toContain('broken.sql line 3');
    expect(e!.message).toContain('titel_zh');
    writeFileSync(file, '-- id: broken\n-- title_en: B\n-- title_zh: 坏\n-- unit: count\n-- grain: station\n-- direction: up\nSELECT 1');
    expect(() => loadDefinitions([mdir])).toThrow(/broken\.sql line 6: direction "up"/);
    writeFileSync(file, '-- id: broken\n-- title_en: B\n-- title_zh: 坏\n-- unit: count\n-- grain: station\nSELECT 1');
    expect(() => loadDefinitions([mdir])).toThrow(/broken\.sql line 5: header key "direction" is missing/);
    writeFileSync(file, '-- id: broken\n-- title_en: B\n-- title_zh: 坏\n-- unit: count\n-- grain: station\n-- direction: neutral\n-- thresholds: at least 3\nSELECT 1');
    expect(() => loadDefinitions([mdir])).toThrow(/broken\.sql line 7: cannot read threshold/);
    writeFileSync(file, '-- id: other\n-- title_en: B\n-- title_zh: 坏\n-- unit: count\n-- grain: station\n-- direction: neutral\nSELECT 1');
    expect(() => loadDefinitions([mdir])).toThrow(/broken\.sql line 1: id "other" differs/);
    writeFileSync(file, '-- id: broken\n-- title_en: B\n-- title_zh: 坏\n-- unit: count\n-- grain: station\n-- direction: neutral\nSELECT $quarter');
    expect(() => loadDefinitions([mdir])).toThrow(/broken\.sql line 7: unknown parameter \$quarter/);
  });

  it('every shipped file parses, with all the documented header keys', () => {
    for (const d of loadDefinitions()) {
      for (const k of ['id', 'title_en', 'title_zh', 'unit', 'grain', 'direction', 'thresholds', 'definition', 'reference', 'group']) {
        expect(k in d.header, `${d.id} ${k}`).toBe(true);
      }
      expect(parseMetricFile(d.file).id).toBe(d.id);
    }
  });

  it('threshold grammar', () => {
    expect(parseThresholds('min 15 for urban; min 3 for rural')).toEqual([
      { op: 'min', limit: 15, targets: ['urban'], text: 'min 15 for urban' },
      { op: 'min', limit: 3, targets: ['rural'], text: 'min 3 for rural' },
    ]);
    expect(parseThresholds('max 10% for station, county')[0]).toMatchObject({ op: 'max', limit: 0.1, targets: ['station', 'county'] });
    expect(parseThresholds('none')).toEqual([]);
    expect(() => parseThresholds('min 3 for city')).toThrow(/city/);
  });
});

describe('scoreStations', () => {
  it('contributions add up to the score; ranks follow scores', () => {
    const card = scoreStations(q3, DEFAULT_SCORECARD);
    expect(card.stations).toHaveLength(3);
    for (const s of card.stations) {
      const sum = s.contributions.reduce((a, c) => a + (c.contribution ?? 0), 0);
      expect(s.score).toBe(sum);
      expect(s.weight_used).toBe(s.contributions.filter((c) => c.normalized !== null).reduce((a, c) => a + c.weight, 0));
    }
    const ranked = [...card.stations].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score! >= ranked[i].score!).toBe(true);
  });

  it('worked example: two metrics, min-max in the metric direction', () => {
    const card = scoreStations(q3, { method: 'minmax', weights: { clearance_rate: 2, vacancy_rate: 1 }, directions: {} });
    // clearance_rate (higher better): S01 2/3, S02 1, S03 — → S01 0, S02 1.
    // vacancy_rate (lower better): S01 0.5, S02 0.2, S03 1/6 → S01 0, S02 (0.5−0.2)/(0.5−1/6) = 0.9, S03 1.
    const by = new Map(card.stations.map((s) => [s.station_id, s]));
    expect(by.get('S01')!.score).toBeCloseTo(0, 12);
    expect(by.get('S02')!.score).toBeCloseTo((100 * (2 * 1 + 1 * 0.9)) / 3, 12);
    expect(by.get('S03')!.score).toBeCloseTo(100, 12); // only vacancy_rate has a value: 100 × 1 × 1 / 1
    expect(by.get('S03')!.missing).toEqual(['clearance_rate']);
    expect([by.get('S03')!.rank, by.get('S02')!.rank, by.get('S01')!.rank]).toEqual([1, 2, 3]);
  });

  it('rank method and neutral metrics', () => {
    expect(normalize([1, 2, 2, null, 4], 'higher_is_better', 'rank')).toEqual([0, 2 / 3, 2 / 3, null, 1]);
    expect(normalize([1, 2, 4], 'lower_is_better', 'minmax')).toEqual([1, 2 / 3, 0]);
    expect(normalize([5, 5], 'lower_is_better', 'minmax')).toEqual([1, 1]);
    expect(normalize([3, 0, -5, null], 'closest_to_zero', 'minmax')).toEqual([0.4, 1, 0, null]);
    expect(() => scoreStations(q3, { method: 'minmax', weights: { cases_per_frontline: 1 }, directions: {} })).toThrow(/neutral/);
    const ok = scoreStations(q3, { method: 'minmax', weights: { cases_per_frontline: 1 }, directions: { cases_per_frontline: 'lower_is_better' } });
    expect(ok.stations.find((s) => s.station_id === 'S03')!.score).toBe(100);
  });
});

/** Runs `jiceng metrics …` in-process (test/cli.ts) and returns its stdout; an error is thrown as before. */
async function runCli(args: string[]): Promise<string> {
  const r = await runInProcess(['metrics', '-w', dir, ...args]);
  if (r.error) throw r.error;
  return r.stdout;
}

describe('jiceng metrics (command)', () => {
  it('--json: one document with quarter and values; county rows have station_id null', async () => {
    const doc = JSON.parse(await runCli(['--quarter', '2026Q3', '--json']));
    expect(doc.quarter).toBe('2026Q3');
    const v = doc.values.find((x: MetricValue) => x.metric === 'sworn_per_10k' && x.station_id === 'S01');
    expect(v).toMatchObject({ scope: 'station', station_name: '城关派出所', county: '示范县', value: 0.8, numerator: 4, denominator: 50000, breach: true });
    const c = doc.values.find((x: MetricValue) => x.metric === 'sworn_per_10k' && x.scope === 'county');
    expect(c.station_id).toBeNull();
    const n = doc.values.find((x: MetricValue) => x.metric === 'sworn_per_10k' && x.station_id === 'S03');
    expect(n).toMatchObject({ value: null, reason: 'no_population' });
    expect(n.reason_text).toBe('无辖区人口数据');
  });

  it('tables per group with legends, breaches marked, gaps listed (English)', async () => {
    const text = await runCli(['--quarter', '2026Q3', '--lang', 'en']);
    for (const g of ['Staffing', 'Workload', 'Report burden', 'Petitions', 'Case backtracking', 'Statistics integrity']) expect(text).toContain(g);
    expect(text).toContain('sworn/10k (stations): sworn_per_10k = Sworn officers per 10,000 residents (stations)');
    expect(text).toMatch(/0\.80 \*/);
    expect(text).toContain('河口派出所: criminal cases received (2026-09-30) declared 3, recorded 1, gap +2');
    expect(text).toContain('gap −1');
    expect(text).toContain('no population for the station');
    expect(text).toContain('Rows flagged at load');
  });

  it('--csv, --compare, --list, --score', async () => {
    const csv = await runCli(['--quarter', '2026Q3', '--compare', '2026Q2', '--metric', 'sworn_per_10k', '--csv']);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toContain('previous,change');
    expect(lines).toHaveLength(1 + 4);
    const list = await runCli(['--list', '--json']);
    expect(JSON.parse(list).metrics).toHaveLength(SHIPPED);
    const score = JSON.parse(await runCli(['--quarter', '2026Q3', '--score', '--json']));
    expect(score.stations).toHaveLength(3);
    expect(score.stations[0].contributions.length).toBeGreaterThan(0);
    const table = await runCli(['--quarter', '2026Q3', '--score', '--station', 'S01']);
    expect(table).toContain('城关派出所');
    expect(table).not.toContain('河口派出所');
  });

  it('reads a user metric from the workspace metrics/ folder too', async () => {
    const d = join(dir, 'metrics');
    cpSync(join(defaultMetricsDir(), 'meetings.sql'), join(d, 'meetings_again.sql'));
    const f = join(d, 'meetings_again.sql');
    writeFileSync(f, readFileSync(f, 'utf8').replace('-- id: meetings', '-- id: meetings_again').replace('-- title_en: Meetings', '-- title_en: Meetings again'));
    const doc = JSON.parse(await runCli(['--quarter', '2026Q3', '--json']));
    expect(doc.values.find((x: MetricValue) => x.metric === 'meetings_again' && x.station_id === 'S01').value).toBe(1);
    const text = await runCli(['--quarter', '2026Q3', '--lang', 'en', '--metric', 'report_burden']);
    expect(text).toContain('meetings_again = Meetings again');
    expect(text).toContain('Meetings again');
  });
});

// Figures that compare fairly: clearance_rate_30d and overdue_share worked by hand, shares of too few
// cases greyed and kept out of breaches and the scorecard, the data date of a load (title, footer,
// latest date, --as-of) and of a quarter (metrics/report --as-of).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { lit } from '../src/db/database.js';
import { computeMetrics, type MetricsResult, type MetricValue } from '../src/metrics/run.js';
import { scoreStations, DEFAULT_SCORECARD } from '../src/metrics/score.js';
import { buildReportModel, writeReports } from '../src/report/index.js';
import { loadFile } from '../src/ingest/load.js';
import { namedDataDate } from '../src/ingest/data-date.js';
import { tmp, cli, writeXlsx, writeText } from './helpers.js';

type V = string | number | boolean | null;
const sqlValue = (v: V): string => (v === null ? 'NULL' : typeof v === 'string' ? lit(v) : String(v));
async function insert(ws: Workspace, table: string, cols: string[], rows: V[][]): Promise<void> {
  await ws.db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${rows.map((r) => `(${r.map(sqlValue).join(', ')})`).join(',\n')}`);
}
const get = (r: MetricsResult, metric: string, station: string | null): MetricValue =>
  r.values.find((v) => v.metric === metric && (station === null ? v.scope === 'county' : v.station_id === station))!;

/*
 * Data date 2026-10-01 (--as-of), window 30 days: a criminal case is eligible when received on or
 * before 2026-09-01; cleared when the earlier of solved_at and closed_at is ≤ 30 calendar days after
 * the day it was received.
 *   城关 A1 07-01 10:00, solved 07-20, closed 08-30 → 19 days ✓
 *        A2 07-01 23:00, closed 07-31 01:00 → 30 calendar days (29 days of clock time) ✓
 *        A3 07-01, solved 08-01 → 31 ✗
 *        A4 08-15, closed 08-20, solved 09-30 → the earlier, 5 ✓
 *        A5 09-01 12:00, solved 09-02 → eligible (the cut-off day itself) ✓
 *        A6 09-02, solved 09-03 → not eligible (29 days before the data date)
 *        A7 public-security → not criminal
 *        → 4/5. clearance_rate (so far) 6/6.
 *   河口 B1 07-10 open ✗, B2 07-10 solved 07-12 ✓ → 1/2: too few (below 5).
 *   County pooled: 5/7.
 * Petitions (overdue: open more than 60 days; an open one counts its age at the data date):
 *   城关 P1 07-01 closed 08-30 (60: not overdue), P2 07-01 closed 09-05 (66 ✓), P3 07-15 open (78 ✓),
 *        P4 08-20 open (42: not overdue yet), P5 09-01 open (30: not yet) → 2/5, breaches max 0.
 *   河口 Q1 07-01 open (92 ✓) → 1/1: too few, no breach.
 */
let dir: string;
let ws: Workspace;
let r: MetricsResult;

beforeAll(async () => {
  dir = tmp('jiceng-figures-');
  await initWorkspace(dir);
  const w = await openWorkspace(dir);
  await insert(w, 'stations', ['station_id', 'station_name', 'county', 'unit_kind', 'area_type', 'population_resident'], [
    ['A', '城关派出所', '测试县', 'station', 'urban', 50000],
    ['B', '河口派出所', '测试县', 'station', 'rural', 20000],
  ]);
  await insert(w, 'cases', ['case_id', 'station', 'station_id', 'case_type', 'received_at', 'solved_at', 'closed_at'], [
    ['A1', '城关派出所', 'A', 'criminal', '2026-07-01 10:00:00', '2026-07-20 00:00:00', '2026-08-30 00:00:00'],
    ['A2', '城关派出所', 'A', 'criminal', '2026-07-01 23:00:00', null, '2026-07-31 01:00:00'],
    ['A3', '城关派出所', 'A', 'criminal', '2026-07-01 00:00:00', '2026-08-01 00:00:00', null],
    ['A4', '城关派出所', 'A', 'criminal', '2026-08-15 00:00:00', '2026-09-30 00:00:00', '2026-08-20 00:00:00'],
    ['A5', '城关派出所', 'A', 'criminal', '2026-09-01 12:00:00', '2026-09-02 00:00:00', null],
    ['A6', '城关派出所', 'A', 'criminal', '2026-09-02 00:00:00', '2026-09-03 00:00:00', null],
    ['A7', '城关派出所', 'A', 'public_security', '2026-07-01 00:00:00', null, '2026-07-02 00:00:00'],
    ['B1', '河口派出所', 'B', 'criminal', '2026-07-10 00:00:00', null, null],
    ['B2', '河口派出所', 'B', 'criminal', '2026-07-10 00:00:00', '2026-07-12 00:00:00', null],
  ]);
  await insert(w, 'petitions', ['petition_id', 'station', 'station_id', 'received_at', 'closed_at'], [
    ['P1', '城关派出所', 'A', '2026-07-01', '2026-08-30'],
    ['P2', '城关派出所', 'A', '2026-07-01', '2026-09-05'],
    ['P3', '城关派出所', 'A', '2026-07-15', null],
    ['P4', '城关派出所', 'A', '2026-08-20', null],
    ['P5', '城关派出所', 'A', '2026-09-01', null],
    ['Q1', '河口派出所', 'B', '2026-07-01', null],
  ]);
  w.close();
  ws = await openWorkspace(dir, { readOnly: true });
  r = await computeMetrics(ws, { quarter: '2026Q3', asOf: '2026-10-01' });
});

afterAll(() => ws?.close());

describe('clearance_rate_30d', () => {
  it('eligible cases had their full 30 days; the earlier of solved and closed counts, in calendar days', () => {
    expect(get(r, 'clearance_rate_30d', 'A')).toMatchObject({ numerator: 4, denominator: 5, value: 0.8 });
    expect(get(r, 'clearance_rate_30d', 'B')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5, small: true });
    expect(get(r, 'clearance_rate_30d', null)).toMatchObject({ numerator: 5, denominator: 7 });
    expect(get(r, 'clearance_rate_30d', null).value).toBeCloseTo(5 / 7, 12);
    expect(get(r, 'clearance_rate', 'A')).toMatchObject({ numerator: 6, denominator: 6 });
  });

  it('the window comes from jiceng.json metrics.clearance_window_days', async () => {
    // 40 days: eligible up to 08-22 → A1 A2 A3 A4 (A3 now cleared at 31) → 4/4.
    const r40 = await computeMetrics({ ...ws, config: { ...ws.config, metrics: { clearance_window_days: 40 } } }, { quarter: '2026Q3', metrics: ['clearance_rate_30d'], asOf: '2026-10-01' });
    expect(get(r40, 'clearance_rate_30d', 'A')).toMatchObject({ numerator: 4, denominator: 4 });
  });

  it('clearance_rate counts a case cleared on or before the data date only: one cleared after it was open then', async () => {
    // Cleared (earlier of solved and closed): A1 07-20, A2 07-31, A3 08-01, A4 08-20, A5 09-02, A6 09-03.
    const at = async (asOf: string) => get(await computeMetrics(ws, { quarter: '2026Q3', metrics: ['clearance_rate'], asOf }), 'clearance_rate', 'A');
    expect(await at('2026-08-20')).toMatchObject({ numerator: 4, denominator: 6 });
    expect(await at('2026-08-19')).toMatchObject({ numerator: 3, denominator: 6 });
  });

  it('a data date too early for any eligible case is a reason, not 0%', async () => {
    const early = await computeMetrics(ws, { quarter: '2026Q3', metrics: ['clearance_rate_30d'], asOf: '2026-07-20' });
    expect(get(early, 'clearance_rate_30d', 'A')).toMatchObject({ value: null, reason: 'no_eligible_cases:30' });
  });

  it('so-far clearance has no quarter-over-quarter change; the 30-day one does', async () => {
    const dir2 = tmp('jiceng-figures-cmp-');
    await initWorkspace(dir2);
    const w = await openWorkspace(dir2);
    await insert(w, 'stations', ['station_id', 'station_name', 'county', 'unit_kind'], [['A', '城关派出所', '测试县', 'station']]);
    const rows: V[][] = [];
    for (let i = 0; i < 6; i++) rows.push([`Q2-${i}`, '城关派出所', 'A', 'criminal', `2026-04-0${i + 1} 00:00:00`, i < 3 ? '2026-04-20 00:00:00' : null]);
    for (let i = 0; i < 6; i++) rows.push([`Q3-${i}`, '城关派出所', 'A', 'criminal', `2026-07-0${i + 1} 00:00:00`, i < 3 ? '2026-07-20 00:00:00' : null]);
    await insert(w, 'cases', ['case_id', 'station', 'station_id', 'case_type', 'received_at', 'solved_at'], rows);
    const c = await computeMetrics(w, { quarter: '2026Q3', compare: '2026Q2', metrics: ['clearance_rate', 'clearance_rate_30d'], asOf: '2026-10-01' });
    w.close();
    expect(get(c, 'clearance_rate_30d', 'A')).toMatchObject({ value: 0.5, previous: 0.5, change: 0 });
    expect(get(c, 'clearance_rate', 'A')).toMatchObject({ value: 0.5, previous: 0.5, change: null });
  });
});

describe('overdue_share: open petitions age until the data date', () => {
  it('2/5 at 城关 (two open ones not overdue yet); 河口 1/1 is too few: no breach', () => {
    expect(get(r, 'overdue_share', 'A')).toMatchObject({ numerator: 2, denominator: 5, value: 0.4, breach: true });
    expect(get(r, 'overdue_share', 'B')).toMatchObject({ numerator: 1, denominator: 1, value: 1, breach: false, small: true });
  });
});

describe('small numbers', () => {
  it('the scorecard leaves too-few shares out and says so', () => {
    const card = scoreStations(r, DEFAULT_SCORECARD);
    const b = card.stations.find((s) => s.station_id === 'B')!;
    expect(b.too_few).toEqual(expect.arrayContaining(['clearance_rate_30d', 'overdue_share']));
    expect(b.contributions.find((c) => c.metric === 'clearance_rate_30d')!.normalized).toBeNull();
    expect(b.missing).toContain('overdue_share');
    const a = card.stations.find((s) => s.station_id === 'A')!;
    expect(a.too_few).toEqual([]);
    // A is the only station with a clearance_rate_30d value: best and worst at once.
    expect(a.contributions.find((c) => c.metric === 'clearance_rate_30d')!.normalized).toBe(1);
  });

  it('the terminal shows every share with its n, too-few ones as 样本过少 / too few', () => {
    const zh = cli(['metrics', '-w', dir, '--quarter', '2026Q3', '--as-of', '2026-10-01', '--metric', 'workload,petitions']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('80.0%（4/5）');
    expect(zh.stdout).toContain('样本过少（1/2）');
    expect(zh.stdout).toContain('样本过少（1/1）');
    expect(zh.stdout).toContain('数据日期：2026-10-01（--as-of 指定）');
    const en = cli(['metrics', '-w', dir, '--quarter', '2026Q3', '--as-of', '2026-10-01', '--metric', 'workload', '--lang', 'en']);
    expect(en.stdout).toContain('80.0% (4/5)');
    expect(en.stdout).toContain('too few (1/2)');
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]{2,}（/);
    const json = JSON.parse(cli(['metrics', '-w', dir, '--quarter', '2026Q3', '--as-of', '2026-10-01', '--metric', 'overdue_share', '--json']).stdout);
    expect(json.data_date).toBe('2026-10-01');
    expect(json.values.find((v: { station_id: string }) => v.station_id === 'B')).toMatchObject({ too_few: true, breach: false });
  });

  it('report: greyed 样本过少 with n in the HTML and the workbook, left out of the breaches', async () => {
    const model = await buildReportModel(ws, { quarter: '2026Q3', lang: 'zh', asOf: '2026-10-01' });
    expect(model.breaches.map((b) => `${b.label} ${b.metric.id}`)).toContain('城关派出所 overdue_share');
    expect(model.breaches.some((b) => b.label === '河口派出所')).toBe(false);
    expect(model.data_date).toBe('2026-10-01');
    const out = tmp('jiceng-figures-report-');
    const w = await writeReports(ws, { quarter: '2026Q3', lang: 'zh', asOf: '2026-10-01', outDir: out, formats: ['xlsx', 'html'] });
    const page = readFileSync(w.files.find((f) => f.format === 'html')!.path, 'utf8');
    expect(page).toContain('<span class="few">样本过少（1/1）</span>');
    expect(page).toContain('40.0%（2/5）');
    expect(page).toContain('数据日期：2026-10-01');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.files.find((f) => f.format === 'xlsx')!.path);
    const sheet = wb.getWorksheet('信访')!;
    let few: ExcelJS.Cell | undefined;
    let full: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => row.eachCell((c) => {
      if (c.numFmt === '"样本过少（1/1）"') few = c;
      if (c.numFmt === '0.0%"（2/5）"') full = c;
    }));
    expect(few?.value).toBe(1);
    expect(few?.font?.color?.argb).toBe('FF9AA1AB');
    expect(full?.value).toBeCloseTo(0.4, 12);
    // No breach format is laid on the too-few cell.
    const fewRef = few!.address;
    expect(sheet.conditionalFormattings.some((cf) => cf.ref === fewRef)).toBe(false);
  });
});

describe('data date of a load', () => {
  const header = ['案件编号', '受理单位', '案件类型', '接报时间', '破案时间', '结案时间'];
  const rows: Array<Array<string | null>> = [
    ['X1', '城关派出所', '刑事', '2026-07-03 08:00', '2026-07-20', null],
    ['X2', '城关派出所', '刑事', '2026-08-03 08:00', null, '2026-09-12'],
  ];
  const dataDate = async (w: Workspace): Promise<string[]> =>
    (await w.db.all<{ d: string }>(`SELECT CAST(data_date AS VARCHAR) AS d FROM loads WHERE kind = 'cases' ORDER BY load_id`)).map((x) => x.d);

  it('reads the words that name an export or statistics date, not a period', () => {
    expect(namedDataDate('平安县公安局案件台账（截至2026年9月30日）')).toBe('2026-09-30');
    expect(namedDataDate('制表人：张三  审核人：李四  制表日期：2026年10月8日')).toBe('2026-10-08');
    expect(namedDataDate('导出日期: 2026-10-09 10:22')).toBe('2026-10-09');
    expect(namedDataDate('统计时间：2026年7月1日至2026年9月30日')).toBeUndefined();
  });

  it('title 截至, footer 制表日期, else the latest date, and --as-of before all', async () => {
    const d = tmp('jiceng-figures-dd-');
    await initWorkspace(d);
    const w = await openWorkspace(d);
    try {
      await insert(w, 'stations', ['station_id', 'station_name', 'name_key', 'county', 'unit_kind'], [['A', '城关派出所', '城关派出所', '测试县', 'station']]);
      const title = await writeXlsx(join(d, 'title.xlsx'), [{ name: '案件', rows: [['案件台账（截至2026年9月30日）'], header, ...rows] }]);
      const footer = await writeXlsx(join(d, 'footer.xlsx'), [{ name: '案件', rows: [['2026年第三季度案件台账'], header, ...rows.map((x) => x.map((c) => (c === 'X1' ? 'Y1' : c === 'X2' ? 'Y2' : c))), ['制表人：张三', '制表日期：2026年10月8日']] }]);
      const plain = writeText(join(d, 'plain.csv'), [header, ['Z1', '城关派出所', '刑事', '2026-07-03 08:00', '2026-07-20', ''], ['Z2', '城关派出所', '刑事', '2026-08-03 08:00', '', '2026-09-12']], 'utf-8-bom');
      const forced = writeText(join(d, 'forced.csv'), [header, ['W1', '城关派出所', '刑事', '2026-07-03 08:00', '', '']], 'utf-8-bom');
      await loadFile(w, title, { today: '2026-11-01' });
      await loadFile(w, footer, { today: '2026-11-01' });
      await loadFile(w, plain, { today: '2026-11-01' });
      await loadFile(w, forced, { today: '2026-11-01', asOf: '2026-10-15' });
      expect(await dataDate(w)).toEqual(['2026-09-30', '2026-10-08', '2026-09-12', '2026-10-15']);
      // The quarter's data date: the latest among the loads holding its cases.
      const m = await computeMetrics(w, { quarter: '2026Q3', metrics: ['clearance_rate_30d'] });
      expect(m).toMatchObject({ data_date: '2026-10-15', data_date_source: 'loads' });
    } finally {
      w.close();
    }
    const status = cli(['status', '-w', d, '--lang', 'en']);
    expect(status.stdout).toContain('Data dates');
    expect(status.stdout).toMatch(/footer\.xlsx\s+案件\s+2026-10-08/);
    // metrics --as-of overrides the loads' date: as of 08-01 only X1/Y1/Z1/W1 are eligible (received 07-03).
    const over = JSON.parse(cli(['metrics', '-w', d, '--quarter', '2026Q3', '--metric', 'clearance_rate_30d', '--as-of', '2026-08-05', '--json']).stdout);
    expect(over.data_date).toBe('2026-08-05');
    expect(over.data_date_source).toBe('as_of');
    const county = over.values.find((v: { scope: string }) => v.scope === 'county');
    // Received 07-03 (eligible up to 07-06): X1 Y1 Z1 solved 07-20 (17 days ✓), W1 open → 3/4.
    expect(county).toMatchObject({ numerator: 3, denominator: 4 });
  });
});

// No row lost for an optional value (issue 10, part 6): a value that does not fit an optional field
// loads as empty with a row flag naming file, row, column and reason; only a required field rejects
// the row; a field the contract can derive is derived, with a warning.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { listFlags, summarizeFlags } from '../src/quality/flags.js';
import { listRejects } from '../src/status.js';
import { say } from '../src/i18n/message.js';
import { buildReportModel } from '../src/report/model.js';
import { tmp, writeText, writeXlsx, cli } from './helpers.js';

const TODAY = '2026-11-21';

async function freshWorkspace(): Promise<{ dir: string; ws: Workspace }> {
  const dir = tmp();
  await initWorkspace(dir);
  return { dir, ws: await openWorkspace(dir) };
}

const STATIONS: (string | number | null)[][] = [
  ['单位编码', '单位名称', '单位类别', '常住人口'],
  ['S01', '城关派出所', '派出所', 52000],
  ['S02', '河口派出所', '派出所', 18000],
];

const CASES_HEADER = ['案件编号', '办案单位', '案件类别', '受理时间', '破案时间', '结案时间', '案件来源', '涉案金额(元)'];
/** A case-system export: 破案时间 不详, a 结案时间 in the future, an unknown 案件来源 and an amount 待定. */
const CASES: (string | number | null)[][] = [
  ['A001', '城关派出所', '刑事', '2026-07-02 09:00', '2026-07-20', '2026-08-01', '群众报警', 1200],
  ['A002', '城关派出所', '刑事', '2026-07-03 10:30', '不详', null, '110', null],
  ['A003', '城关派出所', '治安', '2026-07-04', null, '2027-03-01', '工作发现', null],
  ['A004', '城关派出所', '刑事', '2026-07-05', null, null, '网格员上报', '待定'],
  ['A005', '河口派出所', '刑事', '2026-07-06', null, null, '群众报警', null],
  ['A006', '城关派出所', '刑事', '不详', null, null, '群众报警', null], // 受理时间 is required: rejected
];

describe('a bad optional value is kept and flagged', () => {
  it('the case loads with the value empty; the station keeps every case; flags name file, row, column and reason', async () => {
    const src = tmp();
    const { dir, ws } = await freshWorkspace();
    await loadFile(ws, writeText(join(src, '单位.csv'), STATIONS, 'gb18030'), { today: TODAY });
    const path = await writeXlsx(join(src, '案件台账.xlsx'), [{ name: '案件台账', rows: [['城关派出所案件台账'], CASES_HEADER, ...CASES] }]);
    const [r] = await loadFile(ws, path, { today: TODAY });
    expect(r).toMatchObject({ kind: 'cases', rows_in_file: 6, rows_loaded: 5, rows_rejected: 1 });
    expect(r.warnings.map((m) => say(m, 'en'))).toEqual([
      '3 row(s) had an optional value that could not be used: loaded with it empty and flagged (jiceng status --flags)',
    ]);
    // 城关派出所 has all four of its good cases (the one without a date received is rejected).
    expect(await ws.db.all(`SELECT station_id, count(*)::INT AS n FROM cases GROUP BY ALL ORDER BY 1`)).toEqual([
      { station_id: 'S01', n: 4 },
      { station_id: 'S02', n: 1 },
    ]);
    expect(await ws.db.all(`SELECT case_id, CAST(solved_at AS VARCHAR) AS solved_at, CAST(closed_at AS VARCHAR) AS closed_at, source, amount
      FROM cases WHERE case_id IN ('A002', 'A003', 'A004') ORDER BY case_id`)).toEqual([
      { case_id: 'A002', solved_at: null, closed_at: null, source: 'public_report', amount: null },
      { case_id: 'A003', solved_at: null, closed_at: null, source: 'proactive', amount: null },
      { case_id: 'A004', solved_at: null, closed_at: null, source: null, amount: null },
    ]);
    expect((await listRejects(ws.db)).map((x) => [x.row, x.column, x.reason])).toEqual([[8, '受理时间', 'not a date']]);
    const where = { kind: 'cases', file: '案件台账.xlsx', sheet: '案件台账' };
    expect(await listFlags(ws.db)).toEqual([
      { ...where, flag: 'flag_bad_number', row: 6, column: '涉案金额(元)', value: null, field: 'amount', params: expect.stringContaining('"detail":') },
      { ...where, flag: 'flag_date_in_future', row: 5, column: '结案时间', value: null, field: 'closed_at', params: '{"latest":"2026-11-21"}' },
      { ...where, flag: 'flag_not_a_date', row: 4, column: '破案时间', value: null, field: 'solved_at', params: '{"detail":{"code":"reject_not_a_date"}}' },
      { ...where, flag: 'flag_unknown_code', row: 6, column: '案件来源', value: null, field: 'source', params: expect.stringContaining('"detail":{"code":"reject_unknown_value"') },
    ]);
    // The report's data-quality section and the metrics read the same summary.
    expect((await summarizeFlags(ws.db)).map((f) => [f.flag, f.column, f.rows])).toEqual([
      ['flag_bad_number', '涉案金额(元)', 1],
      ['flag_date_in_future', '结案时间', 1],
      ['flag_not_a_date', '破案时间', 1],
      ['flag_unknown_code', '案件来源', 1],
    ]);
    const report = await buildReportModel(ws, { lang: 'zh', quarter: '2026Q3' });
    expect(report.quality.flagged_total).toBe(4);
    expect(report.quality.flagged_rows.map((f) => [f.row, f.column, f.flag])).toEqual([
      [6, '涉案金额(元)', '不是有效数值，按空值加载'],
      [5, '结案时间', '日期晚于今天，按空值加载'],
      [4, '破案时间', '无法识别的日期（如“不详”），按空值加载'],
      [6, '案件来源', '无法识别的取值，按空值加载'],
    ]);
    ws.close();

    const zh = cli(['status', '--flags', '-w', dir]);
    expect(zh.code).toBe(0);
    for (const s of ['日期晚于今天，按空值加载', '无法识别的日期（如“不详”），按空值加载', '无法识别的取值，按空值加载', '结案时间', '破案时间']) expect(zh.stdout).toContain(s);
    const en = cli(['status', '--flags', '--json', '--lang', 'en', '-w', dir]);
    const doc = JSON.parse(en.stdout);
    expect(doc.kinds.find((k: { kind: string }) => k.kind === 'cases')).toMatchObject({ rows: 5, rejected: 1, flagged: 4 });
    expect(doc.flagged.map((f: { row: number; column: string; flag: string }) => [f.row, f.column, f.flag])).toEqual([
      [6, '涉案金额(元)', 'flag_bad_number'],
      [5, '结案时间', 'flag_date_in_future'],
      [4, '破案时间', 'flag_not_a_date'],
      [6, '案件来源', 'flag_unknown_code'],
    ]);
    const enText = cli(['status', '--flags', '--lang', 'en', '-w', dir]);
    expect(enText.stdout).toContain('date in the future; loaded as empty');
    expect(enText.stdout).not.toMatch(/按空值加载/);
  });

  it('reloading never duplicates flags; a newer export takes the replaced rows\' flags with them', async () => {
    const src = tmp();
    const { ws } = await freshWorkspace();
    await loadFile(ws, writeText(join(src, '单位.csv'), STATIONS, 'utf-8'), { today: TODAY });
    const v1 = writeText(join(src, '案件台账_v1.csv'), [CASES_HEADER, ...CASES.slice(0, 5)], 'utf-8');
    await loadFile(ws, v1, { today: TODAY });
    const count = async () => ws.db.all(`SELECT load_id, "row", code FROM row_flags ORDER BY "row", code`);
    const first = await count();
    expect(first.map((f) => [f.row, f.code])).toEqual([
      [3, 'flag_not_a_date'], [4, 'flag_date_in_future'], [5, 'flag_bad_number'], [5, 'flag_unknown_code'],
    ]);
    const [again] = await loadFile(ws, v1, { today: TODAY });
    expect(again.status).toBe('unchanged');
    expect(await count()).toEqual(first);
    // v2: A003's 结案时间 corrected, A004's 案件来源 corrected (amount still negative); other rows as before.
    const fixed = CASES.slice(0, 5).map((r) => [...r]);
    fixed[2][5] = '2026-08-10';
    fixed[3][6] = '群众报警';
    const [v2] = await loadFile(ws, writeText(join(src, '案件台账_v2.csv'), [CASES_HEADER, ...fixed], 'utf-8'), { today: TODAY });
    expect(v2).toMatchObject({ rows_updated: 2, rows_unchanged: 3 });
    const after = await count();
    // A002's flag stays with the first load (its row is unchanged); A003's is gone; A004 keeps only its amount flag, now of v2.
    expect(after.map((f) => [f.row, f.code, f.load_id === first[0].load_id ? 'v1' : 'v2'])).toEqual([
      [3, 'flag_not_a_date', 'v1'],
      [5, 'flag_bad_number', 'v2'],
    ]);
    ws.close();
  });
});

describe('a field that can be derived is derived, with a warning', () => {
  it('单位类别 大队 on 刑侦大队 gives specialist; its officers are no unknown unit', async () => {
    const src = tmp();
    const { ws } = await freshWorkspace();
    const stations = writeText(
      join(src, '单位基础信息.csv'),
      [
        ['单位名称', '单位类别', '常住人口'],
        ['城关派出所', '派出所', 52000],
        ['刑侦大队', '大队', null],
        ['交警大队', '大队', null],
        ['综合大队', '大队', null], // nothing to derive it from: unit_kind is required, the row is rejected
      ],
      'gb18030',
    );
    const [r] = await loadFile(ws, stations, { today: TODAY });
    expect(r).toMatchObject({ kind: 'stations', rows_loaded: 3, rows_rejected: 1 });
    expect(r.warnings.map((m) => say(m, 'en'))).toEqual(['2 row(s): 单位类别 matches no code, derived from the 单位名称 column']);
    expect(r.warnings.map((m) => say(m, 'zh'))).toEqual(['2 行的“单位类别”无法识别，已按“单位名称”列推断']);
    expect(await ws.db.all(`SELECT station_name, unit_kind FROM stations ORDER BY _row`)).toEqual([
      { station_name: '城关派出所', unit_kind: 'station' },
      { station_name: '刑侦大队', unit_kind: 'specialist' },
      { station_name: '交警大队', unit_kind: 'traffic' },
    ]);
    expect((await listFlags(ws.db)).map((f) => [f.row, f.column, f.flag, f.params])).toEqual([
      [3, '单位类别', 'flag_value_derived', '{"from":"单位名称"}'],
      [4, '单位类别', 'flag_value_derived', '{"from":"单位名称"}'],
    ]);
    const roster = writeText(
      join(src, '花名册.csv'),
      [['警号', '所在单位', '岗位', '人员类别', '统计日期'], ['001', '刑侦大队', '侦查员', '民警', '2026-09-30']],
      'utf-8',
    );
    await loadFile(ws, roster, { today: TODAY });
    expect(await ws.db.all(`SELECT person_id, unit_id FROM staffing`)).toEqual([{ person_id: '001', unit_id: '刑侦大队' }]);
    ws.close();
  });
});

import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { loadFiles } from '../src/ingest/batch.js';
import { listRejects } from '../src/status.js';
import { listFlags } from '../src/quality/flags.js';
import { tmp, writeXlsx, writeText, cli } from './helpers.js';
import { say, type Message } from '../src/i18n/message.js';

// These tests read the English messages (zh is the default language).
process.env.JICENG_LANG = 'en';

/** Warnings, errors and hints are catalog messages: their English text. */
function en(m: Message | undefined): string;
function en(m: Message[]): string[];
function en(m: Message | Message[] | undefined): string | string[] {
  if (Array.isArray(m)) return m.map((x) => say(x, 'en'));
  return m ? say(m, 'en') : '';
}

const TODAY = '2026-11-21';

async function freshWorkspace(): Promise<Workspace> {
  const dir = tmp();
  await initWorkspace(dir);
  return openWorkspace(dir);
}

/** A stations export as a county sends it: merged title, two-row header, blank row, total, footer. */
async function stationsXlsx(dir: string, totalPopulation = 82000): Promise<string> {
  return writeXlsx(join(dir, '单位基础信息.xlsx'), [
    {
      name: '单位',
      rows: [
        ['平安县公安局单位基础信息表（截至2026年9月30日）'],
        ['单位编码', '单位名称', '单位类别', '辖区类型', '人口', null, null, '编制数'],
        [null, null, null, null, '户籍', '常住', '流动', null],
        ['S01', '城关派出所', '派出所', '城区', 40000, 52000, 8000, 30],
        ['S02', '东湖派出所', '派出所', '乡镇', '２５,０００', '30,000', 2000, 12],
        [],
        ['S03', '指挥中心', '机关', null, null, null, null, 20],
        ['合计', null, null, null, 65000, totalPopulation, 10000, 62],
        ['制表人：张三    审核人：李四'],
      ],
      merges: ['A1:H1', 'E2:G2', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'H2:H3'],
    },
  ]);
}

const CASES_HEADER = ['案件编号', '办案单位', '案件类别', '案由', '受理时间', '破案时间', '结案时间', '案件来源', '涉案金额'];
const CASES_ROWS: (string | number | null)[][] = [
  ['A001', '城关派出所', '刑事', '盗窃', '2026-07-01 10:00', '2026/7/5', null, '群众报警', '1,200.50'],
  ['A002', 'S02', '治安', '殴打他人', '2026年7月3日', null, '2026.07.10', '工作发现', null],
  ['A003', '东湖所', '刑事', '诈骗', '20260705', null, null, null, null],
  ['A004', '城西派出所', '刑事', '盗窃', '2026-07-06', null, null, null, null],
  ['A005', '城关派出所', '刑事', '盗窃', '2026-13-01', null, null, null, null],
  ['A006', '城关派出所', '民事', '纠纷', '2026-07-07', null, null, null, null],
  [null, '城关派出所', '刑事', '盗窃', '2026-07-08', null, null, null, null],
  ['A007', '城关派出所', '刑事', '盗窃', '2026-07-09', null, null, null, null],
  ['A007', '城关派出所', '刑事', '盗窃', '2026-07-09', null, null, null, null],
  ['A008', '城关派出所', '刑事', '盗窃', '2026-07-10', null, null, null, null],
  ['A008', '城关派出所', '刑事', '抢劫', '2026-07-10', null, null, null, null],
  ['合计', null, null, null, null, null, null, null, '1200.50'],
];

describe('loadFile: a messy stations workbook', () => {
  let ws: Workspace;
  let dir: string;
  beforeAll(async () => {
    ws = await freshWorkspace();
    dir = tmp();
  });

  it('finds the two-row header under the title, skips blank, total and footer rows', async () => {
    const [r] = await loadFile(ws, await stationsXlsx(dir), { today: TODAY });
    expect(r).toMatchObject({
      kind: 'stations', status: 'loaded', header_row: 3, rows_loaded: 3, rows_added: 3, rows_skipped: 3, rows_rejected: 0, rows_in_file: 6,
    });
    expect(en(r.warnings)).toEqual([]);
    const rows = await ws.db.all(`SELECT station_id, station_name, unit_kind, area_type, population_registered, population_resident,
      population_floating, authorized_strength, _row FROM stations ORDER BY station_id`);
    expect(rows).toEqual([
      { station_id: 'S01', station_name: '城关派出所', unit_kind: 'station', area_type: 'urban', population_registered: 40000, population_resident: 52000, population_floating: 8000, authorized_strength: 30, _row: 4 },
      { station_id: 'S02', station_name: '东湖派出所', unit_kind: 'station', area_type: 'town', population_registered: 25000, population_resident: 30000, population_floating: 2000, authorized_strength: 12, _row: 5 },
      { station_id: 'S03', station_name: '指挥中心', unit_kind: 'hq', area_type: null, population_registered: null, population_resident: null, population_floating: null, authorized_strength: 20, _row: 7 },
    ]);
  });

  it('warns when the total row disagrees with the loaded rows, naming the column', async () => {
    const other = await freshWorkspace();
    const [r] = await loadFile(other, await stationsXlsx(tmp(), 82001), { today: TODAY });
    expect(en(r.warnings)).toEqual(['total row 8: 人口/常住 says 82001 but the loaded rows sum to 82000']);
  });
});

describe('loadFile: a GB18030 cases CSV with every kind of bad row', () => {
  let ws: Workspace;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    ws = await freshWorkspace();
    dir = tmp();
    await loadFile(ws, await stationsXlsx(dir), { today: TODAY });
    file = writeText(join(dir, '案件台账.csv'), [['平安县公安局2026年第三季度案件台账'], CASES_HEADER, ...CASES_ROWS], 'gb18030');
  });

  it('accounts for every row: loaded + skipped + rejected = rows in the file', async () => {
    const [r] = await loadFile(ws, file, { today: TODAY });
    expect(r).toMatchObject({ kind: 'cases', header_row: 2, rows_in_file: 12, rows_loaded: 5, rows_skipped: 2, rows_rejected: 5 });
    expect(r.rows_loaded + r.rows_skipped + r.rows_rejected).toBe(r.rows_in_file);
  });

  it('parses dates, amounts and codes in every spelling', async () => {
    const rows = await ws.db.all(`SELECT case_id, station_id, case_type, strftime(received_at, '%Y-%m-%d %H:%M') AS received,
      CAST(solved_at AS DATE)::VARCHAR AS solved, CAST(closed_at AS DATE)::VARCHAR AS closed, source, amount, is_major
      FROM cases ORDER BY case_id`);
    expect(rows).toEqual([
      { case_id: 'A001', station_id: 'S01', case_type: 'criminal', received: '2026-07-01 10:00', solved: '2026-07-05', closed: null, source: 'public_report', amount: 1200.5, is_major: null },
      { case_id: 'A002', station_id: 'S02', case_type: 'public_security', received: '2026-07-03 00:00', solved: null, closed: '2026-07-10', source: 'proactive', amount: null, is_major: null },
      { case_id: 'A003', station_id: 'S02', case_type: 'criminal', received: '2026-07-05 00:00', solved: null, closed: null, source: null, amount: null, is_major: null },
      { case_id: 'A004', station_id: null, case_type: 'criminal', received: '2026-07-06 00:00', solved: null, closed: null, source: null, amount: null, is_major: null },
      { case_id: 'A007', station_id: 'S01', case_type: 'criminal', received: '2026-07-09 00:00', solved: null, closed: null, source: null, amount: null, is_major: null },
    ]);
  });

  it('lists each rejected row with file, sheet, row, column and reason', async () => {
    const rejects = await listRejects(ws.db);
    expect(rejects.map((r) => [r.file, r.row, r.column])).toEqual([
      ['案件台账.csv', 7, '受理时间'],
      ['案件台账.csv', 8, '案件类别'],
      ['案件台账.csv', 9, '案件编号'],
      ['案件台账.csv', 12, '案件编号'],
      ['案件台账.csv', 13, '案件编号'],
    ]);
    expect(rejects[2].reason).toBe('required value is empty');
    expect(rejects[3].reason).toMatch(/duplicate key with different values; rows 12, 13/);
    expect(rejects.every((r) => r.sheet === '案件台账')).toBe(true);
  });

  it('keeps provenance and flags the unknown unit', async () => {
    const a4 = await ws.db.one(`SELECT _file, _sheet, _row FROM cases WHERE case_id = 'A004'`);
    expect(a4).toEqual({ _file: '案件台账.csv', _sheet: '案件台账', _row: 6 });
    const flags = await listFlags(ws.db);
    expect(flags).toEqual([{ kind: 'cases', flag: 'unknown_unit', file: '案件台账.csv', sheet: '案件台账', row: 6, column: 'station', value: '城西派出所' }]);
  });

  it('loading the same file again changes nothing and says so', async () => {
    const before = await ws.db.all(`SELECT (SELECT count(*)::INT FROM cases) c, (SELECT count(*)::INT FROM loads) l, (SELECT count(*)::INT FROM rejects) r`);
    const [r] = await loadFile(ws, file, { today: TODAY });
    expect(r.status).toBe('unchanged');
    expect(r).toMatchObject({ rows_added: 0, rows_updated: 0, rows_unchanged: 5 });
    const after = await ws.db.all(`SELECT (SELECT count(*)::INT FROM cases) c, (SELECT count(*)::INT FROM loads) l, (SELECT count(*)::INT FROM rejects) r`);
    expect(after).toEqual(before);
  });

  it('a newer export replaces records by key and reports added, updated, unchanged', async () => {
    const newer = writeText(
      join(dir, '案件台账_更新.csv'),
      [
        CASES_HEADER,
        ['A001', '城关派出所', '刑事', '盗窃', '2026-07-01 10:00', '2026/7/5', '2026/8/1', '群众报警', '1,200.50'],
        ['A002', 'S02', '治安', '殴打他人', '2026年7月3日', null, '2026.07.10', '工作发现', null],
        ['A009', '东湖派出所', '治安', '赌博', '2026/9/30 23:59', null, null, null, null],
      ],
      'utf-8-bom',
    );
    const [r] = await loadFile(ws, newer, { today: TODAY });
    expect(r).toMatchObject({ status: 'loaded', rows_added: 1, rows_updated: 1, rows_unchanged: 1, rows_loaded: 3 });
    expect(await ws.db.scalar(`SELECT count(*)::INT FROM cases`)).toBe(6);
    expect(await ws.db.one(`SELECT CAST(closed_at AS DATE)::VARCHAR AS closed, _file FROM cases WHERE case_id = 'A001'`)).toEqual({
      closed: '2026-08-01', _file: '案件台账_更新.csv',
    });
  });
});

describe('loadFile: rosters, ledgers and sheets named after stations', () => {
  it('takes the snapshot date from the title and classifies posts by keyword', async () => {
    const ws = await freshWorkspace();
    const dir = tmp();
    await loadFile(ws, await stationsXlsx(dir), { today: TODAY });
    const roster = await writeXlsx(join(dir, '花名册.xlsx'), [
      {
        name: 'Sheet1',
        rows: [
          ['平安县公安局警力花名册（截至2026年9月30日）'],
          ['警号', '姓名', '所在单位', '岗位', '人员类别', '在岗状态', '借调单位', '执法资格'],
          ['012345', '王一', '城关派出所', '所长', '民警', '在岗', null, '高级'],
          ['012346', '王二', '城关派出所', '社区民警', '民警', null, null, '是'],
          ['012347', '王三', 'S02', '驾驶员', '辅警', null, null, '否'],
          ['012348', '王四', '东湖派出所', '内勤', '民警', '借调', '指挥中心', '基本级'],
        ],
      },
    ]);
    const [r] = await loadFile(ws, roster, { today: TODAY });
    expect(r).toMatchObject({ kind: 'staffing', rows_loaded: 4, rows_rejected: 0 });
    expect(en(r.warnings)).toEqual(['as-of date taken as "2026-09-30" (from the title)']);
    const rows = await ws.db.all(`SELECT person_id, unit_id, post_class, personnel_type, status, seconded_to_id, law_enforcement_qualified AS q,
      CAST(as_of AS VARCHAR) AS as_of FROM staffing ORDER BY person_id`);
    expect(rows).toEqual([
      { person_id: '012345', unit_id: 'S01', post_class: 'command', personnel_type: 'sworn', status: 'on_duty', seconded_to_id: null, q: true, as_of: '2026-09-30' },
      { person_id: '012346', unit_id: 'S01', post_class: 'frontline', personnel_type: 'sworn', status: 'on_duty', seconded_to_id: null, q: true, as_of: '2026-09-30' },
      { person_id: '012347', unit_id: 'S02', post_class: 'office', personnel_type: 'auxiliary', status: 'on_duty', seconded_to_id: null, q: false, as_of: '2026-09-30' },
      { person_id: '012348', unit_id: 'S02', post_class: 'office', personnel_type: 'sworn', status: 'seconded', seconded_to_id: 'S03', q: true, as_of: '2026-09-30' },
    ]);
  });

  it('refuses a roster with no date anywhere, naming the fix', async () => {
    const ws = await freshWorkspace();
    const f = writeText(join(tmp(), 'roster.csv'), [['警号', '所在单位', '岗位', '人员类别'], ['1', '城关派出所', '所长', '民警']], 'utf-8');
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r.status).toBe('failed');
    expect(en(r.error)).toMatch(/required field as-of date/);
    const [ok] = await loadFile(ws, f, { today: TODAY, asOf: '2026-06-30' });
    expect(ok).toMatchObject({ status: 'loaded', rows_loaded: 1 });
  });

  it('loads one ledger sheet per station, the unit taken from the sheet name, identical rows kept apart', async () => {
    const ws = await freshWorkspace();
    const dir = tmp();
    await loadFile(ws, await stationsXlsx(dir), { today: TODAY });
    const header = ['日期', '事项', '类型', '下发部门', '耗时(小时)'];
    const f = await writeXlsx(join(dir, '台账.xlsx'), [
      { name: '城关派出所', rows: [header, ['2026-07-02', '矛盾纠纷排查表', '报表', '治安大队', 2], ['2026-07-02', '矛盾纠纷排查表', '报表', '治安大队', 2]] },
      { name: '东湖派出所', rows: [header, [46210, '周例会', '会议', '政工', 1.5]] },
    ]);
    const results = await loadFile(ws, f, { today: TODAY });
    expect(results.map((r) => [r.sheet, r.kind, r.rows_loaded])).toEqual([
      ['城关派出所', 'ledger', 2],
      ['东湖派出所', 'ledger', 1],
    ]);
    const rows = await ws.db.all(`SELECT station_id, CAST(date AS VARCHAR) d, item, hours FROM ledger ORDER BY station_id, _row`);
    expect(rows).toEqual([
      { station_id: 'S01', d: '2026-07-02', item: '矛盾纠纷排查表', hours: 2 },
      { station_id: 'S01', d: '2026-07-02', item: '矛盾纠纷排查表', hours: 2 },
      { station_id: 'S02', d: '2026-07-07', item: '周例会', hours: 1.5 },
    ]);
    const [again] = await loadFile(ws, f, { today: TODAY });
    expect(again.status).toBe('unchanged');
    expect(await ws.db.scalar(`SELECT count(*)::INT FROM ledger`)).toBe(3);
  });

  it('names the missing required field, the headers seen and the closest match', async () => {
    const ws = await freshWorkspace();
    const f = writeText(join(tmp(), 'cases.csv'), [['案件编号', '办案单位', '案件类别', '受理时刻'], ['A1', 'S01', '刑事', '2026-07-01']], 'utf-8');
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r.status).toBe('failed');
    expect(en(r.error)).toBe(
      'cases.csv: looks like cases but has no column for required field received (受理时间/报案时间/接报时间); headers seen: 案件编号, 办案单位, 案件类别, 受理时刻; closest: "受理时刻"',
    );
    expect(en(r.hint)).toBe('map it with --map (e.g. {"cases": {"headers": {"受理时刻": "received_at"}}})');
    const [ok] = await loadFile(ws, f, { today: TODAY, mapping: { cases: { headers: { 受理时刻: 'received_at' } } } });
    expect(ok).toMatchObject({ status: 'loaded', rows_loaded: 1 });
  });

  it('rejects implausible values: future dates, dates before 1950, absurd hours', async () => {
    const ws = await freshWorkspace();
    const f = writeText(
      join(tmp(), 'ledger.csv'),
      [
        ['单位', '日期', '事项', '类型', '耗时(小时)'],
        ['城关派出所', '2027-01-05', '月报', '报表', '1'],
        ['城关派出所', '1949-12-31', '月报', '报表', '1'],
        ['城关派出所', '2026-07-05', '月报', '报表', '10000'],
        ['城关派出所', '2026-07-05', '月报', '报表', '-2'],
        ['城关派出所', '2026-07-05', '月报', '报表', '3'],
      ],
      'utf-8',
    );
    const [r] = await loadFile(ws, f, { today: TODAY });
    // 日期 is required: its bad values reject the row. 耗时 is optional (issue 10): absurd hours load
    // as empty, flagged, so the row still counts.
    expect(r).toMatchObject({ rows_loaded: 3, rows_rejected: 2 });
    expect((await listRejects(ws.db)).map((x) => x.reason)).toEqual([
      'date in the future',
      'date before 1950-01-01',
    ]);
    expect((await listFlags(ws.db)).filter((x) => x.flag !== 'unknown_unit').map((x) => [x.row, x.column, x.flag])).toEqual([
      [4, '耗时(小时)', 'flag_above_max'],
      [5, '耗时(小时)', 'flag_bad_number'],
    ]);
    expect(await ws.db.all(`SELECT _row, hours FROM ledger ORDER BY _row`)).toEqual([
      { _row: 4, hours: null },
      { _row: 5, hours: null },
      { _row: 6, hours: 3 },
    ]);
  });
});

describe('loadFiles: folders', () => {
  it('loads every loadable file in a folder and ignores lock files', async () => {
    const ws = await freshWorkspace();
    const dir = tmp();
    await stationsXlsx(dir);
    writeText(join(dir, '案件.csv'), [CASES_HEADER, CASES_ROWS[0]], 'utf-8');
    writeFileSync(join(dir, '~$单位基础信息.xlsx'), 'lock');
    writeFileSync(join(dir, 'notes.md'), '# not data');
    const { results } = await loadFiles(ws, [dir], { today: TODAY });
    expect(results.map((r) => [r.file, r.kind, r.rows_loaded])).toEqual([
      ['案件.csv', 'cases', 1],
      ['单位基础信息.xlsx', 'stations', 3],
    ]);
    // Stations loaded after the cases still resolve them.
    expect(await ws.db.scalar(`SELECT station_id FROM cases`)).toBe('S01');
  });
});

describe('jiceng load (CLI)', () => {
  it('prints --json per file and sheet and exits 3 when rows were rejected', async () => {
    const dir = tmp();
    expect(cli(['init', dir]).code).toBe(0);
    await stationsXlsx(dir);
    const csv = writeText(join(dir, 'cases.csv'), [CASES_HEADER, ...CASES_ROWS], 'utf-16le', '\t');
    const r = cli(['load', join(dir, '单位基础信息.xlsx'), csv, '--json', '-w', dir]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((f: Record<string, unknown>) => [f.file, f.sheet, f.kind, f.rows_loaded, f.rows_updated, f.rows_unchanged, f.rows_skipped, f.rows_rejected])).toEqual([
      ['单位基础信息.xlsx', '单位', 'stations', 3, 0, 0, 3, 0],
      ['cases.csv', 'cases', 'cases', 5, 0, 0, 2, 5],
    ]);
    const s = cli(['status', '--rejects', '--json', '-w', dir]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).rejects).toHaveLength(5);
  });

  it('fails with one line for a missing workspace', () => {
    const dir = tmp();
    const r = cli(['status', '-w', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`jiceng: no jiceng workspace in ${dir}`);
    expect(r.stderr).toContain('hint: run `jiceng init');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('loadFile: fields the file lacks', () => {
  it('reads the unit kind from the unit name when there is no 单位类别 column', async () => {
    const ws = await freshWorkspace();
    const f = writeText(
      join(tmp(), '单位.csv'),
      [['单位名称', '常住人口'], ['城关派出所', '52000'], ['刑侦大队', ''], ['交通警察大队', ''], ['户政科', ''], ['平安县公安局', '']],
      'utf-8',
    );
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'stations', rows_loaded: 4, rows_rejected: 1 });
    expect(en(r.warnings)).toContain('unit kind read from the unit name column (the file has no 单位类别 column)');
    expect(await ws.db.all(`SELECT station_name, unit_kind FROM stations ORDER BY _row`)).toEqual([
      { station_name: '城关派出所', unit_kind: 'station' },
      { station_name: '刑侦大队', unit_kind: 'specialist' },
      { station_name: '交通警察大队', unit_kind: 'traffic' },
      { station_name: '户政科', unit_kind: 'hq' },
    ]);
    const [rej] = await listRejects(ws.db);
    expect(rej).toMatchObject({ row: 6, column: '单位名称' });
    expect(rej.reason).toMatch(/^unknown value; expected one of: 派出所/);
  });

  it('skips findings rows an auditor has not filled in yet, and loads the answered ones', async () => {
    const ws = await freshWorkspace();
    const f = await writeXlsx(join(tmp(), '倒查样本.xlsx'), [
      {
        name: '倒查登记',
        rows: [
          ['序号', '案件编号', '所队', '倒查结果', '问题类型', '倒查人', '倒查日期', '备注'],
          [1, 'A001', '城关派出所', '合格', null, '李审', '2026-10-20', null],
          [2, 'A002', '城关派出所', null, null, null, null, null],
          [3, 'A003', '东湖派出所', '不合格', '超期办案', '李审', '2026-10-21', '结案超期 12 天'],
          [4, 'A004', '东湖派出所', null, '证据不足', null, null, null],
        ],
      },
    ]);
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'findings', rows_loaded: 2, rows_skipped: 1, rows_rejected: 1 });
    expect(en(r.warnings)).toContain('1 row(s) not filled in yet (answer cells empty): skipped');
    expect(await ws.db.all(`SELECT case_id, result, defect_type FROM findings ORDER BY case_id`)).toEqual([
      { case_id: 'A001', result: 'pass', defect_type: null },
      { case_id: 'A003', result: 'defect', defect_type: '超期办案' },
    ]);
    expect((await listRejects(ws.db))[0]).toMatchObject({ row: 5, column: '倒查结果', reason: 'required value is empty' });
  });
});

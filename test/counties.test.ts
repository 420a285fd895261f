// Two counties in one workspace (a prefecture inspector's): units resolve within their county, and
// loading one county never changes another county's figures, in either load order (issue 10, part 5).
import { say } from '../src/i18n/message.js';
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { computeMetrics } from '../src/metrics/run.js';
import { listFlags } from '../src/quality/flags.js';
import { tmp, writeText, cli } from './helpers.js';

const TODAY = '2026-11-21';
const A = '甲县公安局';
const B = '乙县公安局';

type Row = (string | number | null)[];

/**
 * One county's exports as its bureau sends them: no 单位编码 (so the unit name is the id), GB18030
 * CSVs with Chinese headers. Both counties have a 城关派出所; each has its own officers, cases,
 * petitions, population and an identical-looking ledger row (same unit, date, item, kind).
 */
interface CountyFiles {
  stations: string;
  files: string[];
}

function countyFiles(dir: string, county: string, p: string, n: { pop: number; cases: number; solved: number; officers: number }, withCountyColumn = true): CountyFiles {
  const stations = writeText(
    join(dir, `${p}_单位基础信息.csv`),
    [
      withCountyColumn ? ['单位名称', '所属县局', '单位类别', '辖区类型', '常住人口'] : ['单位名称', '单位类别', '辖区类型', '常住人口'],
      ...[
        ['城关派出所', '派出所', '城区', n.pop],
        [`${p}河派出所`, '派出所', '农村', 20000],
        ['刑侦大队', '刑侦', null, null],
      ].map((r) => (withCountyColumn ? [r[0], county, ...r.slice(1)] : r)),
    ],
    'gb18030',
  );
  const staffing: Row[] = [['警号', '姓名', '所在单位', '岗位', '人员类别', '统计日期']];
  for (let i = 1; i <= n.officers; i++) staffing.push([`${p}${String(i).padStart(3, '0')}`, `民警${i}`, '城关派出所', i === 1 ? '所长' : '社区民警', '民警', '2026-09-30']);
  staffing.push([`${p}900`, '民警九', `${p}河派出所`, '责任区民警', '民警', '2026-09-30']);
  staffing.push([`${p}901`, '民警十', '刑侦大队', '侦查员', '民警', '2026-09-30']);
  const cases: Row[] = [['案件编号', '办案单位', '案件类别', '受理时间', '破案时间', '结案时间', '案件来源']];
  for (let i = 1; i <= n.cases; i++) {
    const solved = i <= n.solved;
    cases.push([`${p}2026${String(i).padStart(4, '0')}`, '城关派出所', i % 3 === 0 ? '治安' : '刑事', `2026-07-${String(i + 1).padStart(2, '0')}`, solved ? '2026-08-01' : null, solved ? '2026-08-20' : null, i % 2 ? '群众报警' : '工作发现']);
  }
  cases.push([`${p}20269001`, `${p}河派出所`, '刑事', '2026-08-03', null, null, '群众报警']);
  const petitions: Row[] = [
    ['信访编号', '登记日期', '责任单位', '信访形式', '成因类别', '重复信访', '满意度'],
    [`${p}XF01`, '2026-07-10', '城关派出所', '来访', '工作作风', '否', '满意'],
    [`${p}XF02`, '2026-08-10', '城关派出所', '来信', '其他', n.cases > 4 ? '是' : '否', '不满意'],
  ];
  const ledger: Row[] = [
    ['单位', '日期', '事项', '类型', '下发部门', '耗时(小时)'],
    ['城关派出所', '2026-07-05', '矛盾纠纷排查表', '报表', '治安大队', 2],
    ['城关派出所', '2026-07-12', '周例会', '会议', '指挥中心', n.cases],
  ];
  return {
    stations,
    files: [
      writeText(join(dir, `${p}_警力花名册.csv`), staffing, 'gb18030'),
      writeText(join(dir, `${p}_案件台账.csv`), cases, 'gb18030'),
      writeText(join(dir, `${p}_信访台账.csv`), petitions, 'gb18030'),
      writeText(join(dir, `${p}_报表台账.csv`), ledger, 'gb18030'),
    ],
  };
}

async function freshWorkspace(): Promise<{ dir: string; ws: Workspace }> {
  const dir = tmp();
  await initWorkspace(dir);
  return { dir, ws: await openWorkspace(dir) };
}

/** Loads one county: its stations first, then its other exports, with --county when given. */
async function loadCounty(ws: Workspace, c: CountyFiles, county?: string): Promise<void> {
  for (const f of [c.stations, ...c.files]) {
    const results = await loadFile(ws, f, { today: TODAY, county });
    for (const r of results) expect(r, `${r.file}: ${r.error ? say(r.error, 'en') : ''}`).toMatchObject({ status: 'loaded', rows_rejected: 0 });
  }
}

/** Every 2026Q3 metric value of one county (stations by name: ids may differ, figures may not). */
async function figuresOf(ws: Workspace, county: string): Promise<Map<string, { value: number | null; reason: string | null }>> {
  const r = await computeMetrics(ws, { quarter: '2026Q3' });
  const out = new Map<string, { value: number | null; reason: string | null }>();
  for (const v of r.values.filter((x) => x.county === county)) {
    out.set(`${v.metric} ${v.scope} ${v.station_name ?? ''}`, { value: v.value, reason: v.reason });
  }
  return out;
}

const dataA = { pop: 50000, cases: 6, solved: 4, officers: 5 };
const dataB = { pop: 31000, cases: 3, solved: 1, officers: 3 };

describe('two counties sharing a station name (城关派出所)', () => {
  it('each county has exactly the figures it has alone, whichever county is loaded first', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB);

    const alone = await freshWorkspace();
    await loadCounty(alone.ws, a); // one county: no --county needed
    const aAlone = await figuresOf(alone.ws, A);
    alone.ws.close();
    const aloneB = await freshWorkspace();
    await loadCounty(aloneB.ws, b);
    const bAlone = await figuresOf(aloneB.ws, B);
    aloneB.ws.close();

    // By hand, county A alone: 城关派出所 has 5 sworn officers and 50,000 residents, 6 cases of which
    // 4 criminal (cases 1, 2, 4, 5) and 3 of those solved (1, 2, 4): clearance 3/4.
    const get = (m: Map<string, { value: number | null }>, k: string) => m.get(k)?.value;
    expect(get(aAlone, 'sworn_per_10k station 城关派出所')).toBeCloseTo(1, 12);
    expect(get(aAlone, 'clearance_rate station 城关派出所')).toBeCloseTo(3 / 4, 12);
    // County B alone: 3 sworn per 31,000; 3 cases, 2 criminal (1, 2), 1 solved: 1/2.
    expect(get(bAlone, 'sworn_per_10k station 城关派出所')).toBeCloseTo(30000 / 31000, 12);
    expect(get(bAlone, 'clearance_rate station 城关派出所')).toBeCloseTo(1 / 2, 12);
    expect(aAlone.size).toBeGreaterThan(60);

    // A first (its files need no --county, the workspace holds one county), then B with --county.
    const ab = await freshWorkspace();
    await loadCounty(ab.ws, a);
    await loadCounty(ab.ws, b, B);
    expect(await figuresOf(ab.ws, A)).toEqual(aAlone);
    expect(await figuresOf(ab.ws, B)).toEqual(bAlone);
    // Two stations named 城关派出所, one id each: the first keeps its name as id, the other is qualified.
    expect(await ab.ws.db.all(`SELECT station_id, county FROM stations WHERE station_name = '城关派出所' ORDER BY length(station_id)`)).toEqual([
      { station_id: '城关派出所', county: A },
      { station_id: `${B}/城关派出所`, county: B },
    ]);
    // Both counties' identical-looking ledger rows are kept (the key holds within the county).
    expect(await ab.ws.db.scalar(`SELECT count(*)::INT FROM ledger WHERE item = '周例会'`)).toBe(2);
    expect(await ab.ws.db.all(`SELECT county FROM loads WHERE file_name LIKE '%案件台账%' ORDER BY load_id`)).toEqual([{ county: A }, { county: B }]);
    ab.ws.close();

    // B first, then A with --county.
    const ba = await freshWorkspace();
    await loadCounty(ba.ws, b);
    await loadCounty(ba.ws, a, A);
    expect(await figuresOf(ba.ws, A)).toEqual(aAlone);
    expect(await figuresOf(ba.ws, B)).toEqual(bAlone);
    expect(await listFlags(ba.ws.db)).toEqual([]);
    ba.ws.close();
  });

  it('a file with a 所属县局 column resolves each row within its own county, without --county', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB);
    const { ws } = await freshWorkspace();
    await loadCounty(ws, a);
    await loadFile(ws, b.stations, { today: TODAY });
    const both = writeText(
      join(src, '两县案件.csv'),
      [
        ['案件编号', '所属县局', '办案单位', '案件类别', '受理时间'],
        ['X1', B, '城关派出所', '刑事', '2026-07-02'],
        ['X2', '甲县局', '城关派出所', '刑事', '2026-07-03'],
      ],
      'utf-8',
    );
    const [r] = await loadFile(ws, both, { today: TODAY });
    expect(r).toMatchObject({ status: 'loaded', rows_loaded: 2 });
    expect(await ws.db.all(`SELECT case_id, county, station_id FROM cases WHERE case_id LIKE 'X%' ORDER BY case_id`)).toEqual([
      { case_id: 'X1', county: B, station_id: `${B}/城关派出所` },
      { case_id: 'X2', county: '甲县局', station_id: '城关派出所' },
    ]);
    ws.close();
  });

  it('a file naming no county in a workspace of two counties is refused with one line naming --county', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB);
    const { dir, ws } = await freshWorkspace();
    await loadCounty(ws, a);
    await loadFile(ws, b.stations, { today: TODAY });
    const before = await ws.db.all(`SELECT (SELECT count(*)::INT FROM cases) c, (SELECT count(*)::INT FROM loads) l`);
    ws.close();

    const zh = cli(['load', b.files[1], '-w', dir]);
    expect(zh.code).toBe(3);
    expect(zh.stdout + zh.stderr).toContain('单位“城关派出所”在多个县局中都有（甲县公安局、乙县公安局），文件没有指明县局');
    expect(zh.stdout + zh.stderr).toContain('--county 甲县公安局');
    const en = cli(['load', b.files[1], '-w', dir, '--lang', 'en']);
    expect(en.stdout + en.stderr).toContain('unit "城关派出所" exists in several counties (甲县公安局、乙县公安局) and the file names no county');
    expect(en.stdout + en.stderr).toMatch(/hint: name the county the file belongs to with --county NAME/);

    const again = await openWorkspace(dir);
    expect(await again.db.all(`SELECT (SELECT count(*)::INT FROM cases) c, (SELECT count(*)::INT FROM loads) l`)).toEqual(before);
    again.close();
    // With --county it loads, every case at B's 城关派出所.
    const ok = cli(['load', b.files[1], '-w', dir, '--county', B, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).files[0]).toMatchObject({ status: 'loaded', rows_loaded: 4, county: B });
    // A --county naming no county of the workspace (a typo) is said, not silently left as unknown units.
    const typo = cli(['load', b.files[2], '-w', dir, '--county', '丙县公安局', '--lang', 'en']);
    expect(typo.stdout + typo.stderr).toContain('--county 丙县公安局 names no county of the workspace (it holds: 甲县公安局、乙县公安局)');
    const w = await openWorkspace(dir, { readOnly: true });
    expect(await w.db.scalar(`SELECT count(*)::INT FROM petitions WHERE station_id IS NULL`)).toBe(2);
    expect(await w.db.all(`SELECT station_id, count(*)::INT AS n FROM cases WHERE case_id LIKE '乙%' GROUP BY ALL ORDER BY 1`)).toEqual([
      { station_id: `${B}/城关派出所`, n: 3 },
      { station_id: '乙河派出所', n: 1 },
    ]);
    w.close();
  });

  it('rows loaded before the stations, whose name then exists in two counties, are flagged ambiguous, never resolved', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB);
    const { dir, ws } = await freshWorkspace();
    const [cases] = await loadFile(ws, a.files[1], { today: TODAY }); // no stations yet: county unknown
    expect(cases).toMatchObject({ status: 'loaded', rows_loaded: 7, county: null });
    await loadFile(ws, a.stations, { today: TODAY });
    await loadFile(ws, b.stations, { today: TODAY });
    expect(await ws.db.all(`SELECT station_id, count(*)::INT AS n FROM cases GROUP BY ALL ORDER BY 1 NULLS FIRST`)).toEqual([
      { station_id: null, n: 6 },
      { station_id: '甲河派出所', n: 1 },
    ]);
    const flags = await listFlags(ws.db);
    expect(flags.map((f) => [f.flag, f.row, f.column, f.value])).toEqual([2, 3, 4, 5, 6, 7].map((row) => ['ambiguous_unit', row, 'station', '城关派出所']));
    expect(JSON.parse(flags[0].params!)).toEqual({ unit: '城关派出所', counties: `${A}、${B}` });
    ws.close();
    const s = cli(['status', '--flags', '-w', dir]);
    expect(s.stdout).toContain('单位名称在多个县局中都有，无法确定');
    // The flag names its field by code in the workspace (station); a person reads its name.
    expect(s.stdout).toMatch(/办案单位\s+单位名称在多个县局中都有/);
    expect(s.stdout).not.toMatch(/\sstation\s/);
    // Reloading the file with --county places it: the flags go, the cases are A's.
    const ok = cli(['load', a.files[1], '-w', dir, '--county', A, '--json']);
    expect(JSON.parse(ok.stdout).files[0]).toMatchObject({ rows_updated: 7 });
    const w = await openWorkspace(dir, { readOnly: true });
    expect(await listFlags(w.db)).toEqual([]);
    expect(await w.db.scalar(`SELECT count(*)::INT FROM cases WHERE station_id = '城关派出所'`)).toBe(6);
    w.close();
  });

  it('a stations file without county column loaded with --county keeps the other county apart', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA, false);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB, false);
    const { ws } = await freshWorkspace();
    await loadCounty(ws, a);
    const aAlone = await figuresOf(ws, null as unknown as string);
    await loadCounty(ws, b, B);
    expect(await ws.db.all(`SELECT station_id, county FROM stations WHERE station_name = '城关派出所' ORDER BY length(station_id)`)).toEqual([
      { station_id: '城关派出所', county: null },
      { station_id: `${B}/城关派出所`, county: B },
    ]);
    // A's stations name no county (the unnamed county): its figures are unchanged by B.
    const r = await computeMetrics(ws, { quarter: '2026Q3' });
    const after = new Map(r.values.filter((v) => v.county === null).map((v) => [`${v.metric} ${v.scope} ${v.station_name ?? ''}`, { value: v.value, reason: v.reason }]));
    expect(after).toEqual(aAlone);
    ws.close();
  });

  it('a 单位编码 already held by another county\'s unit is rejected: ids are unique across the workspace', async () => {
    const src = tmp();
    const { dir, ws } = await freshWorkspace();
    const head = ['单位编码', '单位名称', '所属县局', '单位类别'];
    await loadFile(ws, writeText(join(src, '甲.csv'), [head, ['001', '城关派出所', A, '派出所'], ['002', '甲河派出所', A, '派出所']], 'utf-8'), { today: TODAY });
    const [r] = await loadFile(ws, writeText(join(src, '乙.csv'), [head, ['001', '城关派出所', B, '派出所'], ['102', '乙河派出所', B, '派出所']], 'utf-8'), { today: TODAY });
    expect(r).toMatchObject({ rows_loaded: 1, rows_rejected: 1 });
    expect(await ws.db.all(`SELECT station_id, station_name, county FROM stations ORDER BY station_id`)).toEqual([
      { station_id: '001', station_name: '城关派出所', county: A },
      { station_id: '002', station_name: '甲河派出所', county: A },
      { station_id: '102', station_name: '乙河派出所', county: B },
    ]);
    ws.close();
    const s = cli(['status', '--rejects', '-w', dir]);
    expect(s.stdout).toContain('单位编码已被另一县局（甲县公安局）的单位使用');
    const en = cli(['status', '--rejects', '--json', '--lang', 'en', '-w', dir]);
    expect(JSON.parse(en.stdout).rejects).toMatchObject([
      { file: '乙.csv', row: 2, column: '单位编码', reason: 'unit code already used by a unit of another county (甲县公安局)', code: 'station_id_other_county' },
    ]);
  });

  it('a later file that changes no stations leaves the unit ids and ambiguous flags of other kinds as they were', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB);
    const { ws } = await freshWorkspace();
    await loadFile(ws, a.files[1], { today: TODAY }); // cases before any stations: 6 rows end up ambiguous
    await loadFile(ws, a.stations, { today: TODAY });
    await loadFile(ws, b.stations, { today: TODAY });
    const casesIds = `SELECT station_id, count(*)::INT AS n FROM cases GROUP BY ALL ORDER BY 1 NULLS FIRST`;
    const before = (await listFlags(ws.db)).map((f) => [f.flag, f.row, f.column, f.value, f.params]);
    expect(before.length).toBe(6);
    // A's petitions, placed with --county: resolved within A; the cases keep their ids and their 6 flags.
    const [p] = await loadFile(ws, a.files[2], { today: TODAY, county: A });
    expect(p).toMatchObject({ status: 'loaded', rows_loaded: 2 });
    const guanA = await ws.db.scalar<string>(`SELECT station_id FROM stations WHERE station_name = '城关派出所' AND county = '${A}'`);
    expect(await ws.db.all(`SELECT station_id, count(*)::INT AS n FROM petitions GROUP BY ALL`)).toEqual([{ station_id: guanA, n: 2 }]);
    expect(await ws.db.all(casesIds)).toEqual([
      { station_id: null, n: 6 },
      { station_id: '甲河派出所', n: 1 },
    ]);
    expect((await listFlags(ws.db)).map((f) => [f.flag, f.row, f.column, f.value, f.params])).toEqual(before);
    ws.close();
  });

  it('a case or petition number the other county already holds is rejected, never a replacement of the other county\'s record', async () => {
    const { dir, ws } = await freshWorkspace();
    const stations = writeText(join(dir, '单位.csv'), [['单位名称', '所属县局', '单位类别', '常住人口'], ['城关派出所', A, '派出所', 50000], ['城关派出所', B, '派出所', 40000]], 'utf-8');
    const jia = writeText(join(dir, '甲_案件.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['2026001', '城关派出所', '刑事', '2026-08-01'], ['2026002', '城关派出所', '刑事', '2026-08-01']], 'utf-8');
    const yi = writeText(join(dir, '乙_案件.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['2026001', '城关派出所', '治安', '2026-08-02'], ['2026003', '城关派出所', '治安', '2026-08-02']], 'utf-8');
    const yiPetitions = writeText(join(dir, '乙_信访.csv'), [['件号', '登记日期', '责任单位'], ['XF-001', '2026-08-03', '城关派出所']], 'utf-8');
    const jiaPetitions = writeText(join(dir, '甲_信访.csv'), [['件号', '登记日期', '责任单位'], ['XF-001', '2026-08-04', '城关派出所']], 'utf-8');
    await loadFile(ws, stations, { today: TODAY });
    expect((await loadFile(ws, jia, { today: TODAY, county: A }))[0]).toMatchObject({ rows_added: 2, rows_rejected: 0 });
    expect((await loadFile(ws, yi, { today: TODAY, county: B }))[0]).toMatchObject({ rows_added: 1, rows_updated: 0, rows_rejected: 1 });
    expect((await loadFile(ws, yiPetitions, { today: TODAY, county: B }))[0]).toMatchObject({ rows_added: 1, rows_rejected: 0 });
    expect((await loadFile(ws, jiaPetitions, { today: TODAY, county: A }))[0]).toMatchObject({ rows_added: 0, rows_updated: 0, rows_rejected: 1 });
    // The same county reloading its own file still updates and stays idempotent.
    expect((await loadFile(ws, yi, { today: TODAY, county: B }))[0]).toMatchObject({ status: 'unchanged' });
    expect(await ws.db.all(`SELECT case_id, case_type, county FROM cases ORDER BY case_id`)).toEqual([
      { case_id: '2026001', case_type: 'criminal', county: A },
      { case_id: '2026002', case_type: 'criminal', county: A },
      { case_id: '2026003', case_type: 'public_security', county: B },
    ]);
    expect(await ws.db.all(`SELECT petition_id, county FROM petitions`)).toEqual([{ petition_id: 'XF-001', county: B }]);
    expect(await ws.db.all(`SELECT file, "row", "column", code, params FROM rejects ORDER BY file`)).toEqual([
      { file: '乙_案件.csv', row: 2, column: '案件编号', code: 'reject_key_other_county', params: JSON.stringify({ key: '案件编号', county: A }) },
      { file: '甲_信访.csv', row: 2, column: '件号', code: 'reject_key_other_county', params: JSON.stringify({ key: '件号', county: B }) },
    ]);
    ws.close();
  });

  it('a county that exported later moves no other county\'s data date: each county\'s figures are those it has alone', async () => {
    const src = tmp();
    const a = countyFiles(join(src, 'a'), A, '甲', dataA);
    const b = countyFiles(join(src, 'b'), B, '乙', dataB);
    const alone = await freshWorkspace();
    await loadCounty(alone.ws, a);
    const aAlone = await figuresOf(alone.ws, A);
    const aDate = (await computeMetrics(alone.ws, { quarter: '2026Q3' })).data_date;
    alone.ws.close();
    // B's exports as of 2026-11-20, weeks after A's: A's open cases must not age to B's date.
    const ab = await freshWorkspace();
    await loadCounty(ab.ws, a);
    for (const f of [b.stations, ...b.files]) await loadFile(ab.ws, f, { today: TODAY, county: B, asOf: '2026-11-20' });
    const r = await computeMetrics(ab.ws, { quarter: '2026Q3' });
    expect(r.data_date).toBe('2026-11-20');
    expect(r.county_data_dates?.find((c) => c.county === A)?.data_date).toBe(aDate);
    expect(aDate).not.toBe('2026-11-20');
    expect(await figuresOf(ab.ws, A)).toEqual(aAlone);
    ab.ws.close();
  });
});

// The Parquet lake: two counties exported and merged give the values each has alone; plain DuckDB reads a lake; damage is refused.
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, tmp, writeText, writeXlsx, type CellValue } from './helpers.js';

interface CountySpec {
  name: string;
  code: string;
  stations: string[];
  cases: number;
}

const A: CountySpec = { name: '东山县公安局', code: 'DS', stations: ['东山派出所', '城北派出所', '石桥派出所'], cases: 37 };
const B: CountySpec = { name: '西河县公安局', code: 'XH', stations: ['西河派出所', '南关派出所', '柳林派出所', '白沙派出所'], cases: 52 };
const QUARTERS = ['2026Q2', '2026Q3'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
/** Day d (0-based) of 2026-04-01 onward, as the case system writes it. */
function day(d: number, hour = 9): string {
  const t = new Date(Date.UTC(2026, 3, 1) + d * 86400000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(hour)}:30`;
}

/** Small exports of one county, spelled as its systems spell them; one case row has a bad date (rejected). */
async function writeCounty(dir: string, c: CountySpec): Promise<void> {
  const sid = (i: number): string => `${c.code}${pad(i + 1)}`;
  writeText(join(dir, '单位基础信息.csv'), [
    ['单位编码', '单位名称', '单位类别', '辖区类型', '户籍人口', '常住人口', '编制数'],
    ...c.stations.map((s, i) => [sid(i), s, '派出所', i === 0 ? '城区' : '农村', 30000 + 7000 * i, 32000 + 6000 * i, 12 + i]),
    [`${c.code}90`, `${c.name.replace('公安局', '')}指挥中心`, '机关', null, null, null, 20],
  ], 'gb18030');

  const roster: CellValue[][] = [[`${c.name}警力花名册`], ['警号', '姓名', '所在单位', '岗位', '人员类别', '在岗状态', '执法资格', '统计日期']];
  for (const asOf of ['2026-06-30', '2026-09-30']) {
    c.stations.forEach((s, i) => {
      const people: Array<[string, string]> = [['所长', '民警'], ['社区民警', '民警'], ['办案民警', '民警'], ['巡逻辅警', '辅警']];
      if (asOf === '2026-09-30' && i === 0) people.push(['社区民警', '民警']); // 警力下沉: one more officer in Q3
      people.forEach(([post, type], j) => roster.push([`${c.code}${pad(i)}${pad(j)}`, `张${j}`, s, post, type, '在岗', type === '民警' && j !== 2 ? '是' : '否', asOf]));
    });
    roster.push([`${c.code}9001`, '李局', `${c.name.replace('公安局', '')}指挥中心`, '主任', '民警', '在岗', '是', asOf]);
  }
  await writeXlsx(join(dir, '警力花名册.xlsx'), [{ name: '花名册', rows: roster, merges: ['A1:H1'] }]);

  const cases: CellValue[][] = [[`${c.name}案件台账（2026年4月至9月）`], ['案件编号', '办案单位', '案件类别', '是否重大', '受理时间', '破案时间', '结案时间', '案件来源']];
  for (let i = 0; i < c.cases; i++) {
    const received = (i * 37) % 180; // spread over 2026Q2 and 2026Q3
    const criminal = i % 3 !== 0;
    const solved = i % 4 !== 1 ? day(Math.min(received + 3 + (i % 20), 190), 15) : null;
    cases.push([
      `${c.code}2026${pad(i + 1, 4)}`, c.stations[i % c.stations.length], criminal ? '刑事' : '治安', i % 5 === 0 ? '是' : '否',
      day(received), criminal ? solved : null, solved && i % 2 === 0 ? solved : null, i % 6 === 0 ? '工作发现' : '群众报警',
    ]);
  }
  cases.push([`${c.code}20269999`, c.stations[0], '刑事', '否', '2026-13-45', null, null, '群众报警']);
  await writeXlsx(join(dir, '案件台账.xlsx'), [{ name: '案件', rows: cases, merges: ['A1:H1'] }]);

  const petitions: (string | number | null)[][] = [['信访编号', '登记日期', '责任单位', '信访形式', '重复信访', '办结日期', '满意度']];
  for (let i = 0; i < 11; i++) {
    const d = (i * 17) % 180;
    petitions.push([`${c.code}XF${pad(i + 1, 3)}`, day(d).slice(0, 10), c.stations[i % c.stations.length], i % 2 ? '来访' : '来信', i % 4 === 0 ? '是' : '否', i % 3 ? day(d + 20).slice(0, 10) : null, i % 3 ? '满意' : null]);
  }
  writeText(join(dir, '信访台账.csv'), petitions, 'gb18030');

  const ledger: (string | number | null)[][] = [['单位', '下发日期', '报表名称', '类型', '下发部门', '耗时(小时)']];
  c.stations.forEach((s, i) => {
    for (let k = 0; k < 4; k++) ledger.push([s, day(k * 50 + i).slice(0, 10), `季度治安形势分析${k}`, k % 2 ? '台账' : '报表', k % 2 ? '治安大队' : '办公室', 2 + k]);
  });
  ledger.push([c.stations[0], day(10).slice(0, 10), '季度治安形势分析0', '报表', '办公室', 2]); // a second identical entry: counted by occurrence
  writeText(join(dir, '报表台账.csv'), ledger, 'utf-8-bom');

  writeText(join(dir, '倒查结果.csv'), [
    ['案件编号', '倒查结果', '问题类型'],
    [`${c.code}20260002`, '合格', null],
    [`${c.code}20260003`, '不合格', '超期办案'],
    [`${c.code}20260005`, '合格', null],
  ], 'utf-8');
}

function ok(args: string[]): string {
  const r = cli(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function metricsJson(ws: string, quarter: string): Array<Record<string, unknown>> {
  return JSON.parse(ok(['metrics', '--quarter', quarter, '--json', '-w', ws])).values;
}

/** Every value keyed by metric, scope and station (county rows by the county's name). */
function byKey(values: Array<Record<string, unknown>>, county: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const v of values) {
    const c = (v.county as string | null) ?? county;
    if (c !== county) continue;
    out.set(`${v.metric}|${v.scope}|${v.station_id ?? ''}`, { ...v, county: c });
  }
  return out;
}

async function query<T>(sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

function statusJson(ws: string): { kinds: Array<{ kind: string; rows: number }>; loads: Array<{ file_name: string; kind: string; sheet: string }> } {
  return JSON.parse(ok(['status', '--json', '-w', ws]));
}

const root = tmp('jiceng-lake-');
const wsA = join(root, 'wsA');
const wsB = join(root, 'wsB');
const lakes = join(root, 'lakes');
const lakeA = join(lakes, 'countyA-lake');
const lakeB = join(lakes, 'countyB-lake');
const merged = join(root, 'merged');

describe('a Parquet lake per county, merged by a prefecture', () => {
  beforeAll(async () => {
    for (const [c, ws] of [[A, wsA], [B, wsB]] as const) {
      const exports = join(root, `${c.code}-exports`);
      await writeCounty(exports, c);
      ok(['init', ws]);
      const r = cli(['load', exports, '-w', ws]);
      expect(r.code, r.stderr).toBe(3); // the one case with a bad date is rejected
    }
  }, 120_000);

  it('refuses to export a workspace whose stations name no county without --county, in one line', () => {
    const r = cli(['export', '--parquet', join(root, 'nowhere'), '-w', wsA, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('jiceng: the stations table names no county, and a lake needs one');
    expect(existsSync(join(root, 'nowhere'))).toBe(false);
  });

  it('exports each county as hive partitions with schema.json and a manifest', () => {
    ok(['export', '--parquet', lakeA, '--county', A.name, '-w', wsA]);
    ok(['export', '--parquet', lakeB, '--county', B.name, '-w', wsB]);
    const manifest = JSON.parse(readFileSync(join(lakeA, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('jiceng-lake');
    expect(manifest.counties).toEqual([A.name]);
    expect(manifest.quarters).toEqual(QUARTERS);
    expect(manifest.tables.cases.rows).toBe(A.cases);
    expect(manifest.tables.stations.rows).toBe(A.stations.length + 1);
    expect(manifest.tables.findings.rows).toBe(3);
    expect(manifest.tables.ledger.rows).toBe(A.stations.length * 4 + 1);
    // cases/county=东山县公安局/quarter=2026Q2/…: the county name percent-encoded, as hive does
    const county = readdirSync(join(lakeA, 'cases'));
    expect(county).toEqual([`county=${encodeURIComponent(A.name)}`]);
    expect(readdirSync(join(lakeA, 'cases', county[0])).sort()).toEqual(['quarter=2026Q2', 'quarter=2026Q3']);
    expect(readdirSync(join(lakeA, 'staffing', county[0])).every((f) => f.endsWith('.parquet'))).toBe(true);
    const schema = JSON.parse(readFileSync(join(lakeA, 'schema.json'), 'utf8'));
    const cases = schema.tables.find((t: { name: string }) => t.name === 'cases');
    expect(cases.natural_key).toEqual(['case_id']);
    expect(cases.partitioned_by).toEqual(['county', 'quarter']);
    const received = cases.columns.find((c: { name: string }) => c.name === 'received_at');
    expect(received).toMatchObject({ name_zh: '受理时间', name_en: 'received at', type: 'TIMESTAMP', role: 'data', natural_key: false });
    expect(cases.columns.find((c: { name: string }) => c.name === '_row')).toMatchObject({ role: 'provenance', type: 'INTEGER' });
    expect(schema.tables.map((t: { name: string }) => t.name)).toEqual(['stations', 'staffing', 'headcount', 'cases', 'ledger', 'petitions', 'findings', 'metric_values', 'loads']);
  });

  it('plain DuckDB over the lakes (no jiceng) counts exactly the cases jiceng loaded', async () => {
    const rows = await query<{ county: string; quarter: string; n: string }>(
      `SELECT county, quarter, count(*) AS n FROM read_parquet('${lakes}/*/cases/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY ALL`,
    );
    const perCounty = (name: string): number => rows.filter((r) => r.county === name).reduce((s, r) => s + Number(r.n), 0);
    expect(perCounty(A.name)).toBe(A.cases);
    expect(perCounty(B.name)).toBe(B.cases);
    for (const [c, ws] of [[A, wsA], [B, wsB]] as const) {
      expect(statusJson(ws).kinds.find((k) => k.kind === 'cases')!.rows).toBe(perCounty(c.name));
    }
    // The metric values are there for a province that runs no jiceng.
    const m = await query<{ n: string }>(`SELECT count(*) AS n FROM read_parquet('${lakeA}/metric_values/**/*.parquet', hive_partitioning = true)
      WHERE metric = 'clearance_rate' AND scope = 'county' AND county = '${A.name}'`);
    expect(Number(m[0].n)).toBe(2);
  });

  it('merges both lakes into a fresh workspace: every station and county value is what each county has alone', () => {
    ok(['init', merged]);
    const r = cli(['load', lakes, '-w', merged]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`countyA-lake（${A.name}）→ cases：接收 ${A.cases} 行（新增 ${A.cases}`);
    for (const q of QUARTERS) {
      const all = metricsJson(merged, q);
      for (const [c, ws] of [[A, wsA], [B, wsB]] as const) {
        const alone = byKey(metricsJson(ws, q), c.name);
        const together = byKey(all, c.name);
        expect(alone.size).toBeGreaterThan(20 * (c.stations.length + 1));
        expect([...together.keys()].sort()).toEqual([...alone.keys()].sort());
        for (const [k, v] of alone) expect(together.get(k), `${q} ${k}`).toEqual(v);
      }
    }
    // The county values name their county, and the two counties' station counts differ as written.
    const counties = metricsJson(merged, '2026Q3').filter((v) => v.metric === 'clearance_rate' && v.scope === 'county');
    expect(counties.map((v) => v.county).sort()).toEqual([A.name, B.name].sort());
  });

  it('keeps the original file, sheet and Excel row of every record, and status names the lake', async () => {
    const db = join(merged, 'jiceng.duckdb');
    const rows = await query<{ case_id: string; _file: string; _sheet: string; _row: number }>(
      `ATTACH '${db}' AS m (READ_ONLY); SELECT case_id, _file, _sheet, _row FROM m.cases WHERE case_id IN ('DS20260001', 'XH20260010') ORDER BY case_id`,
    );
    // Title row 1, header row 2: the first case is on Excel row 3, the tenth on row 12.
    expect(rows).toEqual([
      { case_id: 'DS20260001', _file: '案件台账.xlsx', _sheet: '案件', _row: 3 },
      { case_id: 'XH20260010', _file: '案件台账.xlsx', _sheet: '案件', _row: 12 },
    ]);
    const petition = await query<{ _file: string; _row: number }>(`ATTACH '${db}' AS m (READ_ONLY); SELECT _file, _row FROM m.petitions WHERE petition_id = 'XHXF004'`);
    expect(petition).toEqual([{ _file: '信访台账.csv', _row: 5 }]);
    const loads = statusJson(merged).loads.filter((l) => l.kind === 'cases');
    expect(loads.map((l) => l.file_name).sort()).toEqual(['countyA-lake', 'countyB-lake']);
    const lakesSeen = (JSON.parse(ok(['status', '--json', '-w', merged])).lakes as Array<{ lake: string; county: string; rows: number }>)
      .map(({ lake, county, rows }) => ({ lake, county, rows }));
    expect(lakesSeen).toEqual([
      { lake: 'countyA-lake', county: A.name, rows: 95 },
      { lake: 'countyB-lake', county: B.name, rows: 52 + 5 + 2 * (4 * 4 + 1) + 1 + 11 + 4 * 4 + 1 + 3 },
    ]);
    const text = ok(['status', '-w', merged]);
    expect(text).toContain('已合并的湖');
    expect(text).toMatch(/countyB-lake\s+西河县公安局\s+123\s+123\s+0/);
  });

  it('loading a lake again changes nothing and says so', () => {
    const before = statusJson(merged);
    const r = cli(['load', lakeA, '-w', merged]);
    expect(r.code, r.stderr).toBe(0);
    // cases 37, stations 3+1, roster 13 (June) + 14 (September), petitions 11, ledger 3×4+1, findings 3
    const total = 37 + 4 + 27 + 11 + 13 + 3;
    expect(r.stderr.trim()).toBe(`= 湖 countyA-lake：已加载过，${total} 行均无变化，工作区未改动`);
    expect(statusJson(merged)).toEqual(before);
  });

  it('refuses a damaged lake with one line and leaves the workspace as it was', () => {
    const fresh = join(root, 'fresh');
    ok(['init', fresh]);
    const before = statusJson(fresh);
    const broken = join(root, 'broken-lake');
    cpSync(lakeB, broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(broken, 'manifest.json'), 'utf8'));
    unlinkSync(join(broken, manifest.tables.cases.files[1].path));
    let r = cli(['load', broken, '-w', fresh, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`jiceng: lake broken-lake is damaged and was not loaded: file ${manifest.tables.cases.files[1].path} is missing`);
    expect(statusJson(fresh)).toEqual(before);

    rmSync(broken, { recursive: true });
    cpSync(lakeB, broken, { recursive: true });
    manifest.tables.petitions.digest = '0'.repeat(64);
    writeFileSync(join(broken, 'manifest.json'), JSON.stringify(manifest));
    r = cli(['load', broken, '-w', fresh, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('jiceng: lake broken-lake is damaged and was not loaded: the manifest\'s own digest does not match its tables (the manifest was altered)');
    expect(statusJson(fresh)).toEqual(before);

    // A file altered after the export (one byte more): its SHA-256 no longer matches.
    rmSync(broken, { recursive: true });
    cpSync(lakeB, broken, { recursive: true });
    const altered = JSON.parse(readFileSync(join(broken, 'manifest.json'), 'utf8')).tables.ledger.files[0].path;
    writeFileSync(join(broken, altered), Buffer.concat([readFileSync(join(broken, altered)), Buffer.from([0])]));
    r = cli(['load', broken, '-w', fresh, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`jiceng: lake broken-lake is damaged and was not loaded: file ${altered} does not match the digest in the manifest`);
    expect(statusJson(fresh)).toEqual(before);
  });

  it('a lake loaded back into its own county workspace is recognised by county, never doubled', () => {
    const own = join(root, 'own');
    cpSync(wsA, own, { recursive: true });
    const before = statusJson(own);
    let r = cli(['load', lakeA, '-w', own, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('jiceng: 4 record(s) of stations in the workspace share a key with lake countyA-lake but belong to no named county: they may be the same records, nothing loaded');
    expect(statusJson(own)).toEqual(before);
    // Once jiceng.json names the county, the lake's records are the workspace's own: nothing changes.
    const config = JSON.parse(readFileSync(join(own, 'jiceng.json'), 'utf8'));
    writeFileSync(join(own, 'jiceng.json'), JSON.stringify({ ...config, county: A.name }));
    r = cli(['load', lakeA, '-w', own]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe('= 湖 countyA-lake：已加载过，95 行均无变化，工作区未改动');
    expect(statusJson(own)).toEqual(before);
  });

  it('refuses a folder that mixes lakes and exports, naming the lake', () => {
    const mixed = join(root, 'mixed');
    cpSync(lakeA, join(mixed, 'countyA-lake'), { recursive: true });
    cpSync(join(root, 'DS-exports', '信访台账.csv'), join(mixed, '信访台账.csv'));
    const fresh = join(root, 'fresh-mixed');
    ok(['init', fresh]);
    const r = cli(['load', mixed, '-w', fresh, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('jiceng: a lake (countyA-lake) and export files cannot be loaded in one command');
    expect(statusJson(fresh).loads).toEqual([]);
  });

  it('refuses a lake whose station ids clash with another county, rolling back the whole lake', () => {
    const clash = join(root, 'clash');
    ok(['init', clash]);
    ok(['load', lakeA, '-w', clash]);
    const before = statusJson(clash);
    // County A's lake exported again under another county's name: same station ids, other county.
    const other = join(root, 'other', 'renamed-lake');
    mkdirSync(join(root, 'other'), { recursive: true });
    ok(['export', '--parquet', other, '--county', '北岭县公安局', '-w', wsA]);
    const r = cli(['load', other, '-w', clash, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('jiceng: station id DS01 belongs to both 东山县公安局 and 北岭县公安局: merging would mix the two counties, nothing loaded');
    expect(statusJson(clash)).toEqual(before);
  });
});

// Header recognition and the kind choice: exports written the way real systems write them load
// as the right kind with no --map; sheets that cannot be loaded are refused, never loaded wrongly.
import { say } from '../src/i18n/message.js';
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { loadFiles } from '../src/ingest/batch.js';
import { normalizeHeader } from '../src/contract/headers.js';
import { mapColumns, headerCandidates, type HeaderColumn } from '../src/ingest/mapping.js';
import { ident } from '../src/db/database.js';
import { tmp, writeXlsx, writeText, cli, withWorkspace } from './helpers.js';
import { HEADER_CORPUS, writeCorpusStations, writeHeaderCase } from './corpus/headers.js';

const TODAY = '2026-11-21';

function header(cells: string[]): HeaderColumn[] {
  return cells.map((display, index) => ({ index, display, candidates: headerCandidates(display) }));
}

/** field → header display, as mapped for a kind. */
function mapped(kind: Parameters<typeof mapColumns>[0], cells: string[]): Record<string, string> {
  const m = mapColumns(kind, header(cells));
  return Object.fromEntries([...m.columns.entries()].map(([f, c]) => [f, cells[c]]));
}

describe('normalizeHeader', () => {
  it('drops numbering, 其中, required markers, colons, spaces and line breaks; folds width and traditional characters', () => {
    const cases: Array<[string, string]> = [
      ['1.单位', '单位'],
      ['1、单位', '单位'],
      ['（一）单位', '单位'],
      ['①单位', '单位'],
      ['一、单位', '单位'],
      ['12.受理时间', '受理时间'],
      ['其中：一线民警', '一线民警'],
      ['其中一线民警', '一线民警'],
      ['*案件编号', '案件编号'],
      ['※案件编号', '案件编号'],
      ['案件编号（必填）', '案件编号'],
      ['受理时间：', '受理时间'],
      ['受理\n时间', '受理时间'],
      ['警　号', '警号'],
      ['ＣＡＳＥ　ＮＯ．', 'caseno'],
      ['案件編號', '案件编号'],
      ['辦案單位', '办案单位'],
      ['轄區人口（戶籍）', '辖区人口(户籍)'],
      ['Case No. / 案件编号', 'caseno/案件编号'],
    ];
    for (const [raw, want] of cases) expect(normalizeHeader(raw), raw).toBe(want);
  });
});

describe('mapColumns: the header grammar', () => {
  it('reads 时间 as 日期, optional suffixes and 是否X', () => {
    expect(mapped('cases', ['案件编号', '办案单位', '案件类别', '受理日期', '是否重大案件'])).toEqual({
      case_id: '案件编号', station: '办案单位', case_type: '案件类别', received_at: '受理日期', is_major: '是否重大案件',
    });
    expect(mapped('ledger', ['单位', '日期', '事项名称', '类型', '指标名称', '指标数值'])).toEqual({
      station: '单位', date: '日期', item: '事项名称', kind: '类型', indicator: '指标名称', value: '指标数值',
    });
    expect(mapped('stations', ['单位名称', '户籍人口数', '核定警力数'])).toEqual({
      station_name: '单位名称', population_registered: '户籍人口数', authorized_strength: '核定警力数',
    });
  });

  it('reads a petition\'s unit written 单位 or 单位或部门 (DATA-CONTRACT: alternatives in one cell)', () => {
    for (const h of ['单位', '单位或部门']) {
      expect(mapped('petitions', ['信访编号', '登记日期', h])).toEqual({ petition_id: '信访编号', received_at: '登记日期', station: h });
    }
  });

  it('does not take a column whose bracket gives another unit of measure (耗时（分钟）, 面积（平方米）)', () => {
    expect(mapped('ledger', ['单位', '日期', '事项', '类型', '用时（分钟）'])).toEqual({ station: '单位', date: '日期', item: '事项', kind: '类型' });
    expect(mapped('ledger', ['单位', '日期', '事项', '类型', '用时（小时）'])).toEqual({ station: '单位', date: '日期', item: '事项', kind: '类型', hours: '用时（小时）' });
    expect(mapped('stations', ['单位名称', '面积（平方米）', '户籍人口（人）'])).toEqual({ station_name: '单位名称', population_registered: '户籍人口（人）' });
  });

  it('tells a bracket that qualifies from a bracket that gives a unit', () => {
    expect(mapped('stations', ['单位名称', '辖区人口（户籍）', '辖区人口（常住）', '面积（平方公里）'])).toEqual({
      station_name: '单位名称', population_registered: '辖区人口（户籍）', population_resident: '辖区人口（常住）', area_km2: '面积（平方公里）',
    });
    expect(mapped('ledger', ['单位', '日期', '事项', '类型', '耗时（小时）'])).toMatchObject({ hours: '耗时（小时）' });
  });

  it('takes either part of an alternative, and each language of a bilingual header', () => {
    expect(mapped('staffing', ['警号/人员编号', '单位或部门', '岗位', '人员类别'])).toEqual({
      person_id: '警号/人员编号', unit: '单位或部门', post: '岗位', personnel_type: '人员类别',
    });
    expect(mapped('cases', ['Case No. / 案件编号', 'Unit', 'Received', 'Status'])).toEqual({
      case_id: 'Case No. / 案件编号', station: 'Unit', received_at: 'Received', status: 'Status',
    });
  });

  it('never reads 发案时间 (when the offence happened) as received_at', () => {
    expect(mapped('cases', ['案件编号', '办案单位', '案件类别', '发案时间'])).toEqual({ case_id: '案件编号', station: '办案单位', case_type: '案件类别' });
    for (const kind of ['stations', 'staffing', 'headcount', 'cases', 'ledger', 'petitions', 'findings'] as const) {
      expect(mapped(kind, ['发案时间']), kind).toEqual({});
    }
  });

  it('a header two fields read equally well names neither (案件 → 案件编号? 案件类别?)', () => {
    expect(mapped('cases', ['案件'])).toEqual({});
  });

  it('values decide between two columns whose headers read equally well, and unmap a column whose values do not fit', () => {
    const cols = header(['案件编号', '办案单位', '案件类别', '受理时间', '受理日期']);
    const rows = [
      ['A1', '城关派出所', '刑事', '经办人张三', '2026-07-01'],
      ['A2', '城关派出所', '刑事', '经办人李四', '2026-07-02'],
      ['A3', '城关派出所', '刑事', '经办人王五', '2026-07-03'],
    ];
    const values = Object.assign(new Map(cols.map((c) => [c.index, rows.map((r) => r[c.index])])), {});
    const m = mapColumns('cases', cols, undefined, { values });
    expect(m.columns.get('received_at')).toBe(4);
    expect(m.evidence.get('received_at')).toMatchObject({ header: '受理日期', values: 'dates', confidence: 1 });
    expect(m.rejected.find((r) => r.column === 3)).toMatchObject({ field: 'received_at', values: 'not_dates', confidence: 0.5 });
  });
});

describe('loading the header corpus with no --map', () => {
  let template: string;
  beforeAll(async () => {
    template = tmp('jiceng-hdr-tpl-');
    await initWorkspace(template);
    const ws = await openWorkspace(template);
    await loadFile(ws, await writeCorpusStations(tmp()), { today: TODAY });
    ws.close();
  });

  it(`loads every one of the ${HEADER_CORPUS.length} exports as its kind, with the right values`, async () => {
    const dir = tmp('jiceng-hdr-');
    const wrong: string[] = [];
    for (const [i, c] of HEADER_CORPUS.entries()) {
      const wsDir = join(dir, `ws${i}`);
      cpSync(template, wsDir, { recursive: true });
      const ws = await openWorkspace(wsDir);
      try {
        const results = await loadFile(ws, await writeHeaderCase(join(dir, `f${i}`), c), { today: TODAY });
        const got = results.map((r) => `${r.kind}:${r.status}:${r.rows_loaded}`).join(',');
        const value = await ws.db.scalar<string>(`SELECT CAST(${ident(c.expect.field)} AS VARCHAR) FROM ${ident(c.kind)} WHERE _file = ? ORDER BY _row LIMIT 1`, [c.file]);
        if (got !== `${c.kind}:loaded:${c.expect.rows}` || value !== c.expect.value) wrong.push(`${c.file}: ${got} ${c.expect.field}=${value}`);
      } finally {
        ws.close();
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('a sheet that is two kinds', () => {
  it('stations beside a required headcount column stop with one line naming both; --kind loads both', async () => {
    await withWorkspace(async (ws, dir) => {
      const both = writeText(join(dir, '单位警力.csv'), [['单位', '民警数', '常住人口'], ['城关派出所', 10, 50000]], 'utf-8');
      const [r] = await loadFile(ws, both, { today: TODAY });
      expect(r.status).toBe('failed');
      expect(r.error?.code).toBe('sheet_two_kinds');
      expect(r.hint?.code).toBe('sheet_two_kinds_missing_hint');
      expect(await ws.db.scalar<number>(`SELECT count(*)::INT FROM stations`)).toBe(0);
      const loaded = await loadFile(ws, both, { today: TODAY, kinds: ['stations', 'headcount'], asOf: '2026-09-30' });
      expect(loaded.map((x) => [x.kind, x.status]).sort()).toEqual([['headcount', 'loaded'], ['stations', 'loaded']]);
      expect(await ws.db.all(`SELECT unit, sworn FROM headcount`)).toEqual([{ unit: '城关派出所', sworn: 10 }]);
    });
  });
});

describe('two columns for one field', () => {
  it('that disagree on a row stop the sheet with one line naming both; that agree load; --map settles it', async () => {
    await withWorkspace(async (ws, dir) => {
      await loadFile(ws, writeText(join(dir, '单位.csv'), [['单位编码', '单位名称', '单位类别'], ['S01', '城关派出所', '派出所'], ['S02', '东关派出所', '派出所']], 'utf-8'), { today: TODAY });
      const header = ['案件编号', '办案单位', '主办单位', '案件类别', '受理时间'];
      const differ = writeText(join(dir, '案件_两单位.csv'), [header, ['D1', '城关派出所', '城关派出所', '刑事', '2026-08-01'], ['D2', '城关派出所', '东关派出所', '刑事', '2026-08-01']], 'utf-8');
      const [r] = await loadFile(ws, differ, { today: TODAY });
      expect(r.status).toBe('failed');
      expect(r.error?.code).toBe('sheet_two_columns');
      expect(r.error?.params).toMatchObject({ a: '办案单位', b: '主办单位', row: 3 });
      const agree = writeText(join(dir, '案件_同单位.csv'), [header, ['D3', '城关派出所', '城关派出所', '刑事', '2026-08-01']], 'utf-8');
      expect((await loadFile(ws, agree, { today: TODAY }))[0].status).toBe('loaded');
      const [m] = await loadFile(ws, differ, { today: TODAY, mapping: { cases: { headers: { 主办单位: 'station' } } } });
      expect(m.status).toBe('loaded');
      expect(await ws.db.all(`SELECT case_id, station_id FROM cases ORDER BY case_id`)).toEqual([
        { case_id: 'D1', station_id: 'S01' },
        { case_id: 'D2', station_id: 'S02' },
        { case_id: 'D3', station_id: 'S01' },
      ]);
    });
  });
});

describe('the kind choice: never silently wrong', () => {
  let ws: Workspace;
  let dir: string;
  beforeAll(async () => {
    dir = tmp();
    await initWorkspace(join(dir, 'ws'));
    ws = await openWorkspace(join(dir, 'ws'));
    await loadFile(ws, await writeCorpusStations(dir), { today: TODAY });
  });

  it('a roster with 人员性质 loads as staffing, not as stations', async () => {
    const f = await writeXlsx(join(dir, '花名册.xlsx'), [
      { name: '花名册', rows: [['警号', '姓名', '所在单位', '岗位', '人员性质', '统计日期'], ['010001', '张伟', '城关派出所', '社区民警', '民警', '2026-09-30']] },
    ]);
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'staffing', status: 'loaded', rows_loaded: 1 });
    expect(await ws.db.scalar(`SELECT count(*)::INT FROM stations`)).toBe(2);
  });

  it('ledgers with 事项名称 load as ledger, not as stations', async () => {
    const f = await writeXlsx(join(dir, '台账登记.xlsx'), [
      { name: '台账', rows: [['单位', '日期', '事项名称', '类型'], ['城关派出所', '2026-07-02', '月报', '报表'], ['东湖派出所', '2026-07-03', '周例会', '会议']] },
    ]);
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'ledger', status: 'loaded', rows_loaded: 2 });
    expect(await ws.db.scalar(`SELECT count(*)::INT FROM stations`)).toBe(2);
  });

  it('a case file with 办案部门 takes each case\'s unit from that column, not from the file name', async () => {
    const f = writeText(join(dir, '案件台账.csv'), [['案件编号', '办案部门', '案件类别', '受理时间'], ['K1', '东湖派出所', '刑事', '2026-07-01']], 'gb18030');
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'cases', status: 'loaded', rows_loaded: 1, warnings: [] });
    expect(await ws.db.all(`SELECT station, station_id FROM cases WHERE case_id = 'K1'`)).toEqual([{ station: '东湖派出所', station_id: 'S02' }]);
  });

  it('a case file without a unit column, named after no unit, is refused with "no unit column"', async () => {
    const f = writeText(join(dir, '案件台账2.csv'), [['案件编号', '案件类别', '受理时间'], ['K2', '刑事', '2026-07-01']], 'utf-8');
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r.status).toBe('failed');
    expect(r.error && say(r.error, 'en')).toBe(
      '案件台账2.csv: looks like cases but has no unit column (handling unit: 办案单位/主办单位/受理单位), and the name "案件台账2" is not a unit of the stations table',
    );
    expect(r.hint && say(r.hint, 'en')).toBe('load the stations table first, or map the unit column with --map (e.g. {"cases": {"headers": {"办案单位": "station"}}})');
    expect(await ws.db.scalar(`SELECT count(*)::INT FROM cases WHERE case_id = 'K2'`)).toBe(0);
  });

  it('a sheet named after a unit of the stations table gives its rows that unit', async () => {
    const f = await writeXlsx(join(dir, '台账_分所.xlsx'), [{ name: '东湖派出所', rows: [['日期', '事项', '类型'], ['2026-07-05', '月报', '报表']] }]);
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'ledger', status: 'loaded', rows_loaded: 1 });
    expect(r.warnings.map((w) => say(w, 'en'))).toEqual(['unit taken as "东湖派出所" (from the sheet name)']);
  });

  it('a CSV named after a unit gives its rows that unit, and says it came from the file name', async () => {
    const f = writeText(join(dir, '东湖派出所.csv'), [['日期', '事项', '类型'], ['2026-07-06', '周报', '报表']], 'utf-8');
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r).toMatchObject({ kind: 'ledger', status: 'loaded', rows_loaded: 1 });
    expect(r.warnings.map((w) => say(w, 'zh'))).toEqual(['单位 取自文件名：“东湖派出所”']);
  });

  it('a case file lacking received_at is an error naming the kind, the field, the closest header and the --map line', async () => {
    const f = writeText(join(dir, 'cases_partial.csv'), [['案件编号', '办案单位', '案件类别', '发案时间'], ['K3', '城关派出所', '刑事', '2026-07-01']], 'utf-8');
    const [r] = await loadFile(ws, f, { today: TODAY });
    expect(r.status).toBe('failed');
    expect(r.kind).toBe('cases');
    expect(r.error && say(r.error, 'en')).toBe(
      'cases_partial.csv: looks like cases but has no column for required field received (受理时间/报案时间/接报时间); headers seen: 案件编号, 办案单位, 案件类别, 发案时间; closest: "发案时间"',
    );
    expect(r.hint && say(r.hint, 'en')).toBe('map it with --map (e.g. {"cases": {"headers": {"发案时间": "received_at"}}})');
  });

  it('a duty roster without person ids and a vehicle register are refused, not loaded as stations; a 说明 sheet is skipped quietly', async () => {
    const f = await writeXlsx(join(dir, '杂表.xlsx'), [
      { name: '填表说明', rows: [['填表说明'], ['1. 单位：填写派出所全称'], ['2. 日期：按年月日填写']] },
      { name: '值班表', rows: [['日期', '单位', '姓名', '岗位', '联系电话'], ['2026-07-01', '城关派出所', '张伟', '值班', '13800000000']] },
      { name: '车辆登记', rows: [['单位', '车牌号', '车辆品牌', '购置年份', '责任人'], ['城关派出所', '皖A12345', '大众', '2019', '李四']] },
    ]);
    const results = await loadFile(ws, f, { today: TODAY });
    expect(results.map((r) => [r.sheet, r.status, r.kind])).toEqual([
      ['填表说明', 'ignored', null],
      ['值班表', 'failed', 'staffing'],
      ['车辆登记', 'failed', 'stations'],
    ]);
    expect(say(results[1].error!, 'en')).toMatch(/^杂表\.xlsx \[值班表\]: looks like staff roster but has no column for required field badge number/);
    expect(say(results[2].error!, 'en')).toMatch(/^杂表\.xlsx \[车辆登记\]: is not a table of any kind jiceng loads \(closest: units/);
    expect(await ws.db.scalar(`SELECT count(*)::INT FROM stations`)).toBe(2);
  });

  it('in a folder, sheets named after stations wait for the stations table that loads after them', async () => {
    const folder = join(tmp(), 'exports');
    await writeXlsx(join(folder, '报表台账.xlsx'), [{ name: '西山派出所', rows: [['日期', '事项', '类型'], ['2026-07-05', '月报', '报表']] }]);
    await writeXlsx(join(folder, '单位基础信息.xlsx'), [{ name: '单位', rows: [['单位名称', '单位类别'], ['西山派出所', '派出所']] }]);
    const fresh = join(tmp(), 'ws');
    await initWorkspace(fresh);
    const w = await openWorkspace(fresh);
    try {
      const { results } = await loadFiles(w, [folder], { today: TODAY });
      expect(results.map((r) => [r.file, r.kind, r.status])).toEqual([
        ['单位基础信息.xlsx', 'stations', 'loaded'],
        ['报表台账.xlsx', 'ledger', 'loaded'],
      ]);
    } finally {
      w.close();
    }
  });
});

describe('jiceng load: a refused sheet inside a folder', () => {
  it('exits 3 with the error and the --map line, and loads the rest', () => {
    const dir = tmp();
    expect(cli(['init', join(dir, 'ws')]).code).toBe(0);
    writeText(join(dir, 'in', '案件.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['K1', '城关派出所', '刑事', '2026-07-01']], 'utf-8');
    writeText(join(dir, 'in', '信访.csv'), [['信访编号', '责任单位', '信访形式'], ['X1', '城关派出所', '来访']], 'utf-8');
    const r = cli(['--lang', 'en', 'load', join(dir, 'in'), '-w', join(dir, 'ws')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('✓ 案件.csv → cases: 1 rows accepted');
    expect(r.stderr).toContain('✗ 信访.csv: looks like petitions but has no column for required field registered (登记日期/来访日期/受理日期)');
    expect(r.stderr).toContain('add a column headed 登记日期, or map an existing one with --map (e.g. {"petitions": {"headers": {"登记日期": "received_at"}}})');
    const zh = cli(['load', join(dir, 'in', '信访.csv'), '-w', join(dir, 'ws')]);
    expect(zh.stderr).toContain('✗ 信访.csv：看起来是信访（petitions）表，但缺少必填字段登记日期（received_at）的列（可用表头：登记日期/来访日期/受理日期）');
  }, 60_000);
});

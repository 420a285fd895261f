// jiceng inspect (how a sheet would load, workspace untouched), remembered mappings, and the
// grammar run over every spelling it accepts so that none names two fields of a kind.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { KIND_NAMES } from '../src/contract/kinds.js';
import { RULE_CONFIDENCE } from '../src/contract/headers.js';
import { headerCandidates, mapColumns, spellingIndex } from '../src/ingest/mapping.js';
import { cli, tmp, writeText, writeXlsx } from './helpers.js';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

async function stationsFile(dir: string): Promise<string> {
  return writeXlsx(join(dir, '单位基础信息.xlsx'), [
    { name: '单位', rows: [['单位编码', '单位名称', '单位类别'], ['S01', '城关派出所', '派出所'], ['S02', '东湖派出所', '派出所']] },
  ]);
}

describe('jiceng inspect', () => {
  let dir: string;
  let ws: string;
  let cases: string;
  beforeAll(async () => {
    dir = tmp();
    ws = join(dir, 'ws');
    expect(cli(['init', ws]).code).toBe(0);
    expect(cli(['load', await stationsFile(dir), '-w', ws]).code).toBe(0);
    cases = await writeXlsx(join(dir, '17_刑事治安案件_警综导出.xlsx'), [
      {
        name: '案件',
        rows: [
          ['平安县公安局刑事治安案件（警综导出）'],
          ['序号', '案件编号', '承办单位', '案件类别', '发案时间', '接警时间', '是否重大案件'],
          [1, 'A1', '城关派出所', '刑事', '2026-06-30', '2026-07-01 09:00', '否'],
          [2, 'A2', '东湖派出所', '治安', '2026-07-01', '2026-07-02', '是'],
          [3, 'A3', '东湖派出所', '民事', '2026-07-01', '2026-07-03', '否'],
          ['合计', null, null, null, null, null, null],
        ],
      },
    ]);
  }, 60_000);

  it('shows kind, runner-up, columns with evidence and row counts in JSON, and leaves the workspace byte for byte', () => {
    const db = join(ws, 'jiceng.duckdb');
    const before = sha(db);
    const r = cli(['inspect', cases, '-w', ws, '--json']);
    expect(r.code).toBe(0);
    const { workspace_read, sheets } = JSON.parse(r.stdout);
    expect(workspace_read).toBe(true);
    expect(sheets).toHaveLength(1);
    const s = sheets[0];
    expect(s).toMatchObject({ file: '17_刑事治安案件_警综导出.xlsx', sheet: '案件', header_rows: [2], kind: 'cases', rows: { in_file: 4, load: 2, skip: 1, reject: 1 } });
    expect(s.runner_up.kind).not.toBe('cases');
    expect(s.score).toBeGreaterThan(s.runner_up.score);
    const byHeader = Object.fromEntries(s.columns.map((c: { header: string }) => [c.header, c]));
    expect(byHeader['承办单位']).toMatchObject({ field: 'station', rule: 'alias', confidence: 1, values: 'unit_names' });
    expect(byHeader['接警时间']).toMatchObject({ field: 'received_at', rule: 'alias', values: 'dates' });
    expect(byHeader['是否重大案件']).toMatchObject({ field: 'is_major', rule: 'bool_prefix', alias: '重大案件', confidence: 1, values: 'yes_no' });
    expect(byHeader['发案时间'].field).toBeNull();
    expect(s.unmapped).toEqual(['序号', '发案时间']);
    expect(sha(db)).toBe(before);
  }, 60_000);

  it('prints the same for a person, and --write-map writes a --map file that load accepts', () => {
    const map = join(dir, 'cases.map.json');
    const r = cli(['--lang', 'en', 'inspect', cases, '-w', ws, '--write-map', map]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  header row(s): 2\n');
    expect(r.stdout).toMatch(/ {2}kind: cases \(cases\) \(score [\d.]+\); runner-up: [\w ]+ \(\w+\) \([\d.]+\)\n/);
    expect(r.stdout).toContain('  unmapped columns: 序号, 发案时间\n');
    expect(r.stdout).toContain('  rows 4: 2 would load, 1 skipped, 1 rejected (before comparing with the workspace)\n');
    expect(JSON.parse(readFileSync(map, 'utf8'))).toEqual({
      cases: { headers: { 案件编号: 'case_id', 承办单位: 'station', 案件类别: 'case_type', 接警时间: 'received_at', 是否重大案件: 'is_major' } },
    });
    const load = cli(['load', cases, '-w', ws, '--map', map, '--json']);
    expect(JSON.parse(load.stdout).files[0]).toMatchObject({ kind: 'cases', rows_loaded: 2, rows_rejected: 1 });
  }, 60_000);

  it('names a refused sheet with its --map line and exits 3, without a workspace', () => {
    const f = writeText(join(tmp(), '信访.csv'), [['信访编号', '责任单位', '信访形式'], ['X1', '城关派出所', '来访']], 'utf-8');
    const r = cli(['--lang', 'en', 'inspect', f, '-w', tmp()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  kind: cannot be loaded\n');
    expect(r.stdout).toContain('  ✗ 信访.csv: looks like petitions but has no column for required field registered');
    expect(r.stderr).toContain('(no workspace read: unit names are not used as evidence)');
  }, 60_000);
});

describe('remembered mappings', () => {
  it('a --map that loads a sheet is used again for the same headers, listed, and can be forgotten', async () => {
    const dir = tmp();
    const ws = join(dir, 'ws');
    expect(cli(['init', ws]).code).toBe(0);
    expect(cli(['load', await stationsFile(dir), '-w', ws]).code).toBe(0);
    const header = ['案件编号', '所属所队', '案件类别', '收案时刻'];
    const q2 = writeText(join(dir, '案件_2026Q2.csv'), [header, ['B1', '城关派出所', '刑事', '2026-05-01']], 'gb18030');
    const q3 = writeText(join(dir, '案件_2026Q3.csv'), [header, ['C1', '东湖派出所', '治安', '2026-08-01'], ['C2', '城关派出所', '刑事', '2026-08-02']], 'gb18030');
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ cases: { headers: { 所属所队: 'station', 收案时刻: 'received_at' } } }));

    expect(cli(['load', q3, '-w', ws]).code).toBe(3); // not recognisable without the mapping
    const first = cli(['--lang', 'en', 'load', q2, '-w', ws, '--map', 'map.json'], { cwd: dir });
    expect(first.code).toBe(0);
    const id = first.stderr.match(/mapping remembered as ([0-9a-f]{8}):/)![1];

    const second = cli(['--lang', 'en', 'load', q3, '-w', ws]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('✓ 案件_2026Q3.csv → cases: 2 rows accepted (2 new, 0 updated, 0 unchanged), 0 skipped, 0 rejected');
    expect(second.stderr).toMatch(new RegExp(`headers recognised by remembered mapping ${id} \\(from map\\.json, \\d{4}-\\d\\d-\\d\\d\\)`));

    const list = JSON.parse(cli(['mappings', '-w', ws, '--json']).stdout).mappings;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, kind: 'cases', source: 'map.json', headers: header, mapping: { headers: { 所属所队: 'station', 收案时刻: 'received_at' } } });
    expect(cli(['--lang', 'en', 'status', '-w', ws]).stdout).toContain(`Remembered mappings: 1 (jiceng mappings lists them)\n  ${id}  cases  map.json`);

    expect(cli(['mappings', 'forget', 'ffffffff', '-w', ws]).code).toBe(2);
    const forget = cli(['--lang', 'en', 'mappings', 'forget', id, '-w', ws]);
    expect(forget.code).toBe(0);
    expect(forget.stderr).toContain(`forgot mapping ${id} (1 entries)`);
    const q4 = writeText(join(dir, '案件_2026Q4.csv'), [header, ['D1', '东湖派出所', '治安', '2026-10-01']], 'gb18030');
    expect(cli(['load', q4, '-w', ws]).code).toBe(3);
  }, 180_000);
});

describe('the header grammar over the whole contract', () => {
  it('reads no spelling it accepts as two fields of one kind, and 发案时间 as nothing', () => {
    let spellings = 0;
    const problems: string[] = [];
    for (const kind of KIND_NAMES) {
      for (const [spelling, hits] of spellingIndex(kind)) {
        spellings++;
        const top = Math.max(...hits.map((h) => RULE_CONFIDENCE[h.rule]));
        const best = [...new Set(hits.filter((h) => RULE_CONFIDENCE[h.rule] === top).map((h) => h.field.name))];
        const got = [...mapColumns(kind, [{ index: 0, display: spelling, candidates: headerCandidates(spelling) }]).columns.keys()];
        if (best.length > 1 && hits.some((h) => h.rule === 'alias' && RULE_CONFIDENCE[h.rule] === top)) problems.push(`${kind}: "${spelling}" is an alias of ${best.join(' and ')}`);
        else if (best.length > 1 && got.length) problems.push(`${kind}: "${spelling}" could be ${best.join(' or ')} but was read as ${got[0]}`);
        else if (best.length === 1 && got.join() !== best[0]) problems.push(`${kind}: "${spelling}" should read as ${best[0]}, got ${got.join() || 'nothing'}`);
      }
      for (const h of ['发案时间', '发案日期', '案发时间', '发案地点']) {
        const got = [...mapColumns(kind, [{ index: 0, display: h, candidates: headerCandidates(h) }]).columns.keys()];
        if (got.length) problems.push(`${kind}: ${h} read as ${got[0]}`);
      }
    }
    expect(problems).toEqual([]);
    expect(spellings).toBeGreaterThan(1000);
  });
});

describe('a header cell written over two lines', () => {
  it('is one line in the inspect table, which keeps its columns aligned', async () => {
    const { formatTable } = await import('../src/cli/output.js');
    const text = formatTable([{ h: '受理\n时间', f: 'received_at' }, { h: '案件编号', f: 'case_id' }], [{ key: 'h', title: '表头' }, { key: 'f', title: '字段' }]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2].trimEnd()).toBe('受理 时间  received_at');
    expect(lines[3].trimEnd()).toBe('案件编号   case_id');
  });
});

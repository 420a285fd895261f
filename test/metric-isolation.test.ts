// A bad metric file in a workspace's metrics/ folder is isolated: its figures are null with reason
// metric_error, a warning names the file and the line, the other metrics are exact, and --strict aborts
// `metrics`, `report` and `status` with one line.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, tmp } from './helpers.js';
import { loadWorkspace, writeCounty, type StationSpec } from './county-fixture.js';

/*
 * 示范县, 2026Q2 and 2026Q3:
 *   S01 城关派出所: ledger items 2, 3; sworn/frontline 10/6, 12/9
 *   S02 河口派出所: ledger items 4, 1; sworn/frontline  8/4,  8/2
 * ledger_items 2026Q3: S01 3, S02 1, county 4.  frontline_share 2026Q3: S01 9/12 = 0.75, S02 2/8 = 0.25, county 11/20 = 0.55.
 */
const STATIONS: StationSpec[] = [
  { id: 'S01', name: '城关派出所', area: '城区', population: 40000, staff: [[10, 6], [12, 9]], ledger: [2, 3], petitions: [0, 0], cases: [1, 1] },
  { id: 'S02', name: '河口派出所', area: '农村', population: 25000, staff: [[8, 4], [8, 2]], ledger: [4, 1], petitions: [0, 0], cases: [1, 1] },
];

const HEADER = (id: string, zh: string): string[] => [
  `-- id: ${id}`, `-- title_en: ${id}`, `-- title_zh: ${zh}`, '-- group: report_burden', '-- unit: count', '-- grain: station', '-- direction: lower_is_better',
];
// Line 11 holds the syntax error (FORM): header lines 1-7, a blank line 8, the SELECT from line 9.
const SYNTAX = [...HEADER('broken_syntax', '语法错误'), '', 'SELECT station_id,', '       count(*) AS numerator', 'FORM stations', 'GROUP BY station_id'].join('\n');
// Line 10 divides by a unit's name read as a number: an error met while running, not while parsing.
const RUNTIME = [...HEADER('broken_runtime', '除以字符串'), 'SELECT station_id,', '       1 AS numerator,', '       1 / CAST(station_name AS INTEGER) AS value',
  "FROM stations WHERE unit_kind = 'station'"].join('\n');

interface MetricsJson {
  values: Array<{ metric: string; scope: string; station_id: string | null; value: number | null; reason: string | null; reason_text: string | null }>;
}

describe('a bad metric file is isolated', () => {
  let ws: string;
  let syntaxFile: string;
  let runtimeFile: string;
  beforeAll(async () => {
    const dir = tmp('jiceng-isolate-files-');
    ws = join(tmp('jiceng-isolate-ws-'), 'ws');
    loadWorkspace(ws, await writeCounty(dir, '示范县', STATIONS, ['2026Q2', '2026Q3']));
    mkdirSync(join(ws, 'metrics'));
    syntaxFile = join(ws, 'metrics', 'broken_syntax.sql');
    runtimeFile = join(ws, 'metrics', 'broken_runtime.sql');
    writeFileSync(syntaxFile, SYNTAX);
    writeFileSync(runtimeFile, RUNTIME);
  });

  const pick = (j: MetricsJson, metric: string): Array<[string | null, number | null, string | null]> =>
    j.values.filter((v) => v.metric === metric).map((v) => [v.station_id, v.value === null ? null : Number(v.value.toFixed(12)), v.reason]);

  it('metrics: the others exact, the broken ones null with metric_error, a warning naming file and line, exit 0', () => {
    const r = cli(['metrics', '-w', ws, '--quarter', '2026Q3', '-m', 'ledger_items,frontline_share,broken_syntax,broken_runtime', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as MetricsJson;
    expect(pick(j, 'ledger_items')).toEqual([['S01', 3, null], ['S02', 1, null], [null, 4, null]]);
    expect(pick(j, 'frontline_share')).toEqual([['S01', 0.75, null], ['S02', 0.25, null], [null, 0.55, null]]);
    for (const id of ['broken_syntax', 'broken_runtime']) {
      expect(pick(j, id)).toEqual([['S01', null, 'metric_error'], ['S02', null, 'metric_error'], [null, null, 'metric_error']]);
    }
    expect(j.values.find((v) => v.metric === 'broken_syntax')!.reason_text).toBe('指标文件出错，未能计算');
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toEqual([
      `警告：指标 broken_runtime（${runtimeFile} 第 10 行）出错，其数值记为空，其他指标照常计算：Conversion Error: Could not convert string '城关派出所' to INT32 when casting from source column station_name`,
      `警告：指标 broken_syntax（${syntaxFile} 第 11 行）出错，其数值记为空，其他指标照常计算：Parser Error: syntax error at or near "FORM"`,
    ]);
  });

  it('in English, and once per file when the comparison quarter fails too', () => {
    const r = cli(['metrics', '-w', ws, '--quarter', '2026Q3', '--compare', '-m', 'ledger_items,broken_syntax', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `warning: metric broken_syntax (${syntaxFile}, line 11) failed; its figures are left empty and the other metrics are computed as usual: Parser Error: syntax error at or near "FORM"`,
    ]);
    expect(r.stdout).toContain('the metric file failed, so it was not computed');
  });

  it('metrics --trend: the broken metric’s points are null with metric_error in every quarter, warned once', () => {
    const r = cli(['metrics', '-w', ws, '--trend', '-m', 'ledger_items,broken_syntax', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { values: Array<{ quarter: string; metric: string; station_id: string | null; value: number | null; reason: string | null }> };
    const rows = (metric: string): Array<[string, string | null, number | null, string | null]> =>
      j.values.filter((v) => v.metric === metric).map((v) => [v.quarter, v.station_id, v.value, v.reason]);
    expect(rows('ledger_items')).toEqual([
      ['2026Q2', 'S01', 2, null], ['2026Q3', 'S01', 3, null], ['2026Q2', 'S02', 4, null], ['2026Q3', 'S02', 1, null], ['2026Q2', null, 6, null], ['2026Q3', null, 4, null],
    ]);
    expect(rows('broken_syntax').map((x) => x[3])).toEqual(Array(6).fill('metric_error'));
    expect(r.stderr.trim().split('\n')).toEqual([
      `警告：指标 broken_syntax（${syntaxFile} 第 11 行）出错，其数值记为空，其他指标照常计算：Parser Error: syntax error at or near "FORM"`,
    ]);
  });

  it('metrics --strict: non-zero, the error on one line naming the file and line', () => {
    const r = cli(['metrics', '-w', ws, '--quarter', '2026Q3', '--strict', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [first, ...rest] = r.stderr.trim().split('\n');
    expect(first).toBe(`jiceng: metric broken_runtime (${runtimeFile}, line 10) failed: Conversion Error: Could not convert string '城关派出所' to INT32 when casting from source column station_name`);
    expect(rest).toEqual(['hint: fix the SQL of the file, or move it out of the metrics folder']);
  });

  it('report: written with the null and its reason, the warnings on stderr; --strict aborts', () => {
    const out = tmp('jiceng-isolate-out-');
    const r = cli(['report', '-w', ws, '--quarter', '2026Q3', '--out', out, '--format', 'html']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${syntaxFile} 第 11 行`);
    expect(r.stderr).toContain(`${runtimeFile} 第 10 行`);
    const html = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
    expect(html).toContain('指标文件出错，未能计算');
    const strict = cli(['report', '-w', ws, '--quarter', '2026Q3', '--out', tmp('jiceng-isolate-out-'), '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr.split('\n')[0]).toBe(
      `jiceng: 指标 broken_runtime（${runtimeFile} 第 10 行）执行失败：Conversion Error: Could not convert string '城关派出所' to INT32 when casting from source column station_name`,
    );
  });
});

describe('a metric file whose header cannot be read', () => {
  let ws: string;
  let override: string;
  let stray: string;
  beforeAll(async () => {
    const dir = tmp('jiceng-isolate-files-');
    ws = join(tmp('jiceng-isolate-ws-'), 'ws');
    loadWorkspace(ws, await writeCounty(dir, '示范县', STATIONS, ['2026Q2', '2026Q3']));
    mkdirSync(join(ws, 'metrics'));
    // The workspace's copy of ledger_items misspells a grain on line 9: its figures must not silently be the shipped file's.
    override = join(ws, 'metrics', 'ledger_items.sql');
    writeFileSync(override, readFileSync(join(ROOT, 'metrics', 'ledger_items.sql'), 'utf8').replace('-- grain: station', '-- grain: statoin'));
    stray = join(ws, 'metrics', 'stray.sql');
    writeFileSync(stray, ['-- id: stray', '-- title_en: Stray', '-- titel_zh: 错键', 'SELECT 1'].join('\n'));
  });

  it('metrics: a replaced metric is null with metric_error, an unknown one is skipped, both warned with file and line', () => {
    const r = cli(['metrics', '-w', ws, '--quarter', '2026Q3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as MetricsJson;
    expect(j.values.filter((v) => v.metric === 'ledger_items').map((v) => [v.value, v.reason])).toEqual([[null, 'metric_error'], [null, 'metric_error'], [null, 'metric_error']]);
    expect(j.values.filter((v) => v.metric === 'frontline_share').map((v) => v.value)).toEqual([0.75, 0.25, 0.55]);
    expect(j.values.some((v) => v.metric === 'stray')).toBe(false);
    expect(r.stderr.trim().split('\n')).toEqual([
      `警告：指标文件 ${stray} 第 3 行有误，已跳过该文件（stray），其他指标照常计算：未知的表头键“titel_zh”（已知：id, title_en, title_zh, unit, grain, direction, short_en, short_zh, group, order, thresholds, county, scale, interval, definition, reference；自定义键以 x_ 开头）`,
      `警告：指标 ledger_items（${override} 第 9 行）出错，其数值记为空，其他指标照常计算：grain“statoin”不是 station, county 之一`,
    ]);
  });

  it('status: runs with exit 0; --strict stops with one line naming the file and line', () => {
    const r = cli(['status', '-w', ws]);
    expect(r.code, r.stderr).toBe(0);
    const strict = cli(['status', '-w', ws, '--strict', '--lang', 'en']);
    expect(strict.code).toBe(1);
    expect(strict.stderr.split('\n')[0]).toBe(`jiceng: ${override} line 9: grain "statoin" is not one of station, county`);
  });
});

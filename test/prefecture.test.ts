// The prefecture view: a workspace of two counties writes each county's report and a 市局 report that sets them side by side.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { cli, tmp } from './helpers.js';
import { loadWorkspace, writeCounty, type StationSpec } from './county-fixture.js';

/*
 * Two counties, 2026Q2 and 2026Q3, no station name shared:
 *   平安县 P01 城关派出所 sworn/frontline 10/6 (Q3), P02 河口派出所 8/3: county frontline 9/18 = 50% (breaches min 60%)
 *   安宁县 A01 东城派出所 12/10, A02 西山派出所 8/2: county 12/20 = 60% (no breach)
 * Ledger in 2026Q3, issuers in turn: 平安县 P01 3 items (治安大队, 市局政治部, 治安大队), P02 2 (治安大队, 市局政治部);
 *   安宁县 A01 2 (市局政治部, 指挥中心), A02 1 (市局政治部). By department: 市局政治部 2 + 2, 治安大队 3 + 0, 指挥中心 0 + 1.
 * A scorecard weighting frontline_share alone, normalised over all four stations (min 2/8, max 10/12):
 *   A01 100, P01 (0.6 − 0.25)/(10/12 − 0.25) = 60.0, P02 (0.375 − 0.25)/(7/12) = 21.4, A02 0.
 */
const QUARTERS = ['2026Q2', '2026Q3'];
const PINGAN: StationSpec[] = [
  { id: 'P01', name: '城关派出所', area: '城区', population: 40000, staff: [[10, 5], [10, 6]], ledger: [2, 3], petitions: [1, 2], cases: [2, 1], issuers: ['治安大队', '市局政治部'] },
  { id: 'P02', name: '河口派出所', area: '农村', population: 20000, staff: [[8, 3], [8, 3]], ledger: [1, 2], petitions: [0, 1], cases: [1, 2], issuers: ['治安大队', '市局政治部'] },
];
const ANNING: StationSpec[] = [
  { id: 'A01', name: '东城派出所', area: '城区', population: 50000, staff: [[12, 9], [12, 10]], ledger: [3, 2], petitions: [2, 0], cases: [1, 3], issuers: ['市局政治部', '指挥中心'] },
  { id: 'A02', name: '西山派出所', area: '农村', population: 15000, staff: [[8, 2], [8, 2]], ledger: [1, 1], petitions: [1, 1], cases: [1, 1], issuers: ['市局政治部', '指挥中心'] },
];

interface Value { metric: string; scope: string; county: string | null; station_id: string | null; value: number | null }

const readWorkbook = async (p: string): Promise<ExcelJS.Workbook> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(p);
  return wb;
};
const text = (ws: ExcelJS.Worksheet, r: number, c: number): string => {
  const v = ws.getCell(r, c).value;
  return v === null || v === undefined ? '' : String(v);
};
const close = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

describe('a workspace of two counties', () => {
  let joint: string;
  let out: string;
  let files: string[];
  const alone = new Map<string, Value[]>();

  beforeAll(async () => {
    const dir = tmp('jiceng-pref-files-');
    const pingan = await writeCounty(join(dir, 'pingan'), '平安县', PINGAN, QUARTERS);
    const anning = await writeCounty(join(dir, 'anning'), '安宁县', ANNING, QUARTERS);
    for (const [county, f] of [['平安县', pingan], ['安宁县', anning]] as const) {
      const ws = join(tmp('jiceng-pref-alone-'), 'ws');
      loadWorkspace(ws, [...f]);
      const m = cli(['metrics', '-w', ws, '--json']);
      expect(m.code, m.stderr).toBe(0);
      alone.set(county, (JSON.parse(m.stdout) as { values: Value[] }).values);
    }
    joint = join(tmp('jiceng-pref-joint-'), 'ws');
    loadWorkspace(joint, [...pingan, ...anning]);
    const cfgPath = join(joint, 'jiceng.json');
    const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(cfgPath, JSON.stringify({ ...cfg, scorecard: { weights: { frontline_share: 1 } } }, null, 2));
    out = tmp('jiceng-pref-out-');
    const r = cli(['report', '-w', joint, '--out', out, '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    files = (JSON.parse(r.stdout) as { files: Array<{ path: string }> }).files.map((f) => basename(f.path));
  });

  it('writes each county\'s report and the prefecture report', () => {
    expect(files).toEqual([
      'jiceng_安宁县_2026Q3.xlsx', 'jiceng_安宁县_2026Q3.html',
      'jiceng_平安县_2026Q3.xlsx', 'jiceng_平安县_2026Q3.html',
      'jiceng_市局_2026Q3.xlsx', 'jiceng_市局_2026Q3.html',
    ]);
    expect(readdirSync(out).sort()).toEqual([...files].sort());
  });

  it('the prefecture report names both counties, with each county\'s own pooled values (as its workspace alone gives them) and ranks', async () => {
    const page = readFileSync(join(out, 'jiceng_市局_2026Q3.html'), 'utf8');
    expect(page).toContain('<title>2026Q3 各县局基层警务对比（安宁县、平安县）</title>');
    const wb = await readWorkbook(join(out, 'jiceng_市局_2026Q3.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['县局对比', '派出所联合排名', '下发部门', '指标趋势']);
    const ws = wb.getWorksheet('县局对比')!;
    let checked = 0;
    for (let r = 1; r <= ws.rowCount; r++) {
      if (text(ws, r, 1) !== '县局' || text(ws, r, 2) !== '派出所数') continue;
      // A header row: metric columns come in pairs (value · id, rank).
      for (let c = 3; text(ws, r, c); c += 2) {
        const metric = text(ws, r, c).split(' · ')[1];
        for (let k = r + 1; ['安宁县', '平安县'].includes(text(ws, k, 1)); k++) {
          const county = text(ws, k, 1);
          const own = alone.get(county)!.find((v) => v.metric === metric && v.scope === 'county');
          const cell = ws.getCell(k, c).value;
          expect(close(cell === null ? null : Number(cell), own?.value ?? null), `${county} ${metric}: ${String(cell)} vs ${own?.value}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    // frontline_share: 安宁县 12/20 ranks first, 平安县 9/18 second and breaches.
    const frontline = page.slice(page.indexOf('data-group="staffing"'));
    const cells = [...frontline.matchAll(/<td class="num( breach)?" data-metric="frontline_share">(.*?)<\/td>/g)].slice(0, 2).map((m) => `${m[1] ? 'breach ' : ''}${m[2]}`);
    expect(cells).toEqual([
      '60.0% <span class="chg">12/20</span><span class="chg">#1</span>',
      'breach 50.0%<span class="mark"> ▼</span> <span class="chg">9/18</span><span class="chg">#2</span>',
    ]);
    const breaches = page.slice(page.indexOf('县局未达阈值事项'));
    expect(breaches).toContain('<td class="label">平安县</td><td>一线民警占比</td>');
    expect(breaches).not.toContain('<td class="label">安宁县</td><td>一线民警占比</td>');
  });

  it('ranks the stations of both counties together, each labelled with its county', async () => {
    const wb = await readWorkbook(join(out, 'jiceng_市局_2026Q3.xlsx'));
    const ws = wb.getWorksheet('派出所联合排名')!;
    const rows: string[] = [];
    for (let r = 2; r <= ws.rowCount && text(ws, r, 2); r++) {
      rows.push([text(ws, r, 1), text(ws, r, 2), text(ws, r, 3), text(ws, r, 4), Number(ws.getCell(r, 5).value).toFixed(1)].join('|'));
    }
    expect(rows).toEqual([
      '1|A01|安宁县·东城派出所|安宁县|100.0',
      '2|P01|平安县·城关派出所|平安县|60.0',
      '3|P02|平安县·河口派出所|平安县|21.4',
      '4|A02|安宁县·西山派出所|安宁县|0.0',
    ]);
    const page = readFileSync(join(out, 'jiceng_市局_2026Q3.html'), 'utf8');
    const ranking = page.slice(page.indexOf('id="sec-ranking"'), page.indexOf('id="sec-issuers"'));
    expect(ranking.indexOf('安宁县·东城派出所')).toBeLessThan(ranking.indexOf('平安县·城关派出所'));
  });

  it('sets the report burden by issuing department across the counties', async () => {
    const wb = await readWorkbook(join(out, 'jiceng_市局_2026Q3.xlsx'));
    const ws = wb.getWorksheet('下发部门')!;
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => text(ws, 1, c))).toEqual([
      '下发部门', '安宁县 事项数', '平安县 事项数', '合计 事项数', '安宁县 耗时（小时）', '平安县 耗时（小时）', '合计 耗时（小时）',
    ]);
    const rows: string[] = [];
    for (let r = 2; r <= ws.rowCount && text(ws, r, 1); r++) rows.push([1, 2, 3, 4, 5, 6, 7].map((c) => text(ws, r, c)).join('|'));
    expect(rows).toEqual(['市局政治部|2|2|4|4|4|8', '治安大队|0|3|3|0|6|6', '指挥中心|1|0|1|2|0|2']);
  });

  it('each county\'s own report holds only its stations (the data-quality and provenance sections list the whole workspace\'s files)', () => {
    const whole = readFileSync(join(out, 'jiceng_平安县_2026Q3.html'), 'utf8');
    const pingan = whole.slice(0, whole.indexOf('<section id="sec-quality">'));
    expect(pingan).toContain('城关派出所');
    expect(pingan).not.toContain('东城派出所');
    expect(pingan).not.toContain('安宁县');
  });

  it('--county NAME writes only that county\'s report, with the values of the county alone; an unknown name is a usage error', async () => {
    const dir = tmp('jiceng-pref-one-');
    const r = cli(['report', '-w', joint, '--county', '安宁县', '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['jiceng_安宁县_2026Q3.html', 'jiceng_安宁县_2026Q3.xlsx']);
    const wb = await readWorkbook(join(dir, 'jiceng_安宁县_2026Q3.xlsx'));
    const ws = wb.getWorksheet('警力配置')!;
    const col = (ws.getRow(1).values as unknown[]).findIndex((v) => v === '一线占比');
    const labels: string[] = [];
    for (let k = 2; text(ws, k, 2); k++) labels.push(`${text(ws, k, 2)}=${Number(ws.getCell(k, col).value).toFixed(4)}`);
    const own = alone.get('安宁县')!.filter((v) => v.metric === 'frontline_share');
    expect(labels).toEqual([
      `东城派出所=${own.find((v) => v.station_id === 'A01')!.value!.toFixed(4)}`,
      `西山派出所=${own.find((v) => v.station_id === 'A02')!.value!.toFixed(4)}`,
      `安宁县（全县）=${own.find((v) => v.scope === 'county')!.value!.toFixed(4)}`,
    ]);
    expect(labels[2]).toBe('安宁县（全县）=0.6000');
    const bad = cli(['report', '-w', joint, '--county', '太平县', '--out', dir, '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no county "太平县" in the workspace');
    expect(bad.stderr).toContain('counties: 安宁县, 平安县');
  });

  it('a county\'s page of the joint run (chart rows read once for both counties) is its page from --county (its own queries)', () => {
    const dir = tmp('jiceng-pref-same-');
    for (const county of ['安宁县', '平安县']) {
      const r = cli(['report', '-w', joint, '--county', county, '--out', dir, '--format', 'html']);
      expect(r.code, r.stderr).toBe(0);
      // Only the time and the command line of the run may differ.
      const page = (p: string): string => readFileSync(p, 'utf8').replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'T').replace(/jiceng report [^<]*/g, 'C');
      const joined = page(join(out, `jiceng_${county}_2026Q3.html`));
      expect(joined).toBe(page(join(dir, `jiceng_${county}_2026Q3.html`)));
      // The issuers chart of 安宁县 holds its departments only (市局政治部, 指挥中心), 平安县's likewise (治安大队, 市局政治部).
      const issuers = joined.slice(joined.indexOf('<figure id="fig-burden_issuer">'), joined.indexOf('</figure>', joined.indexOf('<figure id="fig-burden_issuer">')));
      expect(issuers).toContain('市局政治部');
      expect(issuers.includes('指挥中心')).toBe(county === '安宁县');
      expect(issuers.includes('治安大队')).toBe(county === '平安县');
    }
  });

  it('--prefecture writes only the prefecture report', () => {
    const dir = tmp('jiceng-pref-only-');
    const r = cli(['--lang', 'en', 'report', '-w', joint, '--prefecture', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['jiceng_prefecture_2026Q3_en.html', 'jiceng_prefecture_2026Q3_en.xlsx']);
    const page = readFileSync(join(dir, 'jiceng_prefecture_2026Q3_en.html'), 'utf8');
    expect(page).toContain('<title>Counties side by side, 2026Q3 (安宁县, 平安县)</title>');
    expect(page).toContain('东城派出所 (安宁县)');
  });
});

describe('rankValues', () => {
  it('gives competition ranks in the metric\'s direction, none for neutral metrics or missing values', async () => {
    const { rankValues } = await import('../src/report/prefecture.js');
    expect(rankValues([0.5, 0.7, 0.5, null], 'higher_is_better')).toEqual([2, 1, 2, null]);
    expect(rankValues([0.5, 0.7, 0.5, null], 'lower_is_better')).toEqual([1, 3, 1, null]);
    expect(rankValues([0.5, 0.7], 'neutral')).toEqual([null, null]);
  });
});

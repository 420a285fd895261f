// Trends: `jiceng metrics --trend` on a county worked by hand over three quarters, --quarters parsing, and the demo report's trend section and sheet.
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parseTrendCount } from '../src/metrics/trend.js';
import { parseQuarterRange } from '../src/quarter.js';
import { isUserError } from '../src/errors.js';
import { ROOT, cli, tmp } from './helpers.js';
import { loadWorkspace, writeCounty, type StationSpec } from './county-fixture.js';

/*
 * 示范县, 2026Q1..2026Q3 (nothing in 2025Q4):
 *   S01 城关派出所 urban 40,000 residents: sworn/frontline 10/5, 10/6, 12/8; ledger 3, 2, 1; petitions 2, 1, 0; cases 1 a quarter
 *   S02 河口派出所 rural 25,000 residents: sworn/frontline  8/3,  8/4,  8/5; ledger 2, 2, 2; petitions 0, 1, 1; cases 1 a quarter
 * frontline_share (min 60%): S01 5/10, 6/10, 8/12; S02 3/8, 4/8, 5/8; county 8/18, 10/18, 13/20
 * ledger_items: S01 3, 2, 1; S02 2, 2, 2; county 5, 4, 3
 * petitions_per_10k: S01 2/40000, 1/40000, 0; S02 0, 1/25000, 1/25000; county 2/65000, 2/65000, 1/65000 (× 10,000)
 */
const QUARTERS = ['2026Q1', '2026Q2', '2026Q3'];
const STATIONS: StationSpec[] = [
  { id: 'S01', name: '城关派出所', area: '城区', population: 40000, staff: [[10, 5], [10, 6], [12, 8]], ledger: [3, 2, 1], petitions: [2, 1, 0], cases: [1, 1, 1] },
  { id: 'S02', name: '河口派出所', area: '农村', population: 25000, staff: [[8, 3], [8, 4], [8, 5]], ledger: [2, 2, 2], petitions: [0, 1, 1], cases: [1, 1, 1] },
];

interface TrendJson {
  quarters: string[];
  metrics: Array<{ id: string }>;
  skipped_metrics: string[];
  empty_quarters: string[];
  values: Array<{ quarter: string; metric: string; scope: string; station_id: string | null; county: string | null; value: number | null; numerator: number | null; denominator: number | null; breach: boolean }>;
}

describe('jiceng metrics --trend on a county worked by hand', () => {
  let ws: string;
  beforeAll(async () => {
    const dir = tmp('jiceng-trend-files-');
    ws = join(tmp('jiceng-trend-ws-'), 'ws');
    loadWorkspace(ws, await writeCounty(dir, '示范县', STATIONS, QUARTERS));
  });

  it('a share of too few cases is 样本过少 with its n in the terminal and too_few in the JSON, never a breach (as in the quarter\'s tables)', () => {
    // min_denominator 9: S02's frontline shares (n = 8) are too few, S01's (10, 10, 12) and the county's are not.
    const few = join(tmp('jiceng-trend-few-'), 'ws');
    cpSync(ws, few, { recursive: true });
    const config = JSON.parse(readFileSync(join(few, 'jiceng.json'), 'utf8'));
    writeFileSync(join(few, 'jiceng.json'), JSON.stringify({ ...config, metrics: { ...(config.metrics ?? {}), min_denominator: 9 } }));
    const j = JSON.parse(cli(['metrics', '-w', few, '--trend', '--metric', 'frontline_share', '--json']).stdout) as TrendJson;
    const row = (who: string) => j.values.filter((v) => (who === 'county' ? v.scope === 'county' : v.station_id === who)).map((v) => [(v as { too_few?: boolean }).too_few, v.breach]);
    expect(row('S02')).toEqual([[true, false], [true, false], [true, false]]);
    expect(row('S01')).toEqual([[false, true], [false, false], [false, false]]);
    const text = cli(['metrics', '-w', few, '--trend', '--metric', 'frontline_share']).stdout;
    const s02 = text.split('\n').find((l) => l.includes('河口派出所'))!;
    expect(s02).toContain('样本过少 (3/8)');
    expect(s02).toContain('样本过少 (5/8)');
    expect(s02).not.toMatch(/%/);
  });

  it('JSON: every station and the county, quarter by quarter, shares with numerator and denominator', () => {
    const r = cli(['metrics', '-w', ws, '--trend', '--metric', 'frontline_share,ledger_items,petitions_per_10k', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as TrendJson;
    expect(j.quarters).toEqual(QUARTERS);
    const pick = (metric: string, who: string): Array<[number | null, number | null, number | null, boolean]> =>
      j.values.filter((v) => v.metric === metric && (who === 'county' ? v.scope === 'county' : v.station_id === who))
        .map((v) => [v.value === null ? null : Number(v.value.toFixed(12)), v.numerator, v.denominator, v.breach]);
    const r12 = (x: number): number => Number(x.toFixed(12));
    expect(pick('frontline_share', 'S01')).toEqual([[0.5, 5, 10, true], [0.6, 6, 10, false], [r12(8 / 12), 8, 12, false]]);
    expect(pick('frontline_share', 'S02')).toEqual([[0.375, 3, 8, true], [0.5, 4, 8, true], [0.625, 5, 8, false]]);
    expect(pick('frontline_share', 'county')).toEqual([[r12(8 / 18), 8, 18, true], [r12(10 / 18), 10, 18, true], [0.65, 13, 20, false]]);
    // Not shares: no n.
    expect(pick('ledger_items', 'S01')).toEqual([[3, null, null, false], [2, null, null, false], [1, null, null, false]]);
    expect(pick('ledger_items', 'county')).toEqual([[5, null, null, false], [4, null, null, false], [3, null, null, false]]);
    expect(pick('petitions_per_10k', 'S02')).toEqual([[0, null, null, false], [0.4, null, null, false], [0.4, null, null, false]]);
    expect(pick('petitions_per_10k', 'county').map((x) => x[0])).toEqual([r12(2e4 / 65000), r12(2e4 / 65000), r12(1e4 / 65000)]);
  });

  it('the table: one per metric, a row per station and the county, a column per quarter', () => {
    const r = cli(['metrics', '-w', ws, '--trend', '--metric', 'frontline_share', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe([
      'Headline metrics over 3 quarter(s), 2026Q1 to 2026Q3',
      '',
      'Frontline share of sworn officers · frontline_share',
      'Unit                     2026Q1           2026Q2         2026Q3',
      `${'─'.repeat(15)}  ${'─'.repeat(14)}  ${'─'.repeat(15)}  ${'─'.repeat(13)}`,
      '城关派出所       50.0% (5/10) *     60.0% (6/10)   66.7% (8/12)',
      '河口派出所        37.5% (3/8) *    50.0% (4/8) *    62.5% (5/8)',
      '示范县 (county)  44.4% (8/18) *  55.6% (10/18) *  65.0% (13/20)',
      '',
      '* threshold breached',
      '',
    ].join('\n'));
  });

  it('--trend 2 keeps the last two quarters; the headline list by default, in its order', () => {
    const r = cli(['metrics', '-w', ws, '--trend', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as TrendJson;
    expect(j.quarters).toEqual(['2026Q2', '2026Q3']);
    // clearance_rate_30d is a headline metric from the figures work; until its file exists it is left out.
    const has30d = existsSync(join(ROOT, 'metrics', 'clearance_rate_30d.sql'));
    expect(j.metrics.map((m) => m.id)).toEqual([
      ...(has30d ? ['clearance_rate_30d'] : []),
      'median_days_to_close', 'frontline_share', 'grassroots_share', 'cases_per_frontline', 'ledger_items', 'ledger_hours_per_officer', 'petitions_per_10k',
    ]);
    expect(j.skipped_metrics).toEqual(has30d ? [] : ['clearance_rate_30d']);
  });

  it('--quarters 2025Q4..2026Q3 takes the quarters with data in the range and says which had none; --csv gives the same rows', () => {
    const r = cli(['metrics', '-w', ws, '--quarters', '2025Q4..2026Q3', '--metric', 'ledger_items', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as TrendJson;
    expect(j.quarters).toEqual(QUARTERS);
    expect(j.empty_quarters).toEqual(['2025Q4']);
    const t = cli(['metrics', '-w', ws, '--quarters', '2025Q4..2026Q3', '--metric', 'ledger_items']);
    expect(t.stderr).toContain('2025Q4');
    const csv = cli(['metrics', '-w', ws, '--quarters', '2026Q2..2026Q3', '--metric', 'ledger_items', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('quarter,metric,title,unit,scope,station_id,station_name,county,value,numerator,denominator,breach,reason,reason_text');
    expect(lines.slice(1).map((l) => l.split(',').filter((_, i) => [0, 5, 8].includes(i)).join(' '))).toEqual([
      '2026Q2 S01 2', '2026Q3 S01 1', '2026Q2 S02 2', '2026Q3 S02 2', '2026Q2  4', '2026Q3  3',
    ]);
  });

  it('a bad range or count is one usage line (exit 2)', () => {
    for (const bad of ['2026Q3..2026Q1', '2026Q1', '2026Q1..', '2026Q5..2026Q6', '2026Q1..2026Q2..2026Q3']) {
      const r = cli(['metrics', '-w', ws, '--quarters', bad, '--lang', 'en']);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(`cannot read the quarter range "${bad}"`);
      expect(r.stderr.trim().split('\n').length, bad).toBe(2); // the error and its hint
    }
    const n = cli(['metrics', '-w', ws, '--trend', 'zero']);
    expect(n.code).toBe(2);
    const empty = cli(['metrics', '-w', ws, '--quarters', '2024Q1..2024Q4', '--lang', 'en']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('quarters with data: 2026Q1, 2026Q2, 2026Q3');
  });
});

describe('parseQuarterRange and parseTrendCount', () => {
  it('spells out every quarter from the first to the last, in any quarter spelling', () => {
    expect(parseQuarterRange('2025Q4..2026Q3')).toEqual(['2025Q4', '2026Q1', '2026Q2', '2026Q3']);
    expect(parseQuarterRange('2026-Q2..2026年第三季度')).toEqual(['2026Q2', '2026Q3']);
    expect(parseQuarterRange('2026Q3..2026Q3')).toEqual(['2026Q3']);
    expect(parseQuarterRange(' 2024Q4 .. 2025Q1 ')).toEqual(['2024Q4', '2025Q1']);
  });

  it('refuses a reversed, open or unreadable range, and a count outside 1..40', () => {
    for (const bad of ['2026Q3..2025Q4', '..2026Q1', '2026Q1', 'x..y', '']) {
      let err: unknown;
      try {
        parseQuarterRange(bad);
      } catch (e) {
        err = e;
      }
      expect(isUserError(err) && err.exitCode === 2, bad).toBe(true);
    }
    expect(parseTrendCount(true)).toBe(8);
    expect(parseTrendCount('3')).toBe(3);
    expect(() => parseTrendCount('0')).toThrow();
    expect(() => parseTrendCount('41')).toThrow();
    expect(() => parseTrendCount('2.5')).toThrow();
  });
});

describe('the demo report shows its quarters as a trend', () => {
  let out: string;
  let page: string;
  let wb: ExcelJS.Workbook;
  let ws: string;
  const perQuarter = new Map<string, Array<{ metric: string; scope: string; station_name: string | null; value: number | null; numerator: number | null; denominator: number | null }>>();

  beforeAll(async () => {
    out = tmp('jiceng-trend-demo-');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    ws = join(out, 'demo-workspace');
    page = readFileSync(join(out, 'jiceng_平安县公安局_2026Q3.html'), 'utf8');
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'jiceng_平安县公安局_2026Q3.xlsx'));
    for (const q of ['2026Q2', '2026Q3']) {
      const m = cli(['metrics', '-w', ws, '--quarter', q, '--json']);
      expect(m.code, m.stderr).toBe(0);
      perQuarter.set(q, (JSON.parse(m.stdout) as { values: Array<{ metric: string; scope: string; station_name: string | null; value: number | null; numerator: number | null; denominator: number | null }> }).values);
    }
  });

  it('the HTML has a trend section with both quarters for 城关派出所: 60.0% (9/15) then 57.1% (8/14) frontline', () => {
    const start = page.indexOf('<section id="sec-trend">');
    expect(start).toBeGreaterThan(0);
    const sec = page.slice(start, page.indexOf('</section>', start));
    expect(sec).toContain('2026Q2 至 2026Q3');
    const table = sec.slice(sec.indexOf('data-metric="frontline_share"'));
    const row = table.slice(table.indexOf('城关派出所'), table.indexOf('</tr>', table.indexOf('城关派出所')));
    expect(row).toContain('<svg class="spark"');
    expect(row).toMatch(/data-quarter="2026Q2">60\.0%<span class="chg">9\/15<\/span><\/td>/);
    expect(row).toMatch(/data-quarter="2026Q3">57\.1%<span class="mark"> ▼<\/span><span class="chg">8\/14<\/span><\/td>/);
    // Values printed as the metrics command computes them, for every station of a count metric.
    for (const q of ['2026Q2', '2026Q3']) {
      const items = perQuarter.get(q)!.filter((v) => v.metric === 'ledger_items' && v.scope === 'station');
      const lt = sec.slice(sec.indexOf('data-metric="ledger_items"'));
      for (const v of items) {
        const rowText = lt.slice(lt.indexOf(`>${v.station_name}<`), lt.indexOf('</tr>', lt.indexOf(`>${v.station_name}<`)));
        expect(rowText, `${q} ${v.station_name}`).toContain(`data-quarter="${q}">${v.value}</td>`);
      }
    }
    expect(page).toContain('<a href="#sec-trend">');
  });

  it('the workbook has a trend sheet: per metric, stations × quarters, equal to metrics --json of each quarter', () => {
    const sheet = wb.getWorksheet('指标趋势')!;
    expect(sheet).toBeDefined();
    const text = (r: number, c: number): string => String(sheet.getCell(r, c).value ?? '');
    for (const metric of ['frontline_share', 'ledger_items', 'median_days_to_close', 'petitions_per_10k']) {
      let title = -1;
      for (let r = 1; r <= sheet.rowCount; r++) if (text(r, 1).includes(` · ${metric}（`)) title = r;
      expect(title, metric).toBeGreaterThan(0);
      const header = title + 1;
      expect([text(header, 1), text(header, 2), text(header, 3), text(header, 4)]).toEqual(['单位编码', '单位', '2026Q2', '2026Q3']);
      const rows = new Map<string, number>();
      for (let r = header + 1; r <= sheet.rowCount && text(r, 2); r++) rows.set(text(r, 2), r);
      for (const [qi, q] of ['2026Q2', '2026Q3'].entries()) {
        const values = perQuarter.get(q)!.filter((v) => v.metric === metric);
        expect(values.length).toBeGreaterThan(7);
        for (const v of values) {
          const label = v.scope === 'county' ? '平安县公安局（全县）' : v.station_name!;
          const r = rows.get(label);
          expect(r, `${metric} ${label}`).toBeDefined();
          const cell = sheet.getCell(r!, 3 + qi).value;
          expect(cell === null ? null : Number(cell), `${metric} ${label} ${q}`).toBe(v.value);
          if (metric === 'frontline_share') expect(text(r!, 5 + qi)).toBe(`${v.numerator}/${v.denominator}`);
        }
      }
    }
  });

  it('--quarters picks the trend of the report; a bad range stops the report with a usage line', () => {
    const dir = tmp('jiceng-trend-report-');
    const r = cli(['report', '-w', ws, '--quarters', '2026Q3..2026Q3', '--format', 'html', '--out', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync((JSON.parse(r.stdout) as { files: Array<{ path: string }> }).files[0].path, 'utf8');
    const sec = html.slice(html.indexOf('<section id="sec-trend">'));
    expect(sec).toContain('2026Q3 至 2026Q3');
    expect(sec.slice(0, sec.indexOf('</section>'))).not.toContain('data-quarter="2026Q2"');
    const bad = cli(['report', '-w', ws, '--quarters', '2026Q3..2026Q2', '--out', dir, '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read the quarter range "2026Q3..2026Q2"');
  });
});

describe('sparkline', () => {
  it('draws a line through known values, breaks it at a missing one, and marks breaches red', async () => {
    const { sparkline } = await import('../src/report/trend.js');
    const svg = sparkline([1, 3, null, 2, 2], [false, true, false, false, false]).value;
    expect(svg.match(/<polyline /g)?.length).toBe(2); // 1→3, then 2→2 (the gap in between)
    expect(svg.match(/<circle /g)?.length).toBe(4);
    expect(svg.match(/fill="#c0392b"/g)?.length).toBe(1);
    expect(svg).not.toMatch(/xmlns|href|<script/);
    expect(sparkline([null, null], [false, false]).value).toBe('');
  });
});

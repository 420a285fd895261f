// Typography per language: the English report (HTML and workbook) carries no full-width punctuation.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { cli, tmp } from './helpers.js';
import { excelChangeFormat, excelChangeValue } from '../src/report/numbers.js';
import { formatReportChange as formatChange, formatNumber, formatValue, typographicMinus } from '../src/format.js';
import { countyLabel, f1, listText, pct, shareWithN, signed, stationLabel, stationLabels } from '../src/format.js';
import { rulesText } from '../src/report/labels.js';

const FULL_WIDTH = /[（）；：，、]/;

describe('the English report', () => {
  it('has no full-width brackets, semicolons or commas, in the HTML or the workbook', async () => {
    const out = tmp();
    expect(cli(['demo', '--out', out]).code).toBe(0);
    const en = join(out, 'en');
    const r = cli(['report', '-w', join(out, 'demo-workspace'), '--out', en, '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(en);
    const html = readFileSync(join(en, files.find((f) => f.endsWith('.html'))!), 'utf8')
      .replace(/<style[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, ' ');
    expect(html.match(new RegExp(`.{0,30}${FULL_WIDTH.source}.{0,30}`))?.[0] ?? '').toBe('');
    const zip = await JSZip.loadAsync(readFileSync(join(en, files.find((f) => f.endsWith('.xlsx'))!)));
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml'))) {
      const xml = (await zip.file(name)!.async('string')).replace(/<[^>]+>/g, ' ');
      expect(xml.match(new RegExp(`.{0,30}${FULL_WIDTH.source}.{0,30}`))?.[0] ?? '', name).toBe('');
    }
    // The Chinese report keeps its full-width punctuation.
    const zhHtml = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.html'))!), 'utf8');
    expect(zhHtml).toMatch(FULL_WIDTH);
  }, 120_000);
});

describe('one minus sign, and ±0 for no change', () => {
  it('in the terminal and the HTML', () => {
    expect(typographicMinus('-2')).toBe('−2');
    expect(typographicMinus('-0.00')).toBe('0.00');
    expect(formatNumber(-2, 'cases')).toBe('−2');
    expect(formatNumber(-0.0004, 'share')).toBe('0.0%');
    expect(formatNumber(-0.001, 'share')).toBe('−0.1%');
    expect(formatValue(-0.004, 'per_10k')).toBe('0.00');
    expect(formatValue(-1.5, 'days')).toBe('−1.5');
    expect(formatChange(-0.0004, 'share')).toBe('±0.0pp');
    expect(formatChange(-2, 'cases')).toBe('−2');
  });

  it('in the workbook: the same signs by number format, a change that rounds to zero stored as 0', () => {
    expect(excelChangeFormat('share')).toBe('+0.0"pp";"−"0.0"pp";"±"0.0"pp"');
    expect(excelChangeValue(-0.0004, 'share')).toBe(0);
    expect(Object.is(excelChangeValue(-0.0004, 'share'), -0)).toBe(false);
    expect(excelChangeValue(-0.123, 'share')).toBe(-12.3);
  });
});

describe('the formatting module (src/format.ts)', () => {
  it('signs: − for a fall, + for a rise, ± for what rounds to zero', () => {
    expect(signed(-1.5)).toBe('−1.50');
    expect(signed(2, 0)).toBe('+2');
    expect(signed(-0.004)).toBe('±0.00');
    expect(signed(0.0004 * 100, 1, 'pp')).toBe('±0.0pp');
    expect(signed(null)).toBe('—');
    expect(f1(-0.04)).toBe('0.0');
    expect(f1(-2.35)).toBe('−2.4');
    expect(pct(-0.0123)).toBe('−1.2%');
    expect(pct(0.5, 0)).toBe('50%');
  });

  it('a share with its n, in the language\'s brackets; too few says so', () => {
    expect(shareWithN({ value: 0.45, numerator: 9, denominator: 20 }, 'share', 'zh')).toBe('45.0%（9/20）');
    expect(shareWithN({ value: 0.45, numerator: 9, denominator: 20 }, 'share', 'en')).toBe('45.0% (9/20)');
    expect(shareWithN({ value: 1, numerator: 1, denominator: 1, small: true }, 'share', 'zh')).toBe('样本过少（1/1）');
    expect(shareWithN({ value: 1, numerator: 1, denominator: 1, small: true }, 'share', 'en')).toBe('too few (1/1)');
  });

  it('one county label and one station label, for the terminal and the reports alike', () => {
    expect(countyLabel('平安县公安局', 'zh')).toBe('平安县公安局（全县）');
    expect(countyLabel('平安县公安局', 'en')).toBe('平安县公安局 (county)');
    expect(countyLabel(null, 'zh')).toBe('全县');
    expect(stationLabel('城关派出所', 'S01', 'zh')).toBe('城关派出所（S01）');
    expect(stationLabel('城关派出所', 'S01', 'en')).toBe('城关派出所 (S01)');
    expect(stationLabel(null, 'S09', 'en')).toBe('S09');
    const labels = stationLabels([{ station_id: 'S01', station_name: '城关派出所' }, { station_id: 'S02', station_name: '城关派出所' }, { station_id: 'S03', station_name: '河口派出所' }], 'zh');
    expect([...labels.values()]).toEqual(['城关派出所（S01）', '城关派出所（S02）', '河口派出所']);
  });

  it('lists and threshold rules in the language\'s punctuation', () => {
    expect(listText(['甲', '乙'], 'zh')).toBe('甲、乙');
    expect(listText(['a', 'b'], 'en')).toBe('a, b');
    const rules = [{ op: 'min' as const, limit: 15, targets: ['urban'] }, { op: 'min' as const, limit: 3, targets: ['rural', 'town'] }];
    expect(rulesText(rules, 'per_10k', 'zh')).toBe('≥ 15（城区）；≥ 3（农村、城镇）');
    expect(rulesText(rules, 'per_10k', 'en')).toBe('≥ 15 (urban); ≥ 3 (rural, town)');
    expect(rulesText([{ op: 'min', limit: 0, targets: [] }, { op: 'max', limit: 0, targets: [] }], 'count', 'en')).toBe('= 0');
  });
});

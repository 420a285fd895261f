// Typography per language: the English report (HTML and workbook) carries no full-width punctuation.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { cli, tmp } from './helpers.js';
import { excelChangeFormat, excelChangeValue, formatChange, formatNumber, typographicMinus } from '../src/report/numbers.js';
import { formatValue } from '../src/metrics/format.js';

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

// The demo county's report in both languages: golden files of the HTML and of every workbook sheet's visible
// text (under test/golden/report/; a mismatch is written beside the golden file as <name>-changed.<ext> for
// diffing: rename it over the golden file to accept it), and the language of each: the zh report holds no
// English sentence outside data, the en report no Chinese interface word.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, tmp } from './helpers.js';
import { htmlText, normalise, workbookText } from './report-text.js';
import { loadDefinitions } from '../src/metrics/definitions.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'report');

/** Compares with the golden file; on a mismatch writes the new text beside it as <name>-changed.<ext>. */
function golden(name: string, text: string): void {
  const dot = name.lastIndexOf('.');
  const file = join(GOLDEN, name);
  const changed = join(GOLDEN, `${name.slice(0, dot)}-changed${name.slice(dot)}`);
  mkdirSync(GOLDEN, { recursive: true });
  const want = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (want === text) rmSync(changed, { force: true });
  else writeFileSync(changed, text);
  expect(text === want, `diff ${file} ${changed}`).toBe(true);
}

// The demo's data: names of units, the county, issuing departments, files and sheets, masked petitioners.
// They are Chinese in either language; everything else an English reader sees must not be.
const DATA_HAN = /[\u4e00-\u9fff][\u4e00-\u9fff\w*·]*(?:派出所|公安局|大队|政法委|监督室|政府|中心|科|所)|[\u4e00-\u9fff\w.-]+\.(?:xlsx|xls|csv|txt)|[\u4e00-\u9fff\w]*(?:台账|花名册|警力统计表|单位基础信息|案件)[\w]*|[\u4e00-\u9fff]\*+/gu;
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;

// In zh: flags (--include-personal-data), file names, checksums, command lines, the tool's name and version, metric codes (the workbook's
// metric-id column: identifiers, not words), the percentage-point symbol and two proper names.
const ZH_DATA = /--[\w-]+|\S+\.(?:xlsx|xls|csv|txt)|\b[0-9a-f]{64}\b|jiceng[^\n│]*|SHA-256|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|pp\b|ICMA|Clopper–Pearson|⟪\w+⟫|⟨[^⟩]*⟩/g;
// Metric ids stand in the workbook's metric-id column and legends as identifiers (frontline_share, meetings).
const METRIC_IDS = new RegExp(`\\b(?:${loadDefinitions().map((d) => d.id).join('|')})\\b`, 'g');
const ENGLISH_WORDS = /\b[A-Za-z]{2,}(?:[\s,;:]+[A-Za-z]{2,})+\b|\b[A-Za-z]{3,}\b/;

interface Report {
  html: string;
  sheets: Array<{ sheet: string; text: string }>;
}

const reports: Partial<Record<'zh' | 'en', Report>> = {};

beforeAll(async () => {
  const out = tmp();
  const r = cli(['demo', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const ws = join(out, 'demo-workspace');
  for (const lang of ['zh', 'en'] as const) {
    const dir = join(out, `report-${lang}`);
    const rr = cli(['report', '-w', ws, '--out', dir, '--lang', lang]);
    expect(rr.code, rr.stderr).toBe(0);
    const files = readdirSync(dir);
    const html = readFileSync(join(dir, files.find((f) => f.endsWith('.html'))!), 'utf8');
    const sheets = await workbookText(join(dir, files.find((f) => f.endsWith('.xlsx'))!));
    reports[lang] = {
      html: normalise(html, [out]),
      sheets: sheets.map((s) => ({ sheet: s.sheet, text: normalise(s.text, [out]) })),
    };
  }
}, 240_000);

describe('the demo report matches its golden files', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`HTML in ${lang}`, () => golden(`demo.${lang}.html`, reports[lang]!.html));
    it(`the workbook's visible text in ${lang}`, () => golden(`demo.${lang}.xlsx.txt`, reports[lang]!.sheets.map((s) => s.text).join('\n\n') + '\n'));
  }
});

describe('the language of the demo report', () => {
  it('zh: no English sentence or word outside data, in the HTML or any sheet', () => {
    const { html, sheets } = reports.zh!;
    for (const [where, text] of [['html', htmlText(html)], ...sheets.map((s) => [s.sheet, s.text])]) {
      for (const line of text.split('\n')) {
        const prose = line.replace(ZH_DATA, ' ').replace(METRIC_IDS, ' ');
        expect(prose.match(ENGLISH_WORDS)?.[0], `${where}: ${line}`).toBeUndefined();
      }
    }
  });

  it('en: no Chinese interface word outside data, in the HTML or any sheet', () => {
    const { html, sheets } = reports.en!;
    for (const [where, text] of [['html', htmlText(html)], ...sheets.map((s) => [s.sheet, s.text])]) {
      for (const line of text.split('\n')) {
        const prose = line.replace(DATA_HAN, ' ');
        expect(prose.match(CHINESE)?.[0], `${where}: ${line}`).toBeUndefined();
      }
    }
  });

  it('en: the HTML says lang="en" and zh says zh-CN; both workbooks name every sheet in their language', () => {
    expect(reports.en!.html).toContain('<html lang="en">');
    expect(reports.zh!.html).toContain('<html lang="zh-CN">');
    for (const s of reports.en!.sheets) expect(s.sheet).not.toMatch(CHINESE);
    for (const s of reports.zh!.sheets) expect(s.sheet).toMatch(CHINESE);
  });

  it('one minus sign and ±0 in both: no ASCII minus before a digit in any visible figure', () => {
    for (const lang of ['zh', 'en'] as const) {
      const text = htmlText(reports[lang]!.html.replace(/<svg[\s\S]*?<\/svg>/g, ''));
      // Dates (2026-07-01), codes with hyphens (2026Q3-62653abf) and ranges are not figures.
      const figures = text.replace(/\d{4}-\d{2}-\d{2}|⟪time⟫|\b\w+-\w+\b/g, ' ');
      expect(figures.match(/(?:^|[\s(（])-\d[\d.,]*%?/m)?.[0], lang).toBeUndefined();
      // Every number format with a negative section shows the typographic minus (−5, not -5); a change
      // format is + for a rise, − for a fall and ± for no change.
      for (const s of reports[lang]!.sheets) {
        for (const fmt of s.text.match(/⟨[^⟩]*;[^⟩]*⟩/g) ?? []) {
          expect(fmt, `${s.sheet}: ${fmt}`).toMatch(/^⟨[^;]*;"−"[^;]*(?:;"±"[^;]*)?⟩$/);
          if (fmt.startsWith('⟨+')) expect(fmt, `${s.sheet}: ${fmt}`).toMatch(/;"±"/);
        }
        // A negative figure formatted without a negative section would show the ASCII minus.
        for (const m of s.text.matchAll(/(^|│ )(-\d[\d.e-]*) ⟨([^⟩]*)⟩/gm)) expect(m[3], `${s.sheet}: ${m[0]}`).toContain(';"−"');
      }
    }
  });
});

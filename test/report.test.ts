// jiceng report / jiceng demo: the workbook read back with exceljs, the HTML searched and opened in headless Chromium.
import { describe, it, expect, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, mkdtempSync, statSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { drawSample } from '../src/sample/draw.js';
import { sanitizeFileName } from '../src/report/filenames.js';
import { maskIdNumber, maskName, maskPhone } from '../src/report/mask.js';
import { escapeHtml, html } from '../src/report/html.js';
import { sanitizeSvg, textWidthEm } from '../src/report/charts.js';
import { breachFormula, putCell } from '../src/report/xlsx.js';
import { commandLine } from '../src/report/model.js';
import { parseFormats } from '../src/report/index.js';
import { makeIdNumber, breakCheckChar } from '../fixtures/idcard.js';
import { ROOT, tmp, cli, writeXlsx, writeText } from './helpers.js';

const TODAY = '2026-11-21';
const CHROMIUM = '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// Helpers

async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in (v as object)) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
  return String(v);
}

/** Every cell of the workbook: sheet, address, value, type. */
function allCells(wb: ExcelJS.Workbook): Array<{ sheet: string; address: string; value: ExcelJS.CellValue; type: ExcelJS.ValueType; cell: ExcelJS.Cell }> {
  const out: Array<{ sheet: string; address: string; value: ExcelJS.CellValue; type: ExcelJS.ValueType; cell: ExcelJS.Cell }> = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => out.push({ sheet: ws.name, address: cell.address, value: cell.value, type: cell.type, cell }));
    });
  }
  return out;
}

/** Row number of the first row whose cell in `col` equals text. */
function findRow(ws: ExcelJS.Worksheet, col: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (cellText(ws.getCell(r, col).value) === text) return r;
  return -1;
}

function headerIndex(ws: ExcelJS.Worksheet, row: number, title: string): number {
  const values = ws.getRow(row).values as ExcelJS.CellValue[];
  return values.findIndex((v) => cellText(v) === title);
}

const sha256 = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Attribute values that point somewhere: src, href, xlink:href, action, url(…), @import. */
function externalRefs(text: string): string[] {
  const refs: string[] = [];
  for (const m of text.matchAll(/\s(?:src|href|xlink:href|action|poster|data|srcset)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) refs.push(m[2] ?? m[3] ?? m[4] ?? '');
  for (const m of text.matchAll(/url\(\s*['"]?([^'")]*)/gi)) refs.push(m[1]);
  for (const m of text.matchAll(/@import\s+['"]?([^'";]*)/gi)) refs.push(m[1]);
  return refs.filter((r) => !r.startsWith('#'));
}

/** Minimal PNG decoder (8-bit RGB/RGBA, non-interlaced, as Chromium writes): returns width, height, pixels. */
function decodePng(buf: Buffer): { width: number; height: number; channels: number; data: Buffer } {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  let bitDepth = 0;
  let interlace = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8];
      colorType = body[9];
      interlace = body[12];
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  expect(bitDepth).toBe(8);
  expect(interlace).toBe(0);
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : colorType === 0 ? 1 : colorType === 4 ? 2 : 0;
  expect(channels).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels] : 0;
      const b = y > 0 ? data[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      data[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

function chromium(args: string[]): { code: number; stdout: string; stderr: string } {
  const profile = mkdtempSync(join(tmpdir(), 'jiceng-chromium-'));
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args,
  ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Chromium is required: CI installs it (.ci/run); skipping needs an explicit JICENG_SKIP_BROWSER. */
function needChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.JICENG_SKIP_BROWSER) return false;
  throw new Error(`${CHROMIUM} not found: install it (apt-get install -y chromium fonts-noto-cjk; .ci/run does) or set JICENG_SKIP_BROWSER=1 to skip the browser tests`);
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

describe('sanitizeFileName', () => {
  it('keeps ordinary Chinese names and the extension', () => {
    expect(sanitizeFileName('jiceng_平安县公安局_2026Q3.xlsx', { keepExtension: true })).toBe('jiceng_平安县公安局_2026Q3.xlsx');
  });
  it('cannot climb out of the folder', () => {
    for (const bad of ['../../etc/passwd', '..', '.', '..\\..\\windows', '/etc/passwd', 'a/../../b']) {
      const s = sanitizeFileName(bad);
      expect(s).not.toMatch(/[\\/]/);
      expect(s).not.toMatch(/^\.|\.$/);
      expect(s.length).toBeGreaterThan(0);
    }
    expect(sanitizeFileName('..')).toBe('unnamed');
  });
  it('prefixes Windows device names, with or without an extension', () => {
    expect(sanitizeFileName('CON')).toBe('_CON');
    expect(sanitizeFileName('nul.html', { keepExtension: true })).toBe('_nul.html');
    expect(sanitizeFileName('com1')).toBe('_com1');
    expect(sanitizeFileName('LPT9.txt')).toBe('_LPT9.txt');
    expect(sanitizeFileName('CONSOLE')).toBe('CONSOLE');
  });
  it('replaces control and forbidden characters and drops invisible format characters', () => {
    const s = sanitizeFileName('a\u0000b\u001fc<d>e:f"g|h?i*j\u202ek\u200bl\tm\nn');
    expect(s).toBe('a_b_c_d_e_f_g_h_i_jkl_m_n');
  });
  it('is cut to the byte limit on a character boundary, keeping the extension', () => {
    const long = '派出所'.repeat(100) + '🚓.xlsx';
    const s = sanitizeFileName(long, { maxBytes: 100, keepExtension: true });
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(100);
    expect(s.endsWith('.xlsx')).toBe(true);
    expect(s).not.toMatch(/\ufffd/);
    expect(sanitizeFileName('🚓'.repeat(50), { maxBytes: 10 })).toBe('🚓🚓');
  });
});

describe('masking', () => {
  it('maskIdNumber keeps the first 6 and last 4 of an 18-digit number', () => {
    expect(maskIdNumber('110105199001011234')).toBe('110105********1234');
    expect(maskIdNumber('11010519900101123X')).toBe('110105********123X');
    expect(maskIdNumber('110105900101123')).toBe('110105******123');
    expect(maskIdNumber('12345')).toBe('*****');
    expect(maskIdNumber(null)).toBeNull();
  });
  it('maskPhone: 3 + **** + 4 for mobiles, area code and last 4 for landlines', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138****5678');
    expect(maskPhone('0551-62345678')).toBe('0551-****5678');
    expect(maskPhone('010-1234567')).toBe('010-***4567');
    expect(maskPhone('(0551)62345678')).toBe('0551-****5678');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('95110')).toBe('*****');
  });
  it('maskName keeps the surname: 王* / 欧阳** style', () => {
    expect(maskName('王五')).toBe('王*');
    expect(maskName('王小明')).toBe('王**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳修')).toBe('欧阳*');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('刘䶮')).toBe('刘*');
    expect(maskName('买买提·艾力')).toBe('买****');
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName('王')).toBe('*');
  });
});

describe('html escaping', () => {
  it('escapes every interpolated value and keeps nested templates', () => {
    const name = `<script>alert("x")</script>'&`;
    const out = html`<td title="${name}">${name}${html`<b>${name}</b>`}</td>`.value;
    expect(out).not.toContain('<script');
    expect(out).toBe(
      '<td title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</b></td>',
    );
    expect(escapeHtml('a\u0000b🚓')).toBe('ab🚓');
  });
  it('sanitizeSvg strips links and refuses script', () => {
    expect(sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x"><rect id="c1" clip-path="url(#c1)"/></a></svg>', 'k'))
      .toBe('<svg class="chart" role="img"><rect id="k-c1" clip-path="url(#k-c1)"/></svg>');
    expect(() => sanitizeSvg('<svg><script>alert(1)</script></svg>', 'k')).toThrow(/unsafe/);
    expect(() => sanitizeSvg('<svg><rect style="fill:url(https://x)"/></svg>', 'k')).toThrow(/unsafe/);
  });
  it('estimates CJK text wider than vega\'s 0.8 em per character', () => {
    expect(textWidthEm('城关派出所')).toBe(5);
    expect(textWidthEm('abc')).toBeLessThan(2.4);
  });
});

describe('workbook helpers', () => {
  it('putCell writes formula-looking text as plain text', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    for (const [i, s] of ['=HYPERLINK("http://x","y")', '+1', '-1+2', '@SUM(A1)', '\t=1+1'].entries()) {
      putCell(ws.getCell(1, i + 1), s);
      expect(ws.getCell(1, i + 1).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(1, i + 1).value).toBe(s);
    }
  });
  it('breachFormula guards empty and text cells', () => {
    expect(breachFormula('D2', [{ op: 'min', limit: 0.6, targets: [], text: 'min 60%' }])).toBe('AND(ISNUMBER(D2),D2<0.6)');
    expect(breachFormula('D2', [{ op: 'min', limit: 0, targets: [], text: 'min 0' }, { op: 'max', limit: 0, targets: [], text: 'max 0' }]))
      .toBe('AND(ISNUMBER(D2),OR(D2<0,D2>0))');
    expect(breachFormula('D2', [])).toBeNull();
  });
  it('commandLine quotes what a shell would split', () => {
    expect(commandLine(['node', '/x/jiceng.js', 'report', '--quarter', '2026Q3', '--out', 'my reports', "it's"]))
      .toBe(`jiceng report --quarter 2026Q3 --out 'my reports' 'it'\\''s'`);
  });
  it('parseFormats accepts xlsx,html and names the valid ones otherwise', () => {
    expect(parseFormats('html')).toEqual(['html']);
    expect(parseFormats('xlsx, html,xlsx')).toEqual(['xlsx', 'html']);
    expect(() => parseFormats('pdf')).toThrow(/unknown report format "pdf"/);
  });
});

// ---------------------------------------------------------------------------------------------
// The demo: `jiceng demo --out DIR` writes both reports.

describe('jiceng demo: both reports of the demo county', () => {
  let out: string;
  let xlsx: string;
  let htmlPath: string;
  let wb: ExcelJS.Workbook;
  let page: string;
  let personal: { ids: string[]; phones: string[]; names: string[] };

  beforeAll(async () => {
    out = tmp('jiceng-report-demo-');
    const r = cli(['demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const paths = r.stdout.split('\n').filter((l) => /\.(xlsx|html)$/.test(l));
    // The demo prints the auditor workbook of its seeded sample first, then the two reports.
    expect(paths.map((p) => basename(p))).toEqual(['倒查样本_2026Q3_2026Q3-62653abf.xlsx', 'jiceng_平安县公安局_2026Q3.xlsx', 'jiceng_平安县公安局_2026Q3.html']);
    paths.shift();
    [xlsx, htmlPath] = paths;
    expect(dirname(xlsx)).toBe(out);
    wb = await readWorkbook(xlsx);
    page = readFileSync(htmlPath, 'utf8');
    const ws = await openWorkspace(join(out, 'demo-workspace'), { readOnly: true });
    try {
      const rows = await ws.db.all<{ id_number: string | null; phone: string | null; petitioner: string | null }>(`SELECT id_number, phone, petitioner FROM petitions`);
      personal = {
        ids: rows.map((x) => x.id_number).filter((x): x is string => !!x),
        phones: rows.map((x) => x.phone).filter((x): x is string => !!x),
        names: rows.map((x) => x.petitioner).filter((x): x is string => !!x),
      };
    } finally {
      ws.close();
    }
    expect(personal.ids.length).toBeGreaterThan(50);
    expect(personal.phones.length).toBeGreaterThan(50);
  });

  it('names the sheets in Chinese, one per metric group, then plan, change, data quality and provenance', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '封面汇总', '警力配置', '工作负荷', '报表台账负担', '信访', '案件倒查', '统计真实性', '警力与工作量', '季度变化', '指标趋势', '数据质量', '数据来源',
    ]);
  });

  it('group sheets: frozen header and name columns, number formats, the county row, breaches as conditional formats', () => {
    const ws = wb.getWorksheet('警力配置')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    const frontline = headerIndex(ws, 1, '一线占比');
    const sworn = headerIndex(ws, 1, '万人民警（派出所）');
    expect(frontline).toBeGreaterThan(0);
    expect(headerIndex(ws, 1, '一线占比 变化（百分点）')).toBe(frontline + 1);
    const row = findRow(ws, 2, '城关派出所');
    // A share carries its numerator and denominator in its number format (the value stays a number).
    expect(ws.getCell(row, frontline).numFmt).toBe('0.0%"（8/14）"');
    expect(ws.getCell(row, frontline).value).toBeCloseTo(8 / 14, 6);
    expect(ws.getCell(row, sworn).numFmt).toBe('0.0;"−"0.0');
    expect(ws.getCell(row, frontline + 1).numFmt).toBe('+0.0"pp";"−"0.0"pp";"±"0.0"pp"');
    const county = findRow(ws, 2, '平安县公安局（全县）');
    expect(county).toBe(9);
    expect(ws.getCell(county, 2).font?.bold).toBe(true);
    // 46/101: 刑侦大队's 法医 and 技术员 count as frontline since the default post keywords classify them.
    expect(ws.getCell(county, frontline).value).toBeCloseTo(46 / 101, 6);
    const letter = ws.getColumn(frontline).letter;
    const cf = ws.conditionalFormattings.filter((c) => c.ref.startsWith(letter));
    expect(cf.length).toBeGreaterThan(0);
    expect(cf[0].ref).toBe(`${letter}2:${letter}9`);
    expect(cf[0].rules[0]).toMatchObject({ type: 'expression', formulae: [`AND(ISNUMBER(${letter}2),${letter}2<0.6)`] });
    // Area-specific thresholds: urban stations 15, rural 3 per 10k.
    const swornLetter = ws.getColumn(sworn).letter;
    const formulas = ws.conditionalFormattings.filter((c) => c.ref.startsWith(swornLetter)).flatMap((c) => c.rules.map((r) => (r as { formulae: string[] }).formulae[0]));
    expect(formulas.some((f) => f.endsWith('<15)'))).toBe(true);
    expect(formulas.some((f) => f.endsWith('<3)'))).toBe(true);
  });

  it('the summary sheet has the county figures, the scorecard with ranks and the breaches', () => {
    const ws = wb.getWorksheet('封面汇总')!;
    expect(cellText(ws.getCell(1, 1).value)).toBe('平安县公安局2026Q3基层警务季度评估报告');
    expect(findRow(ws, 1, '派出所综合评分与排名')).toBeGreaterThan(0);
    const scoreHeader = findRow(ws, 1, '派出所综合评分与排名') + 1;
    expect(cellText(ws.getCell(scoreHeader, 1).value)).toBe('名次');
    expect(ws.getCell(scoreHeader + 1, 1).value).toBe(1);
    expect(cellText(ws.getCell(scoreHeader + 1, 3).value)).toBe('城关派出所');
    const breaches = findRow(ws, 1, '未达阈值事项');
    expect(breaches).toBeGreaterThan(scoreHeader);
    const labels: string[] = [];
    for (let r = breaches + 2; r <= ws.rowCount; r++) labels.push(`${cellText(ws.getCell(r, 1).value)}|${cellText(ws.getCell(r, 2).value)}`);
    expect(labels).toContain('河口派出所|上报受理数与案件台账差额（数字不实）');
    expect(labels).toContain('平安县公安局（全县）|一线民警占比');
  });

  it('the provenance sheet lists every loaded file with its SHA-256, counts, time, version and the command', () => {
    const ws = wb.getWorksheet('数据来源')!;
    expect(cellText(ws.getCell(2, 2).value)).toBe(`jiceng demo --out ${out}`);
    const header = findRow(ws, 1, '#');
    const fileCol = headerIndex(ws, header, '文件');
    const shaCol = headerIndex(ws, header, 'SHA-256');
    const loadedCol = headerIndex(ws, header, '接收');
    const versionCol = headerIndex(ws, header, '工具版本');
    const seen = new Map<string, string>();
    for (let r = header + 1; r <= ws.rowCount; r++) {
      const f = cellText(ws.getCell(r, fileCol).value);
      if (f) seen.set(f, cellText(ws.getCell(r, shaCol).value));
      expect(typeof ws.getCell(r, loadedCol).value).toBe('number');
      expect(cellText(ws.getCell(r, versionCol).value)).toMatch(/^\d+\.\d+\.\d+/);
    }
    const demoDir = join(ROOT, 'fixtures', 'demo');
    const files = readdirSync(demoDir).filter((f) => !f.endsWith('.json') && !f.endsWith('.md'));
    expect([...seen.keys()].sort()).toEqual(files.sort());
    for (const f of files) expect(seen.get(f), f).toBe(sha256(join(demoDir, f)));
  });

  it('the data-quality sheet shows flagged petitions with masked ID numbers and phones, and no raw personal data anywhere', () => {
    const ws = wb.getWorksheet('数据质量')!;
    const header = findRow(ws, 1, '数据类别');
    const idCol = headerIndex(ws, header, '身份证号');
    const phoneCol = headerIndex(ws, header, '联系电话');
    const nameCol = headerIndex(ws, header, '姓名');
    const ids: string[] = [];
    const phones: string[] = [];
    for (let r = header + 1; r <= ws.rowCount; r++) {
      const id = cellText(ws.getCell(r, idCol).value);
      const phone = cellText(ws.getCell(r, phoneCol).value);
      if (id) ids.push(id);
      if (phone) phones.push(phone);
      const name = cellText(ws.getCell(r, nameCol).value);
      if (name) expect(name).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
    }
    expect(ids.length).toBe(2);
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(phones.length).toBeGreaterThan(0);
    for (const p of phones) expect(p).toMatch(/^\d{3}\*{4}\d{4}$/);
    const text = allCells(wb).map((c) => cellText(c.value)).join('\n');
    for (const id of personal.ids) expect(text).not.toContain(id);
    for (const p of personal.phones) expect(text).not.toContain(p);
  });

  it('the HTML holds no ID number, phone number or petitioner name', () => {
    for (const id of personal.ids) expect(page).not.toContain(id);
    for (const p of personal.phones) expect(page).not.toContain(p);
    for (const n of personal.names) expect(page, n).not.toContain(n);
    // Masked forms are personal data too: none of them either.
    for (const id of personal.ids) expect(page).not.toContain(maskIdNumber(id)!);
  });

  it('the HTML is one offline file: no script, no external reference, charts as inline SVG, a CJK font stack, A4 print rules', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<img\b|<iframe\b|<object\b|<embed\b/i);
    expect(externalRefs(page)).toEqual(externalRefs(page).filter((r) => !/^(?:https?:)?\/\//i.test(r) && !/^[a-z][\w+.-]*:/i.test(r)));
    expect(externalRefs(page).filter((r) => /\/\//.test(r))).toEqual([]);
    expect(page).not.toMatch(/\bxmlns(?::\w+)?=/);
    expect(page).toContain(`default-src 'none'`);
    expect(page).toContain('"Noto Sans CJK SC"');
    expect(page).toMatch(/@page\s*{\s*size:\s*A4/);
    expect(page).toMatch(/break-before:\s*page/);
    const svgs = page.match(/<svg\b/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(8);
    for (const id of ['frontline', 'sworn', 'burden_kind', 'burden_issuer', 'causes', 'clearance', 'changes', 'plan']) {
      expect(page, id).toContain(`id="fig-${id}"`);
    }
    // Every chart has its numbers in a table: the frontline chart's table lists every station's share.
    const fig = page.slice(page.indexOf('id="fig-frontline"'), page.indexOf('id="fig-sworn"'));
    expect(fig).toContain('<table class="chartdata">');
    expect(fig).toContain('57.1%');
  });

  it('--lang en names the sheets and headers in English; --json prints the paths; --format html writes only the HTML', async () => {
    const dir = tmp('jiceng-report-en-');
    const r = cli(['--lang', 'en', 'report', '-w', join(out, 'demo-workspace'), '--compare', '2026Q2', '--out', dir, '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const j = JSON.parse(r.stdout) as { quarter: string; compare: string; files: Array<{ format: string; path: string }> };
    expect(j.quarter).toBe('2026Q3');
    expect(j.compare).toBe('2026Q2');
    expect(j.files.map((f) => basename(f.path))).toEqual(['jiceng_平安县公安局_2026Q3_en.xlsx', 'jiceng_平安县公安局_2026Q3_en.html']);
    const en = await readWorkbook(j.files[0].path);
    expect(en.worksheets.map((w) => w.name)).toEqual([
      'Summary', 'Staffing', 'Workload', 'Report burden', 'Petitions', 'Backtracking', 'Statistics integrity', 'Staffing vs workload', 'Quarter change', 'Trends', 'Data quality', 'Provenance',
    ]);
    expect(en.getWorksheet('Staffing')!.getCell(1, 2).value).toBe('Unit');
    expect(headerIndex(en.getWorksheet('Staffing')!, 1, 'frontline')).toBeGreaterThan(0);
    expect(cellText(en.getWorksheet('Provenance')!.getCell(2, 2).value)).toBe(`jiceng --lang en report -w ${join(out, 'demo-workspace')} --compare 2026Q2 --out ${dir} --json`);
    expect(readFileSync(j.files[1].path, 'utf8')).toContain('<html lang="en">');

    const only = tmp('jiceng-report-html-');
    const h = cli(['report', '-w', join(out, 'demo-workspace'), '--out', only, '--format', 'html']);
    expect(h.code, h.stderr).toBe(0);
    expect(readdirSync(only)).toEqual(['jiceng_平安县公安局_2026Q3.html']);
    const bad = cli(['report', '-w', join(out, 'demo-workspace'), '--out', only, '--format', 'pdf', '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('formats are: xlsx, html');
  });

  it('screenshot in headless Chromium: the page renders, is not blank, and shows the report', () => {
    if (!needChromium()) return;
    const png = join(tmp('jiceng-shot-'), 'report.png');
    const r = chromium([`--screenshot=${png}`, '--window-size=1240,1754', `file://${htmlPath}`]);
    expect(existsSync(png), r.stderr).toBe(true);
    const img = decodePng(readFileSync(png));
    expect(img.width).toBe(1240);
    expect(img.height).toBe(1754);
    // What is checked: the share of pixels that are not white (text, table rules, shading) and the
    // number of distinct colours (text anti-aliasing, the breach shading, the heading rule). A blank
    // or error page has almost no non-white pixels and a handful of colours.
    let nonWhite = 0;
    const colours = new Set<number>();
    for (let i = 0; i < img.data.length; i += img.channels) {
      const [r0, g0, b0] = [img.data[i], img.data[i + 1], img.data[i + 2]];
      if (r0 < 235 || g0 < 235 || b0 < 235) nonWhite++;
      colours.add((r0 << 16) | (g0 << 8) | b0);
    }
    const share = nonWhite / (img.width * img.height);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.6);
    expect(colours.size).toBeGreaterThan(50);
    // The breach shading (#fbe3de) of the county figures table is on the first page.
    let pink = 0;
    for (let i = 0; i < img.data.length; i += img.channels) if (img.data[i] === 0xfb && img.data[i + 1] === 0xe3 && img.data[i + 2] === 0xde) pink++;
    expect(pink).toBeGreaterThan(100);
  });

  it('prints to A4 pages in headless Chromium, one section per page at least', () => {
    if (!needChromium()) return;
    const pdf = join(tmp('jiceng-pdf-'), 'report.pdf');
    const r = chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${htmlPath}`]);
    expect(existsSync(pdf), r.stderr).toBe(true);
    const text = readFileSync(pdf, 'latin1');
    const pages = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(11);
    expect(text).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+594\.9\d*\s+841\.9\d*\s*\]/);
  });
});

// ---------------------------------------------------------------------------------------------
// A hostile county: names that are markup, formulas, quotes and emoji; personal data in petitions.

const HOSTILE = {
  script: `<script>document.body.setAttribute('data-pwned','script')</script>`,
  formula: '=HYPERLINK("http://x","y")',
  quotes: `"引号'所" & <b>粗</b> 🚓`,
  img: `<img src=x onerror="document.body.setAttribute('data-pwned','img')">`,
  at: '@SUM(1+1)*cmd',
  plus: '+1-1',
  county: '../../<i>平安</i>县 CON',
  issuer: '<svg onload="document.body.setAttribute(\'data-pwned\',\'svg\')">',
  item: '-2+3',
};

interface Hostile {
  dir: string;
  petitions: Array<{ id: string; phone: string; name: string }>;
}

async function hostileWorkspace(): Promise<Hostile> {
  const dir = tmp('jiceng-report-hostile-');
  const files = tmp('jiceng-report-hostile-files-');
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  const stations: Array<[string, string, string, number, number]> = [
    ['S01', HOSTILE.script, '城区', 52000, 30],
    ['S02', HOSTILE.formula, '农村', 30000, 12],
    ['S03', HOSTILE.quotes, '城镇', 20000, 10],
    ['S04', HOSTILE.img, '农村', 15000, 8],
    ['S05', HOSTILE.at, '城区', 25000, 9],
    ['S06', HOSTILE.plus, '城镇', 18000, 7],
  ];
  try {
    const load = async (p: string): Promise<void> => {
      const rs = await loadFile(ws, p, { today: TODAY });
      for (const r of rs) expect(r.status, `${p}: ${r.error ?? ''}`).toBe('loaded');
    };
    await load(await writeXlsx(join(files, '单位基础信息.xlsx'), [{
      name: '单位',
      rows: [
        ['单位编码', '单位名称', '所属县局', '单位类别', '辖区类型', '常住人口', '编制数'],
        ...stations.map(([id, name, area, pop, auth]) => [id, name, HOSTILE.county, '派出所', area, pop, auth]),
        ['H01', '指挥中心', HOSTILE.county, '机关', null, null, 20],
      ],
    }]));
    const staff: (string | number | null)[][] = [['警号', '姓名', '所在单位', '岗位', '人员类别', '执法资格', '统计日期']];
    let n = 0;
    const posts = ['所长', '社区民警', '办案民警', '巡逻', '内勤', '驾驶员'];
    for (const [id] of stations) {
      for (const post of posts) staff.push([`0${1000 + ++n}`, ['王小明', '欧阳娜娜', '李四', '张伟', '赵敏', '钱多多'][n % 6], id, post, '民警', '是', '2026-09-30']);
    }
    for (let i = 0; i < 5; i++) staff.push([`0${2000 + i}`, '孙悟空', 'H01', '内勤', '民警', '是', '2026-09-30']);
    await load(await writeXlsx(join(files, '警力花名册.xlsx'), [{ name: '花名册', rows: staff }]));

    const cases: (string | number | null)[][] = [['案件编号', '办案单位', '案件类别', '案由', '是否重大', '受理时间', '破案时间', '结案时间', '案件来源']];
    let c = 0;
    for (const [si, [id]] of stations.entries()) {
      for (let i = 0; i < 8 + si; i++) {
        c++;
        const day = String(1 + (i % 28)).padStart(2, '0');
        cases.push([`A${1000 + c}`, id, i % 3 ? '刑事' : '治安', '盗窃', '是', `2026-08-${day} 10:00`, i % 2 ? `2026-08-${day} 18:00` : null, i % 4 ? null : '2026-09-20', i % 5 ? '群众报警' : '工作发现']);
      }
      for (let i = 0; i < 5; i++) {
        c++;
        cases.push([`A${1000 + c}`, id, '刑事', '诈骗', '否', `2026-05-1${i} 09:00`, '2026-05-20', '2026-05-30', '群众报警']);
      }
    }
    await load(writeText(join(files, '案件台账.csv'), cases, 'utf-8'));

    const ledger: (string | number | null)[][] = [['单位', '日期', '事项', '类型', '下发部门', '截止日期', '报送日期', '耗时(小时)', '统计指标', '数值']];
    for (const [id] of stations) {
      ledger.push([id, '2026-07-05', HOSTILE.item, '报表', HOSTILE.issuer, '2026-07-10', '2026-07-12', 3, null, null]);
      ledger.push([id, '2026-07-06', '矛盾纠纷排查表', '台账', '治安大队', '2026-07-10', '2026-07-09', 2, null, null]);
      ledger.push([id, '2026-08-06', '全县大会', '会议', '县委政法委', null, null, 4, null, null]);
      ledger.push([id, '2026-09-28', '刑事案件受理数', '报表', '指挥中心', null, null, 1, '刑事案件受理数', 99]);
      ledger.push([id, '2026-05-06', '全县大会', '会议', '县委政法委', null, null, 4, null, null]);
    }
    await load(await writeXlsx(join(files, '报表台账.xlsx'), [{ name: '台账', rows: ledger }]));

    const petitions: Array<{ id: string; phone: string; name: string }> = [];
    const prow: (string | number | null)[][] = [['信访编号', '登记日期', '责任单位', '信访人', '身份证号', '联系电话', '成因类别', '满意度', '办结日期']];
    const names = ['周杰伦', '欧阳锋', '司马懿', '黄蓉', '郭靖', '令狐冲', '任盈盈', '段誉'];
    let p = 0;
    for (const [si, [id]] of stations.entries()) {
      for (let i = 0; i < 3; i++) {
        p++;
        let idn = makeIdNumber('110105', Date.UTC(1970 + p, p % 12, 1 + (p % 27)), p);
        if (p === 2) idn = breakCheckChar(idn);
        const phone = p === 3 ? '0551-62345678' : `13${String(p % 10)}${String(10000000 + p * 7919).slice(-8)}`;
        const name = names[p % names.length] + (p > names.length ? String.fromCodePoint(0x4e00 + p) : '');
        petitions.push({ id: idn, phone, name });
        prow.push([`XF${2026080000 + p}`, `2026-08-${String(10 + i).padStart(2, '0')}`, id, name, idn, phone, ['政策', '工作作风', '诉求不合理'][(si + i) % 3], ['满意', '基本满意', '不满意'][i % 3], i % 2 ? '2026-09-01' : null]);
      }
    }
    await load(writeText(join(files, '信访台账.csv'), prow, 'gb18030'));

    // A backtracking sample of 2026Q3 and its findings: every other sampled case a defect.
    const draw = await drawSample(ws, { quarter: '2026Q3', rate: 0.5, seed: 'report-test', lang: 'zh', now: new Date(Date.UTC(2026, 9, 10)) });
    const findings: (string | number | null)[][] = [['案件编号', '倒查结果', '问题类型']];
    draw.cases.forEach((k, i) => findings.push([k.case_id, i % 2 ? '不合格' : '合格', i % 2 ? '超期办案' : null]));
    await load(await writeXlsx(join(files, '倒查结果.xlsx'), [{ name: '倒查结果', rows: findings }]));
    return { dir, petitions };
  } finally {
    ws.close();
  }
}

describe('jiceng report on a hostile county: markup, formulas, quotes and emoji stay inert', () => {
  let h: Hostile;
  let out: string;
  let xlsx: string;
  let htmlPath: string;
  let page: string;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    h = await hostileWorkspace();
    out = tmp('jiceng-report-hostile-out-');
    const r = cli(['report', '-w', h.dir, '--compare', '--out', out, '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const j = JSON.parse(r.stdout) as { files: Array<{ format: string; path: string }> };
    xlsx = j.files.find((f) => f.format === 'xlsx')!.path;
    htmlPath = j.files.find((f) => f.format === 'html')!.path;
    page = readFileSync(htmlPath, 'utf8');
    wb = await readWorkbook(xlsx);
  });

  it('writes both files inside --out under a sanitised name built from the county', () => {
    expect(readdirSync(out).sort()).toEqual([basename(htmlPath), basename(xlsx)].sort());
    for (const p of [xlsx, htmlPath]) {
      expect(dirname(p)).toBe(out);
      expect(basename(p)).not.toMatch(/[\\/<>:"|?*]|^\./);
      expect(statSync(p).size).toBeGreaterThan(1000);
    }
    expect(basename(xlsx)).toBe('jiceng_.._..__i_平安__i_县 CON_2026Q3.xlsx');
  });

  it('the HTML has no markup from the data: every value escaped', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img\b/i);
    expect(page).not.toMatch(/<i>平安/);
    expect(page).not.toMatch(/<b>粗/);
    expect(page).not.toMatch(/<[a-z][^>]*\son(?:error|load)\s*=/i);
    expect(page).toContain('&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;,&#39;script&#39;)&lt;/script&gt;');
    expect(page).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
    expect(page).toContain('&quot;引号&#39;所&quot; &amp; &lt;b&gt;粗&lt;/b&gt; 🚓');
    expect(externalRefs(page).filter((r) => /\/\/|^[a-z][\w+.-]*:/i.test(r))).toEqual([]);
    // Inside the charts' SVG the names are escaped by vega as text content.
    const svg = page.slice(page.indexOf('<svg'), page.lastIndexOf('</svg>'));
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toMatch(/<script|<img|<a\b|href=/i);
  });

  it('no ID number, phone number or name of a petitioner appears in the HTML', () => {
    expect(h.petitions.length).toBe(18);
    for (const p of h.petitions) {
      expect(page).not.toContain(p.id);
      expect(page).not.toContain(p.phone);
      expect(page).not.toContain(p.phone.replace(/\D/g, ''));
      expect(page, p.name).not.toContain(p.name);
    }
  });

  it('the workbook keeps every hostile value as a text cell, never a formula', () => {
    const cells = allCells(wb);
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || (c.cell as { formula?: string }).formula)).toEqual([]);
    for (const v of [HOSTILE.script, HOSTILE.formula, HOSTILE.quotes, HOSTILE.img, HOSTILE.at, HOSTILE.plus]) {
      const hits = cells.filter((c) => c.value === v);
      expect(hits.length, v).toBeGreaterThan(3);
      for (const c of hits) expect(c.type, `${c.sheet}!${c.address}`).toBe(ExcelJS.ValueType.String);
    }
    const issuer = cells.filter((c) => c.value === HOSTILE.county);
    expect(issuer.length).toBe(0); // the county appears only inside the labels…
    expect(cells.some((c) => c.value === `${HOSTILE.county}（全县）`)).toBe(true); // …such as the county row
    // The raw XML holds the formula-looking names as shared strings, and no <f> element at all.
    const unzip = spawnSync('unzip', ['-p', xlsx, 'xl/worksheets/*.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (unzip.status === 0) expect(unzip.stdout).not.toMatch(/<f>|<f\s/);
  });

  it('the data-quality sheet masks petitioners unless --include-personal-data; the HTML never holds them', async () => {
    const ws = wb.getWorksheet('数据质量')!;
    const text = allCells(wb).map((c) => cellText(c.value)).join('\n');
    const bad = h.petitions[1];
    expect(text).toContain(maskIdNumber(bad.id)!);
    expect(text).toContain(maskPhone(bad.phone)!);
    expect(text).toContain(maskName(bad.name)!);
    for (const p of h.petitions) {
      expect(text).not.toContain(p.id);
      expect(text).not.toContain(p.phone);
    }
    expect(findRow(ws, 1, '个人信息已脱敏（身份证号保留前 6 位和后 4 位，电话保留前 3 位和后 4 位，姓名只保留姓）；需要原文时用 --include-personal-data 重新生成。')).toBe(2);

    const dir = tmp('jiceng-report-personal-');
    const r = cli(['report', '-w', h.dir, '--out', dir, '--include-personal-data', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const j = JSON.parse(r.stdout) as { files: Array<{ format: string; path: string }> };
    const full = await readWorkbook(j.files.find((f) => f.format === 'xlsx')!.path);
    const fullText = allCells(full).map((c) => cellText(c.value)).join('\n');
    expect(fullText).toContain(bad.id);
    expect(fullText).toContain(bad.phone);
    expect(fullText).toContain(bad.name);
    const fullPage = readFileSync(j.files.find((f) => f.format === 'html')!.path, 'utf8');
    for (const p of h.petitions) {
      expect(fullPage).not.toContain(p.id);
      expect(fullPage).not.toContain(p.phone);
      expect(fullPage).not.toContain(p.name);
      expect(fullPage).not.toContain(maskIdNumber(p.id)!);
    }
  });

  it('backtracking: coverage and defect rate with its Clopper–Pearson interval, and the findings evaluation', () => {
    const ws = wb.getWorksheet('案件倒查')!;
    const lower = headerIndex(ws, 1, '问题率 95% 区间下限');
    const upper = headerIndex(ws, 1, '问题率 95% 区间上限');
    expect(lower).toBeGreaterThan(0);
    expect(upper).toBe(lower + 1);
    const county = findRow(ws, 2, `${HOSTILE.county}（全县）`);
    const rate = ws.getCell(county, headerIndex(ws, 1, '问题率')).value as number;
    const lo = ws.getCell(county, lower).value as number;
    const hi = ws.getCell(county, upper).value as number;
    expect(rate).toBeGreaterThan(0.3);
    expect(lo).toBeLessThan(rate);
    expect(hi).toBeGreaterThan(rate);
    expect(ws.getCell(county, headerIndex(ws, 1, '倒查覆盖率')).value).toBeGreaterThanOrEqual(0.5);
    expect(page).toContain('样本复核结果（Clopper–Pearson 精确区间）');
    // Its county row counts every sampled unit; the defect-rate metric's pools stations: the page says so.
    expect(page).toContain('本表“全县”一行计入全部抽样单位（含机关和专业警种）');
    expect(page).toContain('id="fig-coverage"');
  });

  it('staffing against workload: required versus actual per station in both files', () => {
    const ws = wb.getWorksheet('警力与工作量')!;
    expect(cellText(ws.getCell(1, 9).value)).toBe('应配一线民警');
    expect(cellText(ws.getCell(1, 11).value)).toBe('实有一线民警');
    const row = findRow(ws, 1, 'S01');
    expect(ws.getCell(row, 11).value).toBe(3);
    expect(ws.getCell(row, 9).value as number).toBeGreaterThan(0);
    expect(page).toContain('id="fig-plan"');
  });

  it('opened in headless Chromium, nothing from the data runs', () => {
    if (!needChromium()) return;
    const r = chromium(['--dump-dom', `file://${htmlPath}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('</body>');
    // The payloads would set a data-pwned attribute on <body>; as escaped text they only show up as text.
    expect(r.stdout).toContain('setAttribute(\'data-pwned\'');
    expect(r.stdout).not.toMatch(/<[a-z][^>]*\sdata-pwned=/i);
    expect(r.stdout).not.toMatch(/<(?:script|img)\b/i);
    expect(r.stdout).toContain('🚓');
  });
});

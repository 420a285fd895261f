// Readers: any supported file → sheets of raw rows. Fixtures are made at test time.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync, readdirSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { openTableFile } from '../src/ingest/readers/index.js';
import { findExecutable } from '../src/ingest/readers/xls.js';
import { detectDelimiter } from '../src/ingest/readers/text.js';
import type { Cell, RawRow, TableFile } from '../src/ingest/source.js';
import { UserError } from '../src/errors.js';
import { failure, readSheets, type ReadSheet } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-readers-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function readAll(path: string, options = {}): Promise<{ table: TableFile; sheets: ReadSheet[] }> {
  const table = await openTableFile(path, options);
  return { table, sheets: await readSheets(table) };
}

const cellsOf = (s: ReadSheet) => s.rows.map((r) => r.cells);

// ---------------------------------------------------------------------------------------------
describe('delimited text: encodings', () => {
  const rows = [
    ['单位', '姓名', '人数'],
    ['城关派出所', '张三', '12'],
    ['西关派出所', '李四', '7'],
  ];
  const csv = rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

  it('reads UTF-8 without BOM', async () => {
    const { table, sheets } = await readAll(file('utf8.csv', csv));
    expect(table.format).toBe('csv');
    expect(table.encoding).toBe('utf-8');
    expect(table.delimiter).toBe(',');
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.name).toBe('utf8');
    expect(cellsOf(sheets[0]!)).toEqual(rows);
    expect(sheets[0]!.rows.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('reads UTF-8 with BOM and drops the BOM', async () => {
    const { table, sheets } = await readAll(file('utf8bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])));
    expect(table.encoding).toBe('utf-8-bom');
    expect(sheets[0]!.rows[0]!.cells[0]).toBe('单位');
  });

  it('reads GB18030/GBK', async () => {
    const { table, sheets } = await readAll(file('gbk.csv', iconv.encode(csv, 'gbk')));
    expect(table.encoding).toBe('gb18030');
    expect(cellsOf(sheets[0]!)).toEqual(rows);
  });

  it('reads GB18030 four-byte characters', async () => {
    const text = '姓名,备注\r\n𠀀先生,€ 𝄞\r\n';
    const { table, sheets } = await readAll(file('gb4.csv', iconv.encode(text, 'gb18030')));
    expect(table.encoding).toBe('gb18030');
    expect(sheets[0]!.rows[1]!.cells).toEqual(['𠀀先生', '€ 𝄞']);
  });

  it('reads UTF-16LE "Unicode text" with BOM (tab-separated)', async () => {
    const tsv = rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    const { table, sheets } = await readAll(file('unicode.txt', buf));
    expect(table.encoding).toBe('utf-16le');
    expect(table.delimiter).toBe('\t');
    expect(cellsOf(sheets[0]!)).toEqual(rows);
  });

  it('reads UTF-16LE without BOM, including U+4E00 (a NUL low byte)', async () => {
    const data = [['一线民警', '单位'], ['一', '城关'], ['12', '一中队']];
    const tsv = data.map((r) => r.join('\t')).join('\n') + '\n';
    const { table, sheets } = await readAll(file('nobom16.txt', Buffer.from(tsv, 'utf16le')));
    expect(table.encoding).toBe('utf-16le');
    expect(table.delimiter).toBe('\t');
    expect(cellsOf(sheets[0]!)).toEqual(data);
  });

  it('reads UTF-16BE with BOM', async () => {
    const tsv = rows.map((r) => r.join('\t')).join('\n');
    const le = Buffer.from(tsv, 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) {
      be[i] = le[i + 1]!;
      be[i + 1] = le[i]!;
    }
    const { table, sheets } = await readAll(file('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    expect(table.encoding).toBe('utf-16be');
    expect(cellsOf(sheets[0]!)).toEqual(rows);
  });

  it('honours --encoding (case-insensitive aliases)', async () => {
    const p = file('override.csv', iconv.encode(csv, 'gbk'));
    const { table, sheets } = await readAll(p, { encoding: 'GBK' });
    expect(table.encoding).toBe('gb18030');
    expect(cellsOf(sheets[0]!)).toEqual(rows);
    const u16 = file('override16.txt', Buffer.from('a\tb\r\n1\t2\r\n', 'utf16le'));
    const r16 = await readAll(u16, { encoding: 'UTF-16' });
    expect(r16.table.encoding).toBe('utf-16le');
    expect(cellsOf(r16.sheets[0]!)).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('refuses an unknown --encoding, listing the choices', async () => {
    const e = await failure(openTableFile(file('x.csv', csv), { encoding: 'big5' }));
    expect(e.message).toContain('big5');
    expect(e.hint).toContain('gb18030');
    expect(e.hint).toContain('utf-16le');
  });

  it('fails cleanly when --encoding utf-8 is forced on a GBK file', async () => {
    const p = file('forced.csv', iconv.encode(csv, 'gbk'));
    const e = await failure(readAll(p, { encoding: 'utf-8' }));
    expect(e.code).toBe('encoding_bad_byte_override');
    expect(e.message).toMatch(/byte offset \d+/);
    expect(e.message).toContain('forced.csv');
  });

  it('judges encoding on the first non-ASCII bytes even when they come after 64 KB', async () => {
    const ascii = Array.from({ length: 6000 }, (_, i) => `${i},${100000 + i},ok`).join('\r\n') + '\r\n';
    expect(ascii.length).toBeGreaterThan(65536);
    const p = file('late-gbk.csv', Buffer.concat([Buffer.from(ascii), iconv.encode('6000,张三,城关派出所\r\n', 'gbk')]));
    const { table, sheets } = await readAll(p);
    expect(table.encoding).toBe('gb18030');
    expect(sheets[0]!.rows.at(-1)!.cells).toEqual(['6000', '张三', '城关派出所']);
    expect(sheets[0]!.rows.at(-1)!.row).toBe(6001);
  });

  it('an invalid byte late in a UTF-8 file fails with its exact offset, not garbage', async () => {
    const head = '单位,姓名\r\n' + Array.from({ length: 20000 }, (_, i) => `城关派出所,民警${i}`).join('\r\n') + '\r\n';
    const bad = iconv.encode('西关所,王五', 'gbk');
    const headBytes = Buffer.from(head, 'utf8');
    expect(headBytes.length).toBeGreaterThan(200_000);
    const p = file('late-bad.csv', Buffer.concat([headBytes, bad, Buffer.from('\r\n城关派出所,赵六\r\n')]));
    const table = await openTableFile(p);
    expect(table.encoding).toBe('utf-8');
    let seen = 0;
    let err: unknown;
    try {
      for await (const s of table.sheets) for await (const r of s.rows) {
        seen++;
        for (const c of r.cells) expect(String(c)).not.toContain('\ufffd');
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const e = err as UserError;
    expect(e.code).toBe('encoding_bad_byte');
    expect(e.message).toContain(`byte offset ${headBytes.length}`);
    expect(e.hint).toContain('--encoding gb18030');
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThanOrEqual(20001);
  });

  it('refuses text that is neither UTF-8 nor GB18030, naming the offset', async () => {
    const p = file('neither.csv', Buffer.concat([Buffer.from('a,b\r\n1,'), Buffer.from([0xff, 0xfe, 0xff, 0x41]), Buffer.from('\r\n')]));
    const e = await failure(openTableFile(p));
    expect(e.code).toBe('encoding_unknown');
    expect(e.message).toContain('byte offset 7');
    expect(e.hint).toMatch(/--encoding gb18030.*--encoding utf-8/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('delimited text: structure', () => {
  it('detects semicolon, tab and pipe', async () => {
    for (const [sep, name] of [[';', 'semi'], ['\t', 'tab'], ['|', 'pipe']] as const) {
      const text = `标题行\n单位${sep}人数${sep}备注\n城关${sep}12${sep}a,b\n西关${sep}7${sep}c,d,e\n`;
      const { table, sheets } = await readAll(file(`${name}.txt`, text));
      expect(table.delimiter).toBe(sep);
      expect(cellsOf(sheets[0]!)).toEqual([['标题行'], ['单位', '人数', '备注'], ['城关', '12', 'a,b'], ['西关', '7', 'c,d,e']]);
    }
  });

  it('prefers the delimiter with consistent field counts', () => {
    expect(detectDelimiter('a\tb,c\tx\n1\t2,3,4\t5\n6\t7\t8\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c,d\n1,"2;3;4",5\n')).toBe(',');
    expect(detectDelimiter('only one column\nsecond\n')).toBe(',');
  });

  it('a quoted field with newlines is one record; empty lines keep numbering', async () => {
    const text = '单位,备注\r\n城关,"第一行\r\n第二行"\r\n\r\n西关,"含""引号"""\n东关,x\rxx,\n';
    const { sheets } = await readAll(file('quoted.csv', text));
    const rows = sheets[0]!.rows;
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[1]!.cells).toEqual(['城关', '第一行\r\n第二行']);
    expect(rows[2]!.cells).toEqual([]);
    expect(rows[3]!.cells).toEqual(['西关', '含"引号"']);
    expect(rows[4]!.cells).toEqual(['东关', 'x']);
    expect(rows[5]!.cells).toEqual(['xx']);
  });

  it('empty cells are null and trailing empties are trimmed', async () => {
    const { sheets } = await readAll(file('empties.csv', 'a,,c,,\n,,,\n'));
    expect(cellsOf(sheets[0]!)).toEqual([['a', null, 'c'], []]);
  });

  it('an unclosed quote is a UserError, not a hang or a crash', async () => {
    const e = await failure(readAll(file('unclosed.csv', 'a,b\n1,"never closed\n2,3\n')));
    expect(e.code).toBe('text_unreadable');
    expect(e.message).toContain('unclosed.csv');
    expect(e.hint).toContain('quote');
  });

  it('streams a 200,000-row CSV without collecting rows', async () => {
    const p = join(dir, 'big.csv');
    const out = createWriteStream(p);
    out.write('编号,单位,姓名,日期,金额\n');
    for (let i = 1; i <= 200_000; i++) out.write(`${i},城关派出所,民警${i % 977},2026-07-01,${(i * 1.5).toFixed(2)}\n`);
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const table = await openTableFile(p);
    gc();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let last = 0;
    let growth = 0;
    for await (const s of table.sheets) {
      for await (const r of s.rows) {
        count++;
        last = r.row;
        if (count === 150_000) {
          gc();
          growth = process.memoryUsage().heapUsed - before;
        }
      }
    }
    await table.dispose();
    expect(count).toBe(200_001);
    expect(last).toBe(200_001);
    // Nothing keeps the rows: 150,000 retained rows would hold ~40 MB of heap.
    expect(growth).toBeLessThan(10 * 1024 * 1024);
  });
});

// ---------------------------------------------------------------------------------------------
describe('xlsx written by exceljs (shared strings, like Excel)', () => {
  let path: string;
  const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));

  beforeAll(async () => {
    path = join(dir, 'book.xlsx');
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('案件台账');
    a.addRow(['XX县公安局2026年第三季度案件台账']);
    a.addRow(['案件编号', '受理时间', '金额', '是否重大', '备注', '合计']);
    a.addRow(['A001', d(2026, 7, 1), 1234.5, true, { richText: [{ text: '富' }, { font: { bold: true }, text: '文本' }] }, { formula: 'C3*2', result: 2469 }]);
    a.addRow(['A002', d(2026, 7, 2), 0, false, { text: '链接', hyperlink: 'http://example.invalid/' }, { formula: 'C4*2', result: 0 }]);
    a.addRow(['A003', d(2026, 7, 3), 3, null, { error: '#N/A' }, { formula: 'B5&"x"', result: 'abc' }]);
    a.addRow(['A004', null, null, null, null, { formula: 'NOW()', result: { error: '#DIV/0!' } }]);
    a.addRow(['A005', null, null, null, null, { formula: 'C7' }]);
    a.getRow(4).hidden = true;
    a.getCell('F4').numFmt = '0.00';
    a.addRow([]);
    a.getCell('B9').value = { formula: 'DATE(2026,7,5)', result: 46208 };
    a.getCell('B9').numFmt = 'yyyy-mm-dd';
    const b = wb.addWorksheet('隐藏表', { state: 'hidden' });
    b.addRow(['隐']);
    const c = wb.addWorksheet('Sheet & <3>');
    c.addRow(['最后']);
    wb.addWorksheet('空表');
    await wb.xlsx.writeFile(path);
  });

  it('yields every sheet in order with names and hidden flags', async () => {
    const { table, sheets } = await readAll(path);
    expect(table.format).toBe('xlsx');
    expect(sheets.map((s) => s.name)).toEqual(['案件台账', '隐藏表', 'Sheet & <3>', '空表']);
    expect(sheets.map((s) => !!s.hidden)).toEqual([false, true, false, false]);
    expect(sheets.every((s) => s.date1904 === false)).toBe(true);
    expect(sheets[3]!.rows).toEqual([]);
    expect(sheets[2]!.rows).toEqual([{ row: 1, cells: ['最后'] }]);
  });

  it('normalises cells: rich text, formulas, hyperlinks, errors, dates, booleans', async () => {
    const { sheets } = await readAll(path);
    const rows = sheets[0]!.rows;
    const byRow = new Map(rows.map((r) => [r.row, r]));
    expect(byRow.get(1)!.cells).toEqual(['XX县公安局2026年第三季度案件台账']);
    expect(byRow.get(3)!.cells).toEqual(['A001', d(2026, 7, 1), 1234.5, true, '富文本', 2469]);
    // result 0 is kept (exceljs's FormulaValue would drop it); hyperlink → its text
    expect(byRow.get(4)!.cells).toEqual(['A002', d(2026, 7, 2), 0, false, '链接', 0]);
    expect(byRow.get(5)!.cells).toEqual(['A003', d(2026, 7, 3), 3, null, null, 'abc']);
    expect(byRow.get(6)!.cells).toEqual(['A004']); // error result → null
    expect(byRow.get(7)!.cells).toEqual(['A005']); // no cached result → null
    expect(byRow.get(9)!.cells).toEqual([null, d(2026, 7, 5)]); // date-formatted formula result
    expect(rows.find((r) => r.row === 8)).toBeUndefined(); // blank row: skipped, numbers still tell
  });

  it('marks hidden rows', async () => {
    const { sheets } = await readAll(path);
    const hidden = sheets[0]!.rows.filter((r) => r.hidden).map((r) => r.row);
    expect(hidden).toEqual([4]);
  });

  it('reads a 1904 workbook with correct dates', async () => {
    const p = join(dir, 'mac1904.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('日期');
    ws.addRow(['入警时间', d(2024, 1, 1)]);
    ws.addRow(['出生日期', d(1985, 6, 15)]);
    await wb.xlsx.writeFile(p);
    // exceljs writes the 1904 flag and 1904-based serials: prove the fixture is what we think.
    const zip = await JSZip.loadAsync(readFileSync(p));
    expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/date1904="1"/);
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).toContain('<v>43830</v>'); // 2024-01-01 is 45292 in the 1900 system, 45292 - 1462 in 1904
    const { sheets } = await readAll(p);
    expect(sheets[0]!.date1904).toBe(true);
    expect(cellsOf(sheets[0]!)).toEqual([['入警时间', d(2024, 1, 1)], ['出生日期', d(1985, 6, 15)]]);
  });

  it('keeps Chinese text intact across inflate chunk boundaries (exceljs issue #2063)', async () => {
    const p = join(dir, 'chinese-big.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    const expected: string[] = [];
    for (let i = 1; i <= 20000; i++) {
      const s = `派出所第${i}号民警张三李四王五`;
      expected.push(s);
      ws.addRow([s, i, `备注中文内容${i % 7}`]);
    }
    await wb.xlsx.writeFile(p);
    const table = await openTableFile(p);
    let n = 0;
    for await (const s of table.sheets) {
      for await (const r of s.rows) {
        expect(r.cells[0]).toBe(expected[n]);
        expect(r.cells[2]).toBe(`备注中文内容${(n + 1) % 7}`);
        n++;
      }
    }
    expect(n).toBe(20000);
  });

  it('re-reads a sheet when its rows are iterated again', async () => {
    const table = await openTableFile(path);
    for await (const s of table.sheets) {
      const a: RawRow[] = [];
      const b: RawRow[] = [];
      for await (const r of s.rows) a.push(r);
      for await (const r of s.rows) b.push(r);
      expect(b).toEqual(a);
      break;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-made xlsx files (openpyxl-style inline strings, Open XML SDK prefixes, odd orders).

const CT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface HandSheet {
  name: string;
  path: string;
  xml: string;
  state?: string;
}

async function handXlsx(
  name: string,
  sheets: HandSheet[],
  opts: { styles?: string; sharedStrings?: string; date1904?: boolean; zipOrder?: string[]; compression?: 'STORE' | 'DEFLATE' } = {},
): Promise<string> {
  const zip = new JSZip();
  const parts: [string, string][] = [];
  parts.push(['[Content_Types].xml', CT], ['_rels/.rels', ROOT_RELS]);
  const wb =
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}">` +
    (opts.date1904 ? '<workbookPr date1904="true"/>' : '<workbookPr/>') +
    '<sheets>' +
    sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';
  let rels =
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${s.path}"/>`).join('');
  if (opts.styles) rels += `<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`;
  if (opts.sharedStrings) rels += `<Relationship Id="rIdSS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`;
  rels += '</Relationships>';
  parts.push(['xl/workbook.xml', wb], ['xl/_rels/workbook.xml.rels', rels]);
  if (opts.styles) parts.push(['xl/styles.xml', opts.styles]);
  if (opts.sharedStrings) parts.push(['xl/sharedStrings.xml', opts.sharedStrings]);
  for (const s of sheets) parts.push([s.path.startsWith('/') ? s.path.slice(1) : `xl/${s.path}`, s.xml]);
  const order = opts.zipOrder ?? parts.map((p) => p[0]);
  for (const n of order) zip.file(n, parts.find((p) => p[0] === n)![1]);
  for (const [n, c] of parts) if (!order.includes(n)) zip.file(n, c);
  const buf = await zip.generateAsync({ type: 'nodebuffer', compression: opts.compression ?? 'DEFLATE' });
  return file(name, buf);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe('xlsx made by other writers', () => {
  it('reads inline strings (openpyxl), rich inline strings, t="d", t="b" formulas and hidden rows', async () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>` +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>入警时间</t></is></c><c r="C1" t="inlineStr"><is><t>在岗</t></is></c></row>' +
      '<row r="2" hidden="1"><c r="A2" t="inlineStr"><is><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r></is></c>' +
      '<c r="B2" t="d"><v>2019-03-01T00:00:00</v></c><c r="C2" t="b"><f>1=1</f><v>1</v></c><c r="D2" t="b"><v>0</v></c></row>' +
      '<row r="5"><c r="A5" t="inlineStr"><is><t>李&amp;四</t><rPh sb="0" eb="1"><t>li</t></rPh></is></c><c r="B5" t="d"><v>2020-01-02</v></c><c r="C5" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '</sheetData></worksheet>';
    const p = await handXlsx('openpyxl.xlsx', [{ name: '名册', path: 'worksheets/sheet1.xml', xml }]);
    const { sheets } = await readAll(p);
    expect(sheets[0]!.rows).toEqual([
      { row: 1, cells: ['姓名', '入警时间', '在岗'] },
      { row: 2, cells: ['张三 ', new Date(Date.UTC(2019, 2, 1)), true, false], hidden: true },
      { row: 5, cells: ['李&四', new Date(Date.UTC(2020, 0, 2))] },
    ]);
  });

  it('reads prefixed XML (Open XML SDK) and cells without r attributes', async () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      '<x:row><x:c t="inlineStr"><x:is><x:t>单位</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>人数</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>城关</x:t></x:is></x:c><x:c><x:v>12</x:v></x:c></x:row>' +
      '<x:row r="4"><x:c r="B4"><x:v>7</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const p = await handXlsx('sdk.xlsx', [{ name: 'SDK', path: 'worksheets/sheet1.xml', xml }]);
    const { sheets } = await readAll(p);
    expect(sheets[0]!.rows).toEqual([
      { row: 1, cells: ['单位', '人数'] },
      { row: 2, cells: ['城关', 12] },
      { row: 4, cells: [null, 7] },
    ]);
  });

  it('follows workbook order and rels targets, not zip order or part names', async () => {
    const sheet = (t: string) =>
      `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${t}</t></is></c></row></sheetData></worksheet>`;
    const p = await handXlsx(
      'order.xlsx',
      [
        { name: '第一', path: 'worksheets/sheet3.xml', xml: sheet('一') },
        { name: '第二', path: '/xl/worksheets/data.xml', xml: sheet('二'), state: 'veryHidden' },
        { name: '第三', path: 'worksheets/sheet1.xml', xml: sheet('三') },
      ],
      { zipOrder: ['xl/worksheets/sheet1.xml', 'xl/worksheets/data.xml', 'xl/worksheets/sheet3.xml'] },
    );
    const { sheets } = await readAll(p);
    expect(sheets.map((s) => [s.name, s.hidden, s.rows[0]!.cells[0]])).toEqual([
      ['第一', false, '一'],
      ['第二', true, '二'],
      ['第三', false, '三'],
    ]);
  });

  it('reads shared strings with phonetic runs, 1904 dates and Chinese built-in date formats', async () => {
    const sst =
      `<?xml version="1.0"?><sst ${NS} count="2" uniqueCount="2"><si><t>城关</t><rPh sb="0" eb="2"><t>chengguan</t></rPh></si><si><r><t>西</t></r><r><t>关</t></r></si></sst>`;
    const styles =
      `<?xml version="1.0"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="176" formatCode="YYYY-MM-DD"/></numFmts>` +
      '<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="31" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="176" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs></styleSheet>';
    const xml =
      `<?xml version="1.0"?><worksheet ${NS}><sheetData>` +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>43830</v></c><c r="D1" s="2"><v>43830</v></c><c r="E1" s="3"><v>0</v></c><c r="F1"><v>43830</v></c></row>' +
      '</sheetData></worksheet>';
    const p = await handXlsx('ss1904.xlsx', [{ name: 'S', path: 'worksheets/sheet1.xml', xml }], { sharedStrings: sst, styles, date1904: true });
    const { sheets } = await readAll(p);
    const jan1 = new Date(Date.UTC(2024, 0, 1));
    expect(sheets[0]!.date1904).toBe(true);
    expect(sheets[0]!.rows[0]!.cells).toEqual(['城关', '西关', jan1, jan1, new Date(Date.UTC(1904, 0, 1)), 43830]);
  });

  it('normalises prefixed, r-less, rich inline-string sheets across inflate chunk boundaries', async () => {
    const rows: string[] = [];
    const expected: Cell[][] = [];
    for (let i = 1; i <= 8000; i++) {
      const hidden = i % 1000 === 0 ? ' hidden="1"' : '';
      rows.push(
        `<x:row${hidden}><x:c t="inlineStr"><x:is><x:r><x:t>民警</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>${i}号</x:t></x:r></x:is></x:c>` +
          `<x:c><x:v>${i}</x:v></x:c><x:c t="inlineStr"><x:is><x:t>城关&amp;西关派出所</x:t></x:is></x:c></x:row>`,
      );
      expected.push([`民警${i}号`, i, '城关&西关派出所']);
    }
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${rows.join('')}</x:sheetData></x:worksheet>`;
    expect(xml.length).toBeGreaterThan(1_000_000);
    const p = await handXlsx('big-inline.xlsx', [{ name: '大表', path: 'worksheets/sheet1.xml', xml }]);
    const { sheets } = await readAll(p);
    const got = sheets[0]!.rows;
    expect(got.map((r) => r.cells)).toEqual(expected);
    expect(got.map((r) => r.row)).toEqual(expected.map((_, i) => i + 1));
    expect(got.filter((r) => r.hidden).map((r) => r.row)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
  });

  it('refuses a sheet with a cell beyond column XFD instead of hanging', async () => {
    const xml = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="ZZZZZ1"><v>1</v></c></row></sheetData></worksheet>`;
    const p = await handXlsx('wide.xlsx', [{ name: '宽', path: 'worksheets/sheet1.xml', xml }]);
    const e = await failure(readAll(p));
    expect(e.message).toContain('宽');
    expect(e.message).toContain('16384');
  });

  it('turns malformed sheet XML into a UserError naming the file and sheet', async () => {
    const xml = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</x></c></row></sheetData></worksheet>`;
    const p = await handXlsx('malformed.xlsx', [{ name: '坏表', path: 'worksheets/sheet1.xml', xml }]);
    const e = await failure(readAll(p));
    expect(e.message).toContain('malformed.xlsx');
    expect(e.message).toContain('坏表');
    expect(e.stack ?? '').not.toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
describe('zip checks', () => {
  async function smallXlsx(name: string): Promise<string> {
    const xml = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`;
    return handXlsx(name, [{ name: 'S', path: 'worksheets/sheet1.xml', xml }]);
  }

  /** Rewrites the declared sizes of `entry` in the central directory. */
  function patchDirectory(buf: Buffer, entry: string, sizes: { compressed?: number; uncompressed?: number }): Buffer {
    const out = Buffer.from(buf);
    for (let i = 0; i < out.length - 46; i++) {
      if (out.readUInt32LE(i) !== 0x02014b50) continue;
      const nameLen = out.readUInt16LE(i + 28);
      if (out.toString('utf8', i + 46, i + 46 + nameLen) !== entry) continue;
      if (sizes.compressed !== undefined) out.writeUInt32LE(sizes.compressed, i + 20);
      if (sizes.uncompressed !== undefined) out.writeUInt32LE(sizes.uncompressed, i + 24);
      return out;
    }
    throw new Error(`no ${entry}`);
  }

  it('refuses a zip that is not a workbook (e.g. .docx)', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', '<w:document/>');
    const p = file('report.xlsx', await zip.generateAsync({ type: 'nodebuffer' }));
    const e = await failure(openTableFile(p));
    expect(e.message).toContain('report.xlsx is a zip file but not an Excel workbook');
    expect(e.message).toContain('Word');
  });

  it('refuses a truncated xlsx', async () => {
    const whole = readFileSync(await smallXlsx('whole.xlsx'));
    const p = file('cut.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    const e = await failure(openTableFile(p));
    expect(e.message).toBe('' + e.message);
    expect(e.message).toContain('cut.xlsx is damaged or incomplete (not a complete xlsx');
    expect(e.message).toContain('re-export it');
    expect(e.code).toBe('file_damaged_zip');
  });

  it('refuses a zip bomb by its declared sizes, before inflating anything', async () => {
    const buf = readFileSync(await smallXlsx('bomb-src.xlsx'));
    const huge = file('bomb.xlsx', patchDirectory(buf, 'xl/worksheets/sheet1.xml', { uncompressed: 0xf0000000 }));
    const e1 = await failure(openTableFile(huge));
    expect(e1.message).toMatch(/bomb\.xlsx looks like a zip bomb \(part xl\/worksheets\/sheet1\.xml would unpack to 3\.8 GiB/);
    expect(e1.code).toBe('zip_bomb_size');
    const ratio = file('bomb2.xlsx', patchDirectory(buf, 'xl/worksheets/sheet1.xml', { uncompressed: 100 * 1024 * 1024 }));
    const e2 = await failure(openTableFile(ratio));
    expect(e2.message).toMatch(/looks like a zip bomb .*:1\)/);
  });

  it('stops a part that inflates past its declared size', async () => {
    const buf = readFileSync(await smallXlsx('liar-src.xlsx'));
    const p = file('liar.xlsx', patchDirectory(buf, 'xl/worksheets/sheet1.xml', { uncompressed: 20 }));
    const e = await failure(readAll(p));
    expect(e.message).toContain('liar.xlsx');
    expect(e.code).toBe('zip_bomb_part');
  });

  it('detects a corrupted part by its checksum', async () => {
    const xml = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>12345</v></c></row></sheetData></worksheet>`;
    const src = readFileSync(await handXlsx('crc-src.xlsx', [{ name: 'S', path: 'worksheets/sheet1.xml', xml }], { compression: 'STORE' }));
    const at = src.indexOf('12345');
    const bad = Buffer.from(src);
    bad.write('54321', at);
    const e = await failure(readAll(file('crc.xlsx', bad)));
    expect(e.code).toBe('file_damaged_zip');
    expect(e.message).toContain('checksum');
  });
});

const SPREADSHEETML = `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="名册"><Table>
  <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">人数</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">张三</Data></Cell><Cell><Data ss:Type="Number">3</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="第二"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet>
</Workbook>
`;

// ---------------------------------------------------------------------------------------------
describe('sniffing', () => {
  it('refuses an empty file', async () => {
    const e = await failure(openTableFile(file('empty.csv', '')));
    expect(e.message).toContain('empty.csv is empty');
    expect(e.code).toBe('file_empty');
  });

  it('refuses a missing file', async () => {
    const e = await failure(openTableFile(join(dir, 'nope.csv')));
    expect(e.message).toContain('does not exist');
  });

  it('detects a password-protected workbook (OLE2 + EncryptedPackage)', async () => {
    const buf = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
    buf.writeUInt16LE(9, 0x1e);
    buf.writeUInt32LE(1, 0x30);
    Buffer.from('EncryptionInfo', 'utf16le').copy(buf, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(buf, 1152);
    const p = file('secret.xlsx', buf);
    const e = await failure(openTableFile(p));
    expect(e.message).toBe(
      `${p} is password-protected; open it in Excel, remove the password (File ▸ Info ▸ Protect Workbook), save, and load again`,
    );
    expect(e.code).toBe('file_encrypted');
  });

  it('finds EncryptedPackage in an OLE2 directory beyond the first 64 KB', async () => {
    const buf = Buffer.alloc(200 * 1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
    buf.writeUInt16LE(9, 0x1e); // 512-byte sectors
    buf.writeUInt32LE(299, 0x30); // directory at (299 + 1) * 512 = 150 KB
    Buffer.from('EncryptedPackage', 'utf16le').copy(buf, 300 * 512 + 128);
    const e = await failure(openTableFile(file('big-secret.xlsx', buf)));
    expect(e.code).toBe('file_encrypted');
  });

  it('names other files it cannot read: Word in OLE2, .xlsb, .mht', async () => {
    const doc = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(doc, 0);
    Buffer.from('WordDocument', 'utf16le').copy(doc, 1024);
    expect((await failure(openTableFile(file('memo.xls', doc)))).message).toContain('is a Word document');
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.bin', 'x');
    const xlsb = file('book.xlsb', await zip.generateAsync({ type: 'nodebuffer' }));
    expect((await failure(openTableFile(xlsb))).message).toContain('.xlsb');
    const mht = file('page.xls', 'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n\r\n--x\r\n');
    expect((await failure(openTableFile(mht))).message).toContain('.mht');
  });

  it('refuses binary junk', async () => {
    const junk = Buffer.alloc(2000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    const e = await failure(openTableFile(file('junk.csv', junk)));
    expect(e.message).toContain('junk.csv is not a spreadsheet or text file');
    const pdf = await failure(openTableFile(file('scan.xls', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj'))));
    expect(pdf.message).toContain('PDF');
  });

  it('refuses an Excel 2003 XML spreadsheet with instructions when LibreOffice is absent', async () => {
    const p = file('ss2003.xls', SPREADSHEETML);
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const e = await failure(openTableFile(p));
      expect(e.message).toBe(`${p} is an Excel 2003 XML spreadsheet`);
      expect(e.code).toBe('xls_needs_conversion');
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('refuses a legacy .xls with instructions when LibreOffice is absent', async () => {
    const buf = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
    Buffer.from('Workbook', 'utf16le').copy(buf, 1024);
    const p = file('old.xls', buf);
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const e = await failure(openTableFile(p));
      expect(e.message).toBe(`${p} is an old Excel 97-2003 (.xls) file`);
      expect(e.hint).toContain('save as .xlsx');
      expect(e.hint).toContain('apt-get install libreoffice-calc-nogui');
    } finally {
      process.env.PATH = savedPath;
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe('html tables', () => {
  it('reads an HTML ".xls" in GBK with colspan, rowspan and entities', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style><!-- td {mso-number-format:"\\@";} .x{} --></style></head><body>
<!-- <table><tr><td>commented out</td></tr></table> -->
<table border=1>
<tr><td colspan=4 align=center>XX县公安局警力统计表</td></tr>
<tr><th rowspan="2">单位</th><th colspan="3">人数</th></tr>
<tr><th>民警</th><th>辅警</th><th>合计</th></tr>
<tr><td rowspan=2>城关&nbsp;派出所</td><td>12</td><td>8</td><td x:num="20">20</td></tr>
<tr><td>1</td><td>2<br>(借调)</td><td>3</td>
<tr><td>西关 &amp; 东关</td><td class=xl65 style='mso-number-format:"0"'>&#49;&#x32;</td><td><span><b>5</b></span></td><td></td></tr>
</table></body></html>`;
    const p = file('统计表.xls', iconv.encode(html, 'gbk'));
    const { table, sheets } = await readAll(p);
    expect(table.format).toBe('html');
    expect(table.encoding).toBe('gb18030');
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.name).toBe('统计表');
    expect(sheets[0]!.rows).toEqual([
      { row: 1, cells: ['XX县公安局警力统计表'] },
      { row: 2, cells: ['单位', '人数'] },
      { row: 3, cells: ['单位', '民警', '辅警', '合计'] },
      { row: 4, cells: ['城关 派出所', '12', '8', '20'] },
      { row: 5, cells: ['城关 派出所', '1', '2\n(借调)', '3'] },
      { row: 6, cells: ['西关 & 东关', '12', '5'] },
    ]);
  });

  it('trusts conclusive UTF-8 content over a gb2312 meta tag copied from a template', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table>
<tr><td>单位</td><td>姓名</td><td>备注</td></tr>
<tr><td>城关派出所</td><td>张三丰</td><td>社区民警，负责辖区巡逻与值班工作</td></tr></table></body></html>`;
    const { table, sheets } = await readAll(file('template.html', html));
    expect(table.encoding).toBe('utf-8');
    expect(sheets[0]!.rows[1]!.cells).toEqual(['城关派出所', '张三丰', '社区民警，负责辖区巡逻与值班工作']);
  });

  it('names several tables table1, table2… and reads UTF-8', async () => {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<table><tr><td>甲</td></tr><tr><td><table><tr><td>嵌</td><td>套</td></tr></table>外</td></tr></table>
<p>说明</p>
<table><tr><td>乙</td><td>丙</td></tr></table></body></html>`;
    const { table, sheets } = await readAll(file('multi.html', html));
    expect(table.encoding).toBe('utf-8');
    expect(sheets.map((s) => s.name)).toEqual(['table1', 'table2']);
    expect(cellsOf(sheets[0]!)).toEqual([['甲'], ['嵌 套 外']]);
    expect(cellsOf(sheets[1]!)).toEqual([['乙', '丙']]);
  });

  it('reads an HTML table saved as UTF-16LE with BOM', async () => {
    const html = '<html><body><table><tr><td>单位</td><td>人数</td></tr><tr><td>城关</td><td>3</td></tr></table></body></html>';
    const p = file('u16.xls', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]));
    const { table, sheets } = await readAll(p);
    expect(table.format).toBe('html');
    expect(table.encoding).toBe('utf-16le');
    expect(cellsOf(sheets[0]!)).toEqual([['单位', '人数'], ['城关', '3']]);
  });

  it('finds the table after a long <style> block', async () => {
    const html = `<html><head><style>${'.x{color:red}\n'.repeat(8000)}</style></head><body><table><tr><td>a</td></tr></table></body></html>`;
    const { table, sheets } = await readAll(file('styled.xls', html));
    expect(table.format).toBe('html');
    expect(cellsOf(sheets[0]!)).toEqual([['a']]);
  });
});

// ---------------------------------------------------------------------------------------------
const soffice = await findExecutable(['soffice', 'libreoffice']);

describe.skipIf(!soffice)('legacy .xls through LibreOffice', () => {
  it('converts every sheet, in order, with names, values and zh-CN dates', async () => {
    const src = join(dir, 'legacy-src.xlsx');
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('派出所 A');
    a.addRow(['姓名', '入警时间', '人数']);
    a.addRow(['张三', new Date(Date.UTC(2024, 0, 15)), 1.5]);
    a.addRow(['李,四', 'x"y', '多\n行']);
    wb.addWorksheet('第二表').addRow(['x']);
    await wb.xlsx.writeFile(src);
    const out = join(dir, 'xlsout');
    const profile = join(dir, 'lo_profile_test');
    execFileSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--calc', '--convert-to', 'xls', '--outdir', out, src], {
      stdio: 'ignore',
    });
    const xls = join(out, 'legacy-src.xls');
    expect(existsSync(xls)).toBe(true);
    // A private TMPDIR shows that dispose() removes the converted CSVs and the LibreOffice profile.
    const privateTmp = mkdtempSync(join(dir, 'tmp-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    let table: TableFile;
    try {
      table = await openTableFile(xls);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    expect(table.format).toBe('xls');
    const sheets: ReadSheet[] = [];
    for await (const s of table.sheets) {
      const rows: RawRow[] = [];
      for await (const r of s.rows) rows.push(r);
      sheets.push({ name: s.name, date1904: s.date1904, rows });
    }
    expect(readdirSync(privateTmp).length).toBeGreaterThan(0);
    await table.dispose();
    expect(readdirSync(privateTmp)).toEqual([]);
    expect(sheets.map((s) => s.name)).toEqual(['派出所 A', '第二表']);
    expect(cellsOf(sheets[0]!)).toEqual([
      ['姓名', '入警时间', '人数'],
      ['张三', '2024/1/15', '1.5'],
      ['李,四', 'x"y', '多\n行'],
    ] satisfies Cell[][]);
    expect(cellsOf(sheets[1]!)).toEqual([['x']]);
  }, 120_000);

  it('converts an Excel 2003 XML spreadsheet (not mistaken for an HTML table)', async () => {
    const { table, sheets } = await readAll(file('ss2003-lo.xls', SPREADSHEETML));
    expect(table.format).toBe('xls');
    expect(sheets.map((s) => s.name)).toEqual(['名册', '第二']);
    expect(cellsOf(sheets[0]!)).toEqual([['姓名', '人数'], ['张三', '3']]);
  }, 120_000);
});

// The xlsx reader's own parser (readers/xlsxsheet.ts, xlsxparts.ts, xlsxml.ts): date formats,
// shared strings across inflate chunks, the 1904 system, row styles, formulas, XML details and
// flat memory. Workbooks are written by exceljs (via fixtures/sheet.ts) or by hand.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { openTableFile } from '../src/ingest/readers/index.js';
import { isDateFormat } from '../src/ingest/readers/xlsxparts.js';
import type { RawRow } from '../src/ingest/source.js';
import { SheetBuilder, renderXlsx } from '../fixtures/sheet.js';
import { zip, type ZipPart } from './corpus/make.js';
import { failure, readSheets, type ReadSheet } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-xlsx-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

const readRows = async (path: string): Promise<ReadSheet[]> => readSheets(await openTableFile(path));

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A one-sheet workbook written by hand, with optional styles, shared strings and 1904 dates. */
function book(name: string, sheetXml: string, opts: { styles?: string; sst?: string; date1904?: boolean; sheetName?: string } = {}): string {
  const b = (s: string) => Buffer.from(s, 'utf8');
  let rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`;
  if (opts.styles) rels += `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>`;
  if (opts.sst) rels += `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`;
  rels += '</Relationships>';
  const parts: ZipPart[] = [
    { name: '[Content_Types].xml', data: b(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`) },
    { name: '_rels/.rels', data: b(`<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      data: b(
        `<?xml version="1.0"?><workbook ${NS} xmlns:r="${REL}">${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}` +
          `<sheets><sheet name="${opts.sheetName ?? '表'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: b(rels) },
    { name: 'xl/worksheets/sheet1.xml', data: b(sheetXml) },
  ];
  if (opts.styles) parts.push({ name: 'xl/styles.xml', data: b(opts.styles) });
  if (opts.sst) parts.push({ name: 'xl/sharedStrings.xml', data: b(opts.sst) });
  const p = join(dir, name);
  writeFileSync(p, zip(parts));
  return p;
}

/** styles.xml with these cellXfs number formats (index = style id) and custom format codes. */
function styles(xfs: number[], custom: Record<number, string> = {}): string {
  const fmts = Object.entries(custom);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return (
    `<?xml version="1.0"?><styleSheet ${NS}>` +
    (fmts.length ? `<numFmts count="${fmts.length}">${fmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`).join('')}</numFmts>` : '') +
    `<cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0"/>`).join('')}</cellXfs>` +
    '<dxfs count="1"><dxf><numFmt numFmtId="200" formatCode="yyyy"/></dxf></dxfs></styleSheet>'
  );
}

describe('number formats that make a number a date', () => {
  it('tells date and time format codes from other number formats', () => {
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('[$-804]yyyy/m/d h:mm')).toBe(true);
    expect(isDateFormat('[h]:mm:ss')).toBe(true);
    expect(isDateFormat('YYYY-MM-DD')).toBe(true);
    expect(isDateFormat('0.00"天"')).toBe(false); // 天 is quoted text; 0.00 is a number
    expect(isDateFormat('#,##0.00_ ;[Red]-#,##0.00')).toBe(false);
    expect(isDateFormat('"第"0"号"')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat('@')).toBe(false);
  });

  it('reads custom, built-in and Chinese built-in date formats from an export written by exceljs', async () => {
    const sb = new SheetBuilder('案件台账', 'cases', 7);
    sb.title('平安县公安局2026年第三季度案件台账');
    sb.header(['案件编号', '基本情况', null, '时间节点', null, null, '办案天数']);
    sb.merge(2, 2, 2, 3);
    sb.merge(2, 4, 2, 6);
    sb.header(['案件编号', '案由', '涉案金额', '受理时间', '立案时间', '报警时刻', '办案天数']);
    const received = utc(2026, 7, 1, 8, 30);
    const filed = utc(2026, 7, 3);
    sb.data([
      'A0001',
      '盗窃',
      { t: 'num', value: 1234.5, fmt: '#,##0.00_ ;[Red]-#,##0.00' },
      { t: 'date', ms: received.getTime(), fmt: '[$-804]yyyy"年"m"月"d"日" h:mm' },
      { t: 'date', ms: filed.getTime(), fmt: 'yyyy/m/d' },
      { t: 'date', ms: utc(1899, 12, 30, 21, 15).getTime(), fmt: 'hh:mm' },
      { t: 'num', value: 2.5, fmt: '0.00"天"' },
    ]);
    sb.data(['A0002', '诈骗', { t: 'num', value: 0, fmt: 'General' }, { t: 'date', ms: filed.getTime(), fmt: 'YYYY-MM-DD' }, null, null, 3]);
    const p = join(dir, 'formats.xlsx');
    writeFileSync(p, await renderXlsx([sb]));
    const [sheet] = await readRows(p);
    expect(sheet!.rows).toEqual([
      { row: 1, cells: ['平安县公安局2026年第三季度案件台账'] }, // merged across: the value sits in A1 only
      { row: 2, cells: ['案件编号', '基本情况', null, '时间节点', null, null, '办案天数'] },
      { row: 3, cells: ['案件编号', '案由', '涉案金额', '受理时间', '立案时间', '报警时刻', '办案天数'] },
      { row: 4, cells: ['A0001', '盗窃', 1234.5, received, filed, utc(1899, 12, 30, 21, 15), 2.5] },
      { row: 5, cells: ['A0002', '诈骗', 0, filed, null, null, 3] },
    ]);
  });

  it('applies a row style to the cells that carry none, and ignores dxf formats', async () => {
    // Style 1: built-in 14 (date); 2: General; 3: custom 180 "0.0"; 4: Chinese built-in 58 (a date
    // in zh-CN Excel); 5: 200, defined only inside <dxfs> (conditional formats): not a date.
    const st = styles([0, 14, 0, 180, 58, 200], { 180: '0.0' });
    const xml =
      `<?xml version="1.0"?><worksheet ${NS}><sheetData>` +
      '<row r="1" s="1" customFormat="1"><c r="A1"><v>45292</v></c><c r="B1" s="2"><v>45292</v></c><c r="C1" s="3"><v>45292</v></c><c r="D1" s="4"><v>45292</v></c><c r="E1" s="5"><v>45292</v></c><c r="F1" s="99"><v>45292</v></c></row>' +
      '<row r="2"><c r="A2"><v>45292</v></c></row>' +
      '</sheetData></worksheet>';
    const [sheet] = await readRows(book('rowstyle.xlsx', xml, { styles: st }));
    const jan1 = utc(2024, 1, 1);
    // F1's style 99 does not exist: the row's date style stays (as exceljs did).
    expect(sheet!.rows).toEqual([
      { row: 1, cells: [jan1, 45292, 45292, jan1, 45292, jan1] },
      { row: 2, cells: [45292] },
    ]);
  });
});

describe('shared strings', () => {
  it('reads one rich shared string spanning several inflate chunks, with entities and phonetic runs', async () => {
    // One <si> of about 400 KB of UTF-8 (3 bytes a character): inflated in 64 KB chunks, its
    // runs, entities and characters are cut at several places.
    const runs: string[] = [];
    let expected = '';
    for (let i = 0; i < 4000; i++) {
      const text = `第${i}段城关派出所&民警<张三>`;
      expected += text;
      const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      runs.push(i % 2 ? `<r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">${esc}</t></r>` : `<r><t>${esc}</t></r>`);
    }
    const sst =
      `<?xml version="1.0"?><sst ${NS} count="3" uniqueCount="3"><si><t>单位</t></si>` +
      `<si>${runs.join('')}<rPh sb="0" eb="1"><t>DI</t></rPh><phoneticPr fontId="1"/></si><si><t>&#x57CE;&#20851;</t></si></sst>`;
    expect(Buffer.byteLength(sst)).toBeGreaterThan(4 * 65536);
    const xml =
      `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
      '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>7</v></c></row></sheetData></worksheet>';
    const [sheet] = await readRows(book('bigsst.xlsx', xml, { sst }));
    expect(sheet!.rows[0]).toEqual({ row: 1, cells: ['单位'] });
    const cells = sheet!.rows[1]!.cells;
    expect(cells.length).toBe(2); // index 7 does not exist: empty
    expect(cells[1]).toBe('城关');
    expect((cells[0] as string).length).toBe(expected.length);
    expect(cells[0]).toBe(expected);
  });

  it('keeps every shared string of an exceljs workbook whose table spans many chunks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['警号', '姓名', '单位']);
    for (let i = 1; i <= 6000; i++) {
      const unit = i % 500 === 0 ? { richText: [{ text: '城关' }, { font: { bold: true }, text: `派出所${i}` }] } : `青石镇派出所第${i}警务室`;
      ws.addRow([`0${100000 + i}`, `民警${'张王李赵'[i % 4]}${i}`, unit]);
    }
    const p = join(dir, 'roster.xlsx');
    await wb.xlsx.writeFile(p);
    const z = await JSZip.loadAsync(readFileSync(p));
    expect((await z.file('xl/sharedStrings.xml')!.async('nodebuffer')).length).toBeGreaterThan(8 * 65536);
    const [sheet] = await readRows(p);
    expect(sheet!.rows.length).toBe(6001);
    sheet!.rows.slice(1).forEach((r, k) => {
      const i = k + 1;
      expect(r.cells).toEqual([`0${100000 + i}`, `民警${'张王李赵'[i % 4]}${i}`, i % 500 === 0 ? `城关派出所${i}` : `青石镇派出所第${i}警务室`]);
    });
  });
});

describe('the 1904 date system', () => {
  it('corrects plain, formula and row-styled dates, but not ISO (t="d") cells or plain numbers', async () => {
    const xml =
      `<?xml version="1.0"?><worksheet ${NS}><sheetData>` +
      '<row r="1"><c r="A1" s="1"><v>43830</v></c><c r="B1" s="1"><f>DATE(2024,1,1)</f><v>43830</v></c>' +
      '<c r="C1" t="d"><v>2024-01-01T08:30:00</v></c><c r="D1"><v>43830</v></c><c r="E1" s="1"><v>0.5</v></c></row>' +
      '<row r="2" s="1" customFormat="1"><c r="A2"><v>0</v></c></row>' +
      '</sheetData></worksheet>';
    const [sheet] = await readRows(book('mac.xlsx', xml, { styles: styles([0, 14]), date1904: true }));
    expect(sheet!.date1904).toBe(true);
    expect(sheet!.rows).toEqual([
      { row: 1, cells: [utc(2024, 1, 1), utc(2024, 1, 1), utc(2024, 1, 1, 8, 30), 43830, utc(1904, 1, 1, 12)] },
      { row: 2, cells: [utc(1904, 1, 1)] },
    ]);
  });
});

describe('formulas, errors and booleans', () => {
  it('reads cached results, empties errors and counts formulas saved without a result', async () => {
    const xml =
      `<?xml version="1.0"?><worksheet ${NS}><sheetData>` +
      '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"城"&amp;"关"</f><v>城关</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c>' +
      '<c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="b"><f>TRUE()</f><v>0</v></c><c r="F1" t="b"><v>1</v></c><c r="G1"><f t="shared" ref="G1:G2" si="0"/><v>5</v></c></row>' +
      '<row r="2"><c r="A2"><f>SUM(A1)</f></c><c r="B2" t="str"><f>""</f><v></v></c><c r="C2" t="str"><f>A1</f></c><c r="D2"><v>7</v></c></row>' +
      '</sheetData></worksheet>';
    const [sheet] = await readRows(book('formulas.xlsx', xml));
    expect(sheet!.rows).toEqual([
      { row: 1, cells: [2, '城关', null, null, false, true, 5] },
      { row: 2, cells: [null, null, null, 7], uncachedFormulas: 2 },
    ]);
  });
});

describe('XML as other writers save it', () => {
  it('reads indented XML with CRLF, comments, CDATA, character references and ">" in attributes', async () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!-- written by a reporting tool -->',
      `<worksheet ${NS}>`,
      '  <sheetPr codeName="a>b"/>',
      '  <sheetData>',
      '    <row r="1">',
      '      <c r="A1" t="inlineStr">',
      '        <is><t>案件&amp;lt;编号</t></is>',
      '      </c>',
      '      <c r="B1" t="inlineStr"><is><t><![CDATA[A&B <1>]]></t></is></c>',
      '      <c r="C1" t="inlineStr"><is><t xml:space="preserve">第一行\r\n第二行</t></is></c>',
      "      <c r='D1' t='inlineStr'><is><t>&#x4E00;&#20108;</t></is></c>",
      '      <c r="E1">',
      '        <v>12.5</v>',
      '      </c>',
      '    </row>',
      '  </sheetData>',
      '  <mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>',
      '</worksheet>',
    ].join('\r\n');
    const [sheet] = await readRows(book('indented.xlsx', xml));
    // "&amp;lt;" is the text "&lt;" typed by a person: decoded once, not twice.
    expect(sheet!.rows).toEqual([{ row: 1, cells: ['案件&lt;编号', 'A&B <1>', '第一行\n第二行', '一二', 12.5] }]);
  });

  it('reads a sheet saved as UTF-16LE with a BOM', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>城关派出所</t></is></c><c r="B1"><v>3</v></c></row></sheetData></worksheet>`;
    const p = book('utf16.xlsx', '');
    const parts = readFileSync(p);
    // Rebuild with the sheet part as UTF-16LE bytes.
    const z = await JSZip.loadAsync(parts);
    z.file('xl/worksheets/sheet1.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]));
    writeFileSync(p, await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const [sheet] = await readRows(p);
    expect(sheet!.rows).toEqual([{ row: 1, cells: ['城关派出所', 3] }]);
  });

  it('refuses a sheet whose XML is cut short inside a valid zip, naming file and sheet', async () => {
    const xml = `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`;
    const e = await failure(readRows(book('cut-xml.xlsx', xml, { sheetName: '半截' })));
    expect(e.message).toContain('cut-xml.xlsx');
    expect(e.message).toContain('半截');
  });

  it('refuses a DOCTYPE (no entity expansion)', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>`;
    const e = await failure(readRows(book('doctype.xlsx', xml, { sheetName: '实体' })));
    expect(e.message).toContain('实体');
  });
});

describe('huge sheets', () => {
  it('streams 120,000 rows with flat memory', async () => {
    const rows: string[] = [];
    for (let i = 1; i <= 120_000; i++) {
      rows.push(
        `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>A${String(i).padStart(20, '0')}</t></is></c><c r="B${i}" t="inlineStr"><is><t>城关派出所第${i % 97}警务室</t></is></c>` +
          `<c r="C${i}" s="1"><v>${46204 + (i % 90)}.5</v></c><c r="D${i}"><v>${i * 1.5}</v></c></row>`,
      );
    }
    const p = book('huge.xlsx', `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rows.join('')}</sheetData></worksheet>`, { styles: styles([0, 22]) });
    rows.length = 0;
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const table = await openTableFile(p);
    gc();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let growth = 0;
    let last: RawRow | undefined;
    for await (const s of table.sheets) {
      for await (const r of s.rows) {
        count++;
        last = r;
        if (count === 100_000) {
          gc();
          growth = process.memoryUsage().heapUsed - before;
        }
      }
    }
    await table.dispose();
    expect(count).toBe(120_000);
    expect(last).toEqual({ row: 120_000, cells: [`A${String(120_000).padStart(20, '0')}`, `城关派出所第${120_000 % 97}警务室`, new Date(Date.UTC(2026, 6, 1, 12) + (120_000 % 90) * 86400000), 180_000] });
    // 100,000 retained rows would hold well over 30 MB.
    expect(growth).toBeLessThan(10 * 1024 * 1024);
  }, 60_000);
});

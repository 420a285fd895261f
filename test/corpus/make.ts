// The corpus of broken and awkward exports (issue #7), generated into a folder at test time: small
// files that look like real county exports, and large ones (a zip bomb, 16,000 columns, a 1 MB
// cell) made by code, never committed. Each maker writes one file and returns its path.
//
//   import { CORPUS } from './corpus/make.js';
//   const path = await CORPUS.truncatedXlsx(dir);
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

// ---------------------------------------------------------------------------------------------
// Writers

function put(path: string, data: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

export type Row = (string | number | boolean | Date | null | { formula: string; result?: unknown })[];

/** Delimited text, quoted like Excel does (any field holding the delimiter, a quote or a newline). */
export function delimited(rows: Row[], sep = ','): string {
  const esc = (v: Row[number]): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return s.includes(sep) || /["\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return rows.map((r) => r.map(esc).join(sep)).join('\r\n') + '\r\n';
}

export interface XlsxSheet {
  name: string;
  rows: Row[];
  state?: 'visible' | 'hidden' | 'veryHidden';
  hiddenRows?: number[];
  autoFilter?: string;
  numFmt?: Record<string, string>;
}

/** An xlsx the way Excel writes it (shared strings), via exceljs. */
export async function xlsx(path: string, sheets: XlsxSheet[]): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' });
    for (const r of s.rows) ws.addRow(r as ExcelJS.CellValue[]);
    for (const n of s.hiddenRows ?? []) ws.getRow(n).hidden = true;
    if (s.autoFilter) ws.autoFilter = s.autoFilter;
    for (const [ref, fmt] of Object.entries(s.numFmt ?? {})) ws.getCell(ref).numFmt = fmt;
  }
  await wb.xlsx.writeFile(path);
  return path;
}

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Sizes written into the directory instead of the true ones (a lying archive). */
  declare?: { uncompressed?: number };
}

/** A minimal zip (deflate), written by hand so that sizes can lie and big parts stay fast. */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const body = deflateRawSync(p.data, { level: 9 });
    const crc = crc32(p.data) >>> 0;
    const usize = p.declare?.uncompressed ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(usize, 22);
    local.writeUInt16LE(name.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(0x0800, 8);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20);
    cen.writeUInt32LE(usize, 24);
    cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(cen, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Worksheet XML with inline strings (as openpyxl writes), for hand-built workbooks. */
export function sheetXml(rows: (string | number | null)[][], tail = ''): string {
  const body = rows
    .map((r, i) => {
      const cells = r
        .map((v, j) => {
          if (v === null) return '';
          const ref = `${columnName(j)}${i + 1}`;
          return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${i + 1}">${cells}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS_MAIN}"><sheetData>${body}</sheetData>${tail}</worksheet>`;
}

/** The parts of a one-sheet workbook around `sheet` (a worksheet XML buffer). */
export function workbookParts(sheetName: string, sheet: Buffer, declare?: ZipPart['declare']): ZipPart[] {
  const b = (s: string) => Buffer.from(s, 'utf8');
  return [
    {
      name: '[Content_Types].xml',
      data: b(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    },
    { name: '_rels/.rels', data: b(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS_PKG}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: b(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets><sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: b(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS_PKG}"><Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declare },
  ];
}

export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Content that looks like a county's exports

export const CASES_HEADER = ['案件编号', '办案单位', '案件类别', '案由', '受理时间', '案件来源', '涉案金额'];
export const TITLE = '平安县公安局2026年第三季度案件台账';

/** Good cases rows: 案件编号 A0001…, received in 2026 Q3. */
export function casesRows(n: number, prefix = 'A'): Row[] {
  const stations = ['城关派出所', '东湖派出所', '城关派出所'];
  return Array.from({ length: n }, (_, i) => [
    `${prefix}${String(i + 1).padStart(4, '0')}`, stations[i % 3], i % 4 ? '刑事' : '治安', i % 2 ? '盗窃' : '诈骗',
    `2026-0${7 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')} 09:30`, '群众报警', `${(i + 1) * 100}.50`,
  ]);
}

export const STATIONS_HEADER = ['单位编码', '单位名称', '单位类别', '常住人口', '户籍人口', '编制数'];
export const STATIONS_ROWS: Row[] = [
  ['S01', '城关派出所', '派出所', 52000, 40000, 30],
  ['S02', '东湖派出所', '派出所', 30000, 25000, 12],
];

/** A year that is always in the future, and a date in it. */
export function futureDate(): string {
  return `${new Date().getFullYear() + 2}-01-05`;
}

// ---------------------------------------------------------------------------------------------
// The corpus: one maker per case

type Maker = (dir: string) => Promise<string>;

export const CORPUS = {
  /** The baseline every refusal is checked against: loaded before, must be unchanged after. */
  baseline: async (dir) => put(join(dir, '单位基础信息.csv'), delimited([STATIONS_HEADER, ...STATIONS_ROWS])),

  empty: async (dir) => put(join(dir, '案件台账.csv'), ''),

  /** A scanned PDF someone named .xlsx. */
  pdfNamedXlsx: async (dir) => put(join(dir, '案件台账.xlsx'), Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1')),

  /** A Word document (a zip) named .xlsx. */
  docxNamedXlsx: async (dir) =>
    put(
      join(dir, '情况说明.xlsx'),
      zip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      ]),
    ),

  /** A CSV named .xls (many systems do this): loads, the format is decided from the content. */
  csvNamedXls: async (dir) => put(join(dir, '案件台账.xls'), iconv.encode(delimited([CASES_HEADER, ...casesRows(2)]), 'gb18030')),

  /** An xlsx cut short in transfer: the first 60 % of a real workbook. */
  truncatedXlsx: async (dir) => {
    const whole = await xlsx(join(dir, 'whole.xlsx'), [{ name: '案件', rows: [CASES_HEADER, ...casesRows(200)] }]);
    const buf = readFileSync(whole);
    return put(join(dir, '案件台账_截断.xlsx'), buf.subarray(0, Math.floor(buf.length * 0.6)));
  },

  /** A real zip bomb: a sheet padded with 60 MB of spaces, ~1000:1, refused from its directory. */
  zipBomb: async (dir) => {
    const head = sheetXml([CASES_HEADER, ...(casesRows(3) as (string | null)[][])]).replace('</worksheet>', '');
    const sheet = Buffer.concat([Buffer.from(head), Buffer.alloc(60 * 1024 * 1024, 0x20), Buffer.from('</worksheet>')]);
    return put(join(dir, '案件台账_炸弹.xlsx'), zip(workbookParts('案件', sheet)));
  },

  /** A bomb whose directory lies: declares 64 KB, inflates to 60 MB; stopped while streaming. */
  zipBombLiar: async (dir) => {
    const head = sheetXml([CASES_HEADER, ...(casesRows(3) as (string | null)[][])]).replace('</worksheet>', '');
    const sheet = Buffer.concat([Buffer.from(head), Buffer.alloc(60 * 1024 * 1024, 0x20), Buffer.from('</worksheet>')]);
    return put(join(dir, '案件台账_伪装.xlsx'), zip(workbookParts('案件', sheet, { uncompressed: 64 * 1024 })));
  },

  /** Excel's "Encrypt with Password": an OLE2 compound file holding EncryptionInfo and EncryptedPackage. */
  passwordXlsx: async (dir) => {
    const buf = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
    buf.writeUInt16LE(0x3e, 0x18); // minor version
    buf.writeUInt16LE(3, 0x1a); // major version 3: 512-byte sectors
    buf.writeUInt16LE(0xfffe, 0x1c); // little-endian
    buf.writeUInt16LE(9, 0x1e); // sector shift
    buf.writeUInt32LE(1, 0x30); // first directory sector
    Buffer.from('Root Entry', 'utf16le').copy(buf, 1024);
    Buffer.from('EncryptionInfo', 'utf16le').copy(buf, 1024 + 128);
    Buffer.from('EncryptedPackage', 'utf16le').copy(buf, 1024 + 256);
    return put(join(dir, '花名册_加密.xlsx'), buf);
  },

  /** 16,000 columns: the cases fields first, then 15,993 spare columns, each filled. */
  wide16000: async (dir) => {
    const extra = Array.from({ length: 16000 - CASES_HEADER.length }, (_, i) => `备用${i + 1}`);
    const rows = casesRows(3).map((r) => [...r, ...extra.map((_, i) => i)]);
    return xlsx(join(dir, '案件台账_宽表.xlsx'), [{ name: '案件', rows: [[...CASES_HEADER, ...extra], ...rows] }]);
  },

  /** A CSV whose line has 20,000 fields: more columns than a spreadsheet holds, refused quickly. */
  wideCsv: async (dir) => {
    const extra = Array.from({ length: 20000 - CASES_HEADER.length }, (_, i) => `c${i}`);
    return put(join(dir, '案件台账_超宽.csv'), delimited([[...CASES_HEADER, ...extra], ...casesRows(2).map((r) => [...r, ...extra])]));
  },

  /** A 1 MB cell in a mapped column (案由, row 3) and one in an unmapped column (备注, row 4). */
  megabyteCell: async (dir) => {
    const big = '盗'.repeat(1024 * 1024);
    const rows = casesRows(3).map((r) => [...r, null]);
    rows[1][3] = big;
    rows[2][7] = big;
    return xlsx(join(dir, '案件台账_超长.xlsx'), [{ name: '案件', rows: [[...CASES_HEADER, '备注'], ...rows] }]);
  },

  /**
   * Formulas whose cached results must be used: 案件编号 ="A"&…, a DATE() with a date format, an
   * amount computed from two cells; and one formula saved without a result (read as empty, noted).
   */
  formulas: async (dir) => {
    const rows: Row[] = [
      [{ formula: '"F"&"0001"', result: 'F0001' }, '城关派出所', '刑事', '盗窃', { formula: 'DATE(2026,7,1)', result: new Date(Date.UTC(2026, 6, 1)) }, '群众报警', { formula: 'H2*2', result: 2400.5 }, 1200.25],
      ['F0002', '东湖派出所', { formula: 'IF(1,"治安","刑事")', result: '治安' }, '赌博', '2026-07-02', '工作发现', { formula: 'H3*2', result: 0 }, 0],
      ['F0003', '东湖派出所', '刑事', '诈骗', '2026-07-03', null, { formula: 'H4*2' }, 7],
    ];
    return xlsx(join(dir, '案件台账_公式.xlsx'), [{ name: '案件', rows: [[...CASES_HEADER, '单价'], ...rows], numFmt: { E2: 'yyyy-mm-dd' } }]);
  },

  /** A visible sheet with a filter and two filtered-out rows, and an old hidden sheet. */
  hidden: async (dir) =>
    xlsx(join(dir, '案件台账_隐藏.xlsx'), [
      { name: '案件', rows: [CASES_HEADER, ...casesRows(5)], hiddenRows: [3, 5], autoFilter: 'A1:G6' },
      { name: '旧数据', rows: [CASES_HEADER, ...casesRows(2, 'OLD')], state: 'hidden' },
    ]),

  /**
   * Duplicate keys in one file: A0002 twice, identical (one skipped, named in a warning); A0003
   * twice with different 案由 (both rejected, both rows named).
   */
  duplicates: async (dir) => {
    const rows = casesRows(4);
    const withDups = [rows[0], rows[1], rows[1], rows[2], [...rows[2].slice(0, 3), '抢劫', ...rows[2].slice(4)], rows[3]];
    return put(join(dir, '案件台账_重复.csv'), delimited([CASES_HEADER, ...withDups]));
  },

  /** Two exports of the same quarter: v2 changes two cases' values and adds one. */
  disagreeV1: async (dir) => xlsx(join(dir, '案件台账_v1.xlsx'), [{ name: '案件', rows: [CASES_HEADER, ...casesRows(4)] }]),
  disagreeV2: async (dir) => {
    const rows = casesRows(5);
    rows[0][6] = '999.00'; // A0001: another amount
    rows[2][3] = '抢劫'; // A0003: another 案由
    return xlsx(join(dir, '案件台账_v2.xlsx'), [{ name: '案件', rows: [CASES_HEADER, ...rows] }]);
  },

  /** Dates in the future and before 1950 (row 3: future 受理时间; row 4: 1949; row 5: not a date). */
  dates: async (dir) => {
    const rows = casesRows(4);
    rows[1][4] = futureDate();
    rows[2][4] = '1949-12-31';
    rows[3][4] = '2026-02-30';
    return put(join(dir, '案件台账_日期.csv'), delimited([CASES_HEADER, ...rows]));
  },

  /** Stations: population 0 (loaded, flagged), negative (rejected), absurd (rejected). */
  absurdPopulation: async (dir) =>
    put(
      join(dir, '单位基础信息_人口.csv'),
      delimited([
        STATIONS_HEADER,
        ['S01', '城关派出所', '派出所', 52000, 40000, 30],
        ['S03', '西山派出所', '派出所', 0, null, 8],
        ['S04', '北岭派出所', '派出所', -5, null, 8],
        ['S05', '南坪派出所', '派出所', 99_999_999, null, 8],
        ['S06', '指挥中心', '机关', 0, null, 20],
      ]),
    ),

  /** A ledger with hours 10,000 (rejected), negative hours (rejected) and normal rows. */
  absurdHours: async (dir) =>
    put(
      join(dir, '报表台账_耗时.csv'),
      delimited([
        ['单位', '日期', '事项', '类型', '耗时(小时)'],
        ['城关派出所', '2026-07-05', '矛盾纠纷排查表', '报表', 2],
        ['城关派出所', '2026-07-06', '周例会', '会议', 10000],
        ['东湖派出所', '2026-07-06', '周例会', '会议', -1.5],
        ['东湖派出所', '2026-07-07', '安全检查', '检查', 1.5],
      ]),
    ),

  /** A print-style export: title and header repeated at each page break, a total row at the end. */
  repeatedHeader: async (dir) => {
    const rows = casesRows(6);
    return put(
      join(dir, '案件台账_打印.csv'),
      iconv.encode(
        delimited([[TITLE], CASES_HEADER, rows[0], rows[1], rows[2], [], [TITLE], CASES_HEADER, rows[3], rows[4], rows[5], ['合计', null, null, null, null, null, '2100.00']]),
        'gb18030',
      ),
    );
  },

  /** A GB18030 file with a UTF-8 line pasted in (an even number of bytes: it decodes, as nonsense). */
  gb18030WithUtf8: async (dir) => {
    const gb = iconv.encode(delimited([CASES_HEADER, ...casesRows(3)]), 'gb18030');
    const utf8 = Buffer.from(delimited([['A0009', '城关派出所', '刑事', '盗窃案件', '2026-07-09', '群众报警', '10']]), 'utf8');
    return put(join(dir, '案件台账_混合.csv'), Buffer.concat([gb, utf8, iconv.encode(delimited(casesRows(2, 'B')), 'gb18030')]));
  },

  /** A UTF-8 file (100 KB of Chinese first) with a GBK line late in the file. */
  utf8WithGbkLate: async (dir) => {
    const utf8 = Buffer.from(delimited([CASES_HEADER, ...casesRows(1200)]), 'utf8');
    const gbk = iconv.encode(delimited([['B0001', '东湖派出所', '刑事', '诈骗', '2026-07-09', '群众报警', '10']]), 'gbk');
    return put(join(dir, '案件台账_尾部乱码.csv'), Buffer.concat([utf8, gbk]));
  },
} satisfies Record<string, Maker>;

export type CorpusCase = keyof typeof CORPUS;

/** The headers of a petitions (信访) export, for the personal-data test. */
export const PETITIONS_HEADER = ['信访编号', '登记日期', '责任单位', '信访形式', '信访人', '身份证号', '联系电话', '信访事项'];

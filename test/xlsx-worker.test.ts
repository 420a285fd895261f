// The xlsx reader's worker thread (readers/xlsxfeed.ts, xlsxproducer.ts, xlsxworker.ts): rows
// arrive in order across batches, sheets can be left early and read again, errors met in the
// worker are the same UserErrors as in the reader's own thread, and the worker never keeps a
// process alive. Tests run from the TypeScript sources, which have no compiled worker beside them:
// JICENG_XLSX_WORKER points the reader at the one in dist/ (npm test builds it first).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { openTableFile } from '../src/ingest/readers/index.js';
import type { RawRow } from '../src/ingest/source.js';
import { say } from '../src/i18n/message.js';
import { failure, readSheets, ROOT, tmp } from './helpers.js';
import { sheetXml, workbookParts, xlsx, zip } from './corpus/make.js';

const WORKER = join(ROOT, 'dist', 'src', 'ingest', 'readers', 'xlsxworker.js');
const READERS = join(ROOT, 'dist', 'src', 'ingest', 'readers', 'index.js');
let dir: string;
let saved: string | undefined;

beforeAll(() => {
  expect(existsSync(WORKER), 'build first (npx tsc -p tsconfig.json): the worker runs from dist/').toBe(true);
  dir = tmp('jiceng-xlsx-worker-');
  saved = process.env.JICENG_XLSX_WORKER;
  process.env.JICENG_XLSX_WORKER = WORKER;
});
afterAll(() => {
  if (saved === undefined) delete process.env.JICENG_XLSX_WORKER;
  else process.env.JICENG_XLSX_WORKER = saved;
  rmSync(dir, { recursive: true, force: true });
});

const UNITS = ['城关派出所', '青石镇派出所', '河口派出所', '刑侦大队'];
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** Case row i (1-based): number, unit, received date, amount; every 7th has no amount. */
function caseRow(i: number): (string | number | Date | null)[] {
  return [`A${String(i).padStart(6, '0')}`, UNITS[i % 4]!, utc(2026, 7, 1 + (i % 28)), i % 7 === 0 ? null : i * 10.5];
}

describe('rows through the worker thread', () => {
  let book: string;
  beforeAll(async () => {
    const rows = [['平安县公安局2026年第三季度案件台账'], ['案件编号', '办案单位', '受理时间', '涉案金额'], ...Array.from({ length: 3000 }, (_, k) => caseRow(k + 1))];
    book = await xlsx(join(dir, 'cases.xlsx'), [
      { name: '案件台账', rows, hiddenRows: [4] },
      { name: '说明', rows: [['制表日期：2026年10月8日'], ['制表人', '张三']], state: 'hidden' },
    ]);
  });

  it('hands over every row of every sheet, in order, across batches', async () => {
    const sheets = await readSheets(await openTableFile(book));
    expect(sheets.map((s) => [s.name, s.hidden, s.rows.length])).toEqual([
      ['案件台账', false, 3002],
      ['说明', true, 2],
    ]);
    const rows = sheets[0]!.rows;
    expect(rows[0]).toEqual({ row: 1, cells: ['平安县公安局2026年第三季度案件台账'] });
    expect(rows[1]).toEqual({ row: 2, cells: ['案件编号', '办案单位', '受理时间', '涉案金额'] });
    expect(rows[3]).toEqual({ row: 4, cells: ['A000002', '河口派出所', utc(2026, 7, 3), 21], hidden: true });
    // Row numbers run on without a gap or a repeat across the batch boundaries (64, then 1,024 rows).
    expect(rows.every((r, k) => r.row === k + 1)).toBe(true);
    expect(rows[8]).toEqual({ row: 9, cells: ['A000007', '刑侦大队', utc(2026, 7, 8)] }); // no amount: the row ends early
    expect(rows[65]).toEqual({ row: 66, cells: ['A000064', '城关派出所', utc(2026, 7, 9), 672] });
    expect(rows[3001]).toEqual({ row: 3002, cells: ['A003000', '城关派出所', utc(2026, 7, 5), 31500] });
    expect(sheets[1]!.rows).toEqual([
      { row: 1, cells: ['制表日期：2026年10月8日'] },
      { row: 2, cells: ['制表人', '张三'] },
    ]);
  });

  it('keeps inline texts with their cells when a batch ends inside a row', async () => {
    // Inline strings (as openpyxl writes) travel as text; inflate chunks end mid-row, so batches do too.
    const row = (i: number): (string | number)[] => [`A${String(i).padStart(6, '0')}`, `${UNITS[i % 4]}第${i % 13}警务室`, i * 2, i % 5 === 0 ? '' : `备注&<${i}>`, '城关'];
    const data = Array.from({ length: 6000 }, (_, k) => row(k + 1));
    const p = join(dir, 'inline.xlsx');
    writeFileSync(p, zip(workbookParts('台账', Buffer.from(sheetXml(data)))));
    const [sheet] = await readSheets(await openTableFile(p));
    expect(sheet!.rows.length).toBe(6000);
    sheet!.rows.forEach((r, k) => {
      const i = k + 1;
      const cells: (string | number | null)[] = [`A${String(i).padStart(6, '0')}`, `${UNITS[i % 4]}第${i % 13}警务室`, i * 2, i % 5 === 0 ? null : `备注&<${i}>`, '城关'];
      expect(r).toEqual({ row: i, cells });
    });
  });

  it('leaves a sheet early for the next one, and reads a sheet again after the sheets ended', async () => {
    const table = await openTableFile(book);
    const firstRows: RawRow[] = [];
    const kept: { name: string; rows: AsyncIterable<RawRow> }[] = [];
    const notes: RawRow[] = [];
    try {
      for await (const s of table.sheets) {
        kept.push(s);
        if (s.name === '案件台账') {
          for await (const r of s.rows) {
            firstRows.push(r);
            if (firstRows.length === 3) break;
          }
        } else for await (const r of s.rows) notes.push(r);
      }
      expect(firstRows.map((r) => r.row)).toEqual([1, 2, 3]);
      expect(notes.map((r) => r.cells[0])).toEqual(['制表日期：2026年10月8日', '制表人']);
      let n = 0;
      let last: RawRow | undefined;
      for await (const r of kept[0]!.rows) {
        n++;
        last = r;
      }
      expect(n).toBe(3002);
      expect(last).toEqual({ row: 3002, cells: ['A003000', '城关派出所', utc(2026, 7, 5), 31500] });
    } finally {
      await table.dispose();
    }
  });
});

/** Sets the 32-bit field at `offset` of `entry`'s central-directory record. */
function patchCentral(buf: Buffer, entry: string, offset: number, value: number): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i < out.length - 46; i++) {
    if (out.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLen = out.readUInt16LE(i + 28);
    if (out.toString('utf8', i + 46, i + 46 + nameLen) !== entry) continue;
    out.writeUInt32LE(value, i + offset);
    return out;
  }
  throw new Error(`no ${entry}`);
}

describe('errors met in the worker', () => {
  const rows = [['案件编号', '办案单位'], ['A0001', '城关派出所'], ['A0002', '河口派出所']];

  it('a part failing its checksum is the damaged-zip refusal, with its hint and exit code', async () => {
    const good = zip(workbookParts('案件', Buffer.from(sheetXml(rows))));
    const p = join(dir, 'crc.xlsx');
    writeFileSync(p, patchCentral(good, 'xl/worksheets/sheet1.xml', 16, 0x12345678));
    const e = await failure(openTableFile(p).then(readSheets));
    expect(e.code).toBe('file_damaged_zip');
    expect(e.message).toContain('crc.xlsx is damaged or incomplete');
    expect(e.message).toContain('part xl/worksheets/sheet1.xml fails its checksum');
    // In Chinese the detail is Chinese too (it was English inside the Chinese sentence).
    expect(say(e.msg!, 'zh')).toBe(`${p} 已损坏或不完整（不是完整的 xlsx：部件 xl/worksheets/sheet1.xml 校验和不符）；请重新导出`);
    expect(e.hintMsg?.code).toBe('file_damaged_zip_hint');
    expect(e.hint).toContain('cut short while downloading or copying');
    expect(e.exitCode).toBe(1);
  });

  it('a part inflating past its declared size is stopped as a zip bomb', async () => {
    const p = join(dir, 'liar.xlsx');
    writeFileSync(p, zip(workbookParts('案件', Buffer.from(sheetXml(rows)), { uncompressed: 40 })));
    const e = await failure(openTableFile(p).then(readSheets));
    expect(e.code).toBe('zip_bomb_part');
    expect(e.message).toContain('liar.xlsx');
  });

  it('XML cut short names the file and the sheet', async () => {
    const xml = sheetXml(rows).replace('</sheetData></worksheet>', '<row r="4"><c r="A4"><v>1');
    const p = join(dir, 'cut-xml.xlsx');
    writeFileSync(p, zip(workbookParts('半截', Buffer.from(xml))));
    const e = await failure(openTableFile(p).then(readSheets));
    expect(e.code).toBe('file_unreadable_at');
    expect(e.message).toContain('cut-xml.xlsx (sheet "半截") could not be read: XML ends before </v>');
  });

  it('a cell beyond column XFD is refused from the worker as from the reader', async () => {
    const xml = sheetXml([['案件编号']]).replace('</row>', '<c r="XFE1"><v>1</v></c></row>');
    const p = join(dir, 'wide.xlsx');
    writeFileSync(p, zip(workbookParts('宽', Buffer.from(xml))));
    const e = await failure(openTableFile(p).then(readSheets));
    expect(e.code).toBe('xlsx_too_many_columns');
    expect(e.message).toContain('16385 > 16384 columns');
  });
});

describe('the worker never keeps a process alive', () => {
  /** Runs a module script against the compiled reader, with its worker whatever the size; returns its exit status, output and time taken. */
  function run(body: string): { status: number | null; stdout: string; stderr: string; ms: number } {
    const script = `import { openTableFile } from ${JSON.stringify(pathToFileURL(READERS).href)};\n${body}`;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, JICENG_XLSX_WORKER: WORKER } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
  }

  let book: string;
  let broken: string;
  beforeAll(async () => {
    book = await xlsx(join(dir, 'exit.xlsx'), [{ name: '名册', rows: Array.from({ length: 20_000 }, (_, k) => [`0${100000 + k}`, `民警${k}`, UNITS[k % 4]!]) }]);
    const good = readFileSync(book);
    broken = join(dir, 'exit-broken.xlsx');
    writeFileSync(broken, patchCentral(good, 'xl/worksheets/sheet1.xml', 16, 0x12345678));
  });

  it('exits when a sheet is left after its first row and the file is never disposed', () => {
    const r = run(`const t = await openTableFile(${JSON.stringify(book)});
for await (const s of t.sheets) { for await (const row of s.rows) { console.log(row.row, row.cells[0]); break; } break; }`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('1 0100000');
    expect(r.ms).toBeLessThan(20_000);
  });

  it('exits when the file is opened and never read', () => {
    const r = run(`await openTableFile(${JSON.stringify(book)}); console.log('opened');`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('opened');
  });

  it('exits with the error when a damaged sheet is read to its end', () => {
    const r = run(`const t = await openTableFile(${JSON.stringify(broken)});
let n = 0;
try { for await (const s of t.sheets) for await (const _ of s.rows) n++; }
catch (e) { console.log(e.code, n); process.exitCode = 3; }`);
    expect(r.status).toBe(3);
    expect(r.stdout.trim()).toMatch(/^file_damaged_zip \d+$/);
  });
});

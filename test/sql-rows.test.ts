// Issue 13: a plain UTF-8 CSV's rows are classified and parsed in SQL (ingest/sql). Loading the same
// messy export through that path and through the Node reader (JICENG_NODE_ROWS=1) must leave
// exactly the same workspace: rows, rejects, flags, warnings and row numbers.
import { describe, it, expect, afterEach, beforeEach } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KINDS, type KindName } from '../src/contract/kinds.js';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { loadFile, type SheetResult } from '../src/ingest/load.js';
import { openTableFile } from '../src/ingest/readers/index.js';
import { dropRawStage, holdsQuote, stageRawCsv } from '../src/ingest/sql/raw-csv.js';
import iconv from 'iconv-lite';
import { Rng } from '../fixtures/rng.js';
import { tmp, writeText } from './helpers.js';

const TODAY = '2026-11-30';
const TABLES = ['stations', 'staffing', 'headcount', 'cases', 'ledger', 'petitions', 'rejects', 'row_flags', 'loads'];
/** Columns that differ between two workspaces by construction (ids, times, paths). */
const VOLATILE = new Set(['load_id', '_load_id', 'loaded_at', 'updated_at', 'path', 'first_loaded_at', 'last_loaded_at', 'created_at', 'started_at', 'finished_at']);

const ODD: Record<string, string[]> = {
  id: ['a-01', '1.5E+17', 'null', 'NULL', ' 00123 ', '０１２３', "'0012", '="00123"', '-', 'ID 12', '身份证', 'x_1.2'],
  text: [' 城关派出所 ', '城关  派出所', '城关 派出所', '无', '暂无', '空', '-', '/', 'n/a', 'N/A', '#N/A', 'Null', '⽆', '無', 'abc', '（空）', '\u3000河口', 'Ｎ/Ａ', 'x'.repeat(40_000)],
  date: ['2026/7/1', '2026年7月1日', '2026-02-30', '2030-01-01', '1940-05-01', '20260701', '46000', '不详', '-', '2026-7-1', '２０２６-０７-０１', ' 2026-07-01', '2026-13-01', '2026-11-30', '2026-12-01', '2027-11-30', '2027-12-01', '1950-01-01', '1949-12-31', '1930-01-01', '2026-07-01 10:00', '2026-07-01 10:00:60'],
  money: ['1,200', '1200.5', '1200.555', '-5', '0', '0.00', '00012', '¥100', '100元', '待定', '1e3', '12345678901234567', '0.5', '.5', '5.', '9999999999999.99'],
  int: ['012', '-3', '1.5', '10000', '10001', '1,000', '十', '1e2', '0', '999999999999999', '3人'],
  enum: ['未破案', '不详', 'xyz', ' 刑事 ', '刑事案件', '-', '无'],
  bool: ['是', '否', 'Y', 'N', '重大', '一般', '1', '0', '未知', '无', '√'],
};
ODD.datetime = [...ODD.date, '2026-07-01T10:00:00', '2026-07-01 25:00:00', '2026-07-01 9:05', '2026-11-30 23:59:59', '2026-12-01 00:00:00'];
ODD.number = [...ODD.int, '12.50', '1000.5'];

/** A common, valid spelling for a field, varying by row. */
function common(kind: KindName, field: string, type: string, i: number, rng: Rng, slashed: boolean): string {
  const codes = KINDS[kind].fields.find((f) => f.name === field)?.codes;
  if (codes) {
    const all = Object.values(codes).flat();
    return all[rng.int(0, all.length - 1)];
  }
  switch (type) {
    case 'id':
      return `${field.slice(0, 1).toUpperCase()}${String(100000 + i)}`;
    case 'text':
      return ['城关派出所', '河口派出所', '城东派出所', '刑侦大队', '张三丰', 'Zhang San'][rng.int(0, 5)];
    case 'date':
      if (slashed) return `2026/${rng.int(1, 9)}/${rng.int(1, 28)}`; // read by Node: many spellings, a joined lookup
      return `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
    case 'datetime':
      if (slashed) return `2026/${rng.int(1, 9)}/${rng.int(1, 28)} ${rng.int(0, 23)}:${rng.int(10, 59)}`;
      return `2026-0${rng.int(1, 9)}-1${rng.int(0, 9)} 0${rng.int(0, 9)}:1${rng.int(0, 9)}:00`;
    case 'money':
      return String(rng.int(0, 99999)) + (rng.chance(0.3) ? '.5' : '');
    case 'bool':
      return rng.chance(0.5) ? '是' : '否';
    default:
      return String(rng.int(0, 60));
  }
}

/** A messy export of one kind: title, header, data rows with odd spellings, totals, footers, repeated headers. */
function messyRows(kind: KindName, n: number, seed: number, slashed = false): string[][] {
  const rng = new Rng(seed).fork(kind);
  const fields = KINDS[kind].fields;
  const header = fields.map((f) => f.aliases[0]);
  const rows: string[][] = [header];
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.01) rows.push(['合计', '', String(rng.int(1, 99))]);
    else if (r < 0.015) rows.push(['制表人：张三']);
    else if (r < 0.02) rows.push([...header]);
    else if (r < 0.025) rows.push(fields.map(() => ''));
    else if (r < 0.03 && rows.length > 2) rows.push([...rows[rows.length - 1]]); // an exact duplicate
    else {
      const row = fields.map((f, c) => {
        if (rng.chance(0.08)) return '';
        const odd = ODD[f.type] ?? [];
        if (odd.length && rng.chance(0.25)) return odd[rng.int(0, odd.length - 1)];
        return common(kind, f.name, f.type, i + c * 7, rng, slashed);
      });
      if (rng.chance(0.05)) row.push('', '', ''); // trailing delimiters
      if (rng.chance(0.03)) row.length = Math.max(2, rng.int(2, row.length - 1)); // a short record
      rows.push(row);
    }
  }
  rows.push(["", ""]); // an empty record, not a blank line (a blank line leaves the file to Node)
  rows.push(['审核人：李四', '', '制表日期：2026年10月8日']);
  return rows;
}

async function loadAndDump(file: string, nodeRows: boolean): Promise<{ results: SheetResult[]; tables: Record<string, unknown[]> }> {
  const before = process.env.JICENG_NODE_ROWS;
  if (nodeRows) process.env.JICENG_NODE_ROWS = '1';
  else delete process.env.JICENG_NODE_ROWS;
  const dir = tmp();
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  try {
    const results = (await loadFile(ws, file, { today: TODAY })).map((r) => ({ ...r, load_id: null }));
    // Nothing of the load is left behind on the connection: raw records, stages (tables or views), lookups.
    const left = await ws.db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE temporary
      UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal`);
    expect(left).toEqual([]);
    const tables: Record<string, unknown[]> = {};
    for (const t of TABLES) {
      const cols = (await ws.db.all<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE table_name = '${t}' AND NOT internal`)).map((c) => c.name);
      const keep = cols.filter((c) => !VOLATILE.has(c)).map((c) => `"${c}"`);
      tables[t] = await ws.db.all(`SELECT ${keep.join(', ')} FROM "${t}" ORDER BY ALL`);
    }
    return { results, tables };
  } finally {
    ws.close();
    // The raw records' database file and any transcoded text are gone with the load.
    expect(readdirSync(dir).filter((f) => f.startsWith('.jiceng-'))).toEqual([]);
    if (before === undefined) delete process.env.JICENG_NODE_ROWS;
    else process.env.JICENG_NODE_ROWS = before;
  }
}

/** Whether the file is one DuckDB reads raw (the SQL path). */
async function stagesRaw(file: string): Promise<boolean> {
  return (await rawWidth(file)) !== undefined;
}

/** How many columns DuckDB reads the file's raw records into; undefined when Node reads it. */
async function rawWidth(file: string): Promise<number | undefined> {
  const dir = tmp();
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  const table = await openTableFile(file);
  try {
    const raw = await stageRawCsv(ws.db, table, 'raw_probe');
    if (raw) expect(raw.attached !== undefined).toBe(process.env.JICENG_SQL_ROWS === 'attach');
    await dropRawStage(ws.db, raw);
    return raw?.width;
  } finally {
    await table.dispose();
    ws.close();
  }
}

// These exports are small: the SQL path is taken for them on purpose.
beforeEach(() => {
  process.env.JICENG_SQL_ROWS = '1';
});

afterEach(() => {
  delete process.env.JICENG_SQL_ROWS;
  delete process.env.JICENG_NODE_ROWS;
});


/** The file takes the SQL path, and loads exactly as through Node rows; not vacuous: rows loaded and rejects met. */
async function expectSameBothWays(file: string): Promise<void> {
  expect(await stagesRaw(file)).toBe(true); // plain: the SQL path is taken
  const sql = await loadAndDump(file, false);
  const node = await loadAndDump(file, true);
  expect(sql.results).toEqual(node.results);
  for (const t of TABLES) expect({ t, rows: sql.tables[t] }).toEqual({ t, rows: node.tables[t] });
  expect(sql.results[0].rows_loaded).toBeGreaterThan(100);
  expect(sql.tables.rejects.length).toBeGreaterThan(0);
}
describe('CSV rows parsed in SQL agree with the Node reader', () => {
  const cases = [['cases', 1, false], ['cases', 2, true], ['staffing', 3, false], ['headcount', 4, false], ['ledger', 5, true], ['petitions', 6, false]] as const;
  for (const [kind, seed, slashed] of cases) {
    it(`${kind} (seed ${seed}${slashed ? ', dates as 2026/7/1' : ''}): same rows, rejects, flags, warnings and row numbers`, async () => {
      // The slashed ones keep the raw records in a database file of their own, as big files do.
      if (slashed) process.env.JICENG_SQL_ROWS = 'attach';
      const rows = messyRows(kind, 600, seed, slashed);
      const file = writeText(join(tmp(), `${kind}.csv`), rows.map((r) => r.map((c) => c.replace(/[",]/g, ''))), 'utf-8');
      await expectSameBothWays(file);
    }, 120_000);
  }

  // GB18030 and UTF-16 exports are transcoded to a temporary UTF-8 file that DuckDB reads.
  const encoded = [['cases', 7, 'gb18030'], ['petitions', 8, 'utf-16le']] as const;
  for (const [kind, seed, encoding] of encoded) {
    it(`${kind} as ${encoding} (seed ${seed}): same rows, rejects, flags, warnings and row numbers`, async () => {
      if (encoding === 'gb18030') process.env.JICENG_SQL_ROWS = 'attach';
      const rows = messyRows(kind, 600, seed);
      const file = writeText(join(tmp(), `${kind}.csv`), rows.map((r) => r.map((c) => c.replace(/[",]/g, ''))), encoding);
      const table = await openTableFile(file);
      await table.dispose();
      expect(table.encoding).toBe(encoding);
      await expectSameBothWays(file);
    }, 120_000);
  }

  it('scratch files an interrupted load left beside the workspace are removed by the next load; our own and other files stay', async () => {
    const rows = messyRows('cases', 200, 11);
    const file = writeText(join(tmp(), 'cases.csv'), rows.map((r) => r.map((c) => c.replace(/[",]/g, ''))), 'utf-8');
    const dir = tmp();
    await initWorkspace(dir);
    // A load killed mid-way (pid 999999 is no process of ours) leaves its transcoded text and raw-records database.
    const stale = ['.jiceng-transcoded-999999-raw_csv.csv', '.jiceng-raw_csv-999999.duckdb', '.jiceng-raw_csv-999999.duckdb.wal'];
    const kept = ['.jiceng-notes.txt', 'jiceng-raw_csv-999999.duckdb'];
    for (const f of [...stale, ...kept]) writeFileSync(join(dir, f), 'x');
    const ws = await openWorkspace(dir);
    const table = await openTableFile(file);
    try {
      const raw = await stageRawCsv(ws.db, table, 'raw_probe');
      expect(raw).toBeDefined();
      await dropRawStage(ws.db, raw!);
    } finally {
      await table.dispose();
      ws.close();
    }
    const left = readdirSync(dir);
    for (const f of stale) expect(left).not.toContain(f);
    for (const f of kept) expect(left).toContain(f);
  });

  it('more rows SQL is unsure of than one page of Node classification (5,000): every one classified, in order', async () => {
    // A unit name with a space at either end: not "solid", so SQL leaves each row to header.ts classifyRow.
    const header = ['案件编号', '办案单位', '案件类别', '受理时间', '案件状态'];
    const rows: string[][] = [['案件登记表'], header];
    for (let i = 0; i < 12_000; i++) {
      if (i % 997 === 500) rows.push(['合计', '', String(i)]);
      else if (i % 4001 === 7) rows.push([...header]);
      else rows.push([`A${100000 + i}`, i % 2 ? ' 城关派出所' : '河口派出所 ', '刑事', `2026-0${1 + (i % 9)}-1${i % 10}`, '受理']);
    }
    const file = writeText(join(tmp(), 'cases.csv'), rows, 'utf-8');
    expect(await stagesRaw(file)).toBe(true);
    const sql = await loadAndDump(file, false);
    const node = await loadAndDump(file, true);
    expect(sql.results).toEqual(node.results);
    for (const t of TABLES) expect({ t, rows: sql.tables[t] }).toEqual({ t, rows: node.tables[t] });
    // 12,000 records less 12 totals and 3 repeated headers.
    expect(sql.results[0].rows_loaded).toBe(12_000 - 12 - 3);
  }, 120_000);

  it('a CSV whose \\r\\n falls across two 1 MB chunks of the plain-text scan is still read in SQL', async () => {
    const CHUNK = 1 << 20;
    const build = (pad: number): Buffer => {
      const body = Array.from({ length: 60_000 }, (_, i) => `A${100000 + i},城关派出所,${i % 7}`).join('\r\n');
      return Buffer.from(`案件编号${'x'.repeat(pad)},办案单位,数量\r\n${body}\r\n`, 'utf8');
    };
    const plain = build(0);
    const cr = plain.lastIndexOf(0x0d, CHUNK - 1);
    const bytes = build(CHUNK - 1 - cr);
    expect([bytes[CHUNK - 1], bytes[CHUNK]]).toEqual([0x0d, 0x0a]);
    const file = join(tmp(), 'cases.csv');
    writeFileSync(file, bytes);
    expect(await stagesRaw(file)).toBe(true);
  }, 60_000);

  it('a record wider than any in the first 1 MB, far into the file: read again as wide as the widest, same rows as Node', async () => {
    const rows = messyRows('cases', 14_000, 12).map((r) => r.map((c) => c.replace(/[",]/g, '')));
    const late = rows.length - 40;
    rows[late] = [...rows[late], '', '', '', '', '', '', '', '', '', '', '备注'];
    const width = Math.max(...rows.map((r) => r.length));
    expect(rows.slice(0, late).every((r) => r.length < width)).toBe(true);
    const file = writeText(join(tmp(), 'cases.csv'), rows, 'utf-8');
    const offset = Buffer.byteLength(rows.slice(0, late).map((r) => r.join(',')).join('\r\n'));
    expect(offset).toBeGreaterThan(1 << 20);
    expect(await rawWidth(file)).toBe(width);
    await expectSameBothWays(file);
  }, 120_000);

  it('a bare carriage return deep in the file (past the first 1 MB) leaves the file to the Node reader', async () => {
    const body = Array.from({ length: 60_000 }, (_, i) => `A${100000 + i},城关派出所,${i % 7}`);
    body[50_000] = 'A150000,城关\r派出所,3';
    const file = join(tmp(), 'cases.csv');
    writeFileSync(file, `案件编号,办案单位,数量\r\n${body.join('\r\n')}\r\n`);
    expect(await stagesRaw(file)).toBe(false);
    body[50_000] = 'A150000,城关派出所,3';
    writeFileSync(file, `案件编号,办案单位,数量\r\n${body.join('\r\n')}\r\n`);
    expect(await stagesRaw(file)).toBe(true);
  }, 60_000);

  it('a quote in a GB18030 or UTF-16 export is seen in its own bytes, across the 1 MB read boundary too, before any transcoding', async () => {
    const CHUNK = 1 << 20;
    const dir = tmp();
    const write = (name: string, bytes: Buffer): string => {
      const f = join(dir, name);
      writeFileSync(f, bytes);
      return f;
    };
    const gb = iconv.encode('案件编号,办案单位\r\nA1,城关派出所\r\n', 'gb18030');
    expect(await holdsQuote(write('plain-gb.csv', gb), 'gb18030')).toBe(false);
    expect(await holdsQuote(write('quoted-gb.csv', iconv.encode('案件编号,办案单位\r\nA1,"城关,派出所"\r\n', 'gb18030')), 'gb18030')).toBe(true);
    // UTF-16LE: '"' is 22 00. Bytes 22 | 00 meeting across the first 1 MB read (two characters, U+2241
    // and U+0000) are taken for a quote too: such a file goes to Node, which is always right.
    const split = Buffer.alloc(CHUNK + 64, 0);
    for (let i = 0; i < split.length; i += 2) split[i] = 0x41; // 'A'
    split[CHUNK - 1] = 0x22;
    split[CHUNK] = 0x00;
    expect(await holdsQuote(write('split-le.csv', split), 'utf-16le')).toBe(true);
    split[CHUNK - 1] = 0x00;
    expect(await holdsQuote(write('unsplit-le.csv', split), 'utf-16le')).toBe(false);
    const plainLe = Buffer.from('案件编号,办案单位\r\nA1,城关派出所\r\n', 'utf16le');
    expect(await holdsQuote(write('plain-le.csv', plainLe), 'utf-16le')).toBe(false);
    expect(await holdsQuote(write('quoted-le.csv', Buffer.from('案件编号,办案单位\r\nA1,"城关派出所"\r\n', 'utf16le')), 'utf-16le')).toBe(true);
    expect(await holdsQuote(write('quoted-be.csv', Buffer.from('A1,"x"', 'utf16le').swap16()), 'utf-16be')).toBe(true);
    expect(await holdsQuote(write('plain-be.csv', plainLe.subarray(0).swap16()), 'utf-16be')).toBe(false);
  });

  it('a GB18030 export with a bad byte is left to the Node reader, which names the byte as before', async () => {
    const rows = messyRows('cases', 600, 9);
    const file = writeText(join(tmp(), 'cases.csv'), rows.map((r) => r.map((c) => c.replace(/[",]/g, ''))), 'gb18030');
    const bytes = readFileSync(file);
    const at = bytes.length - 2000;
    bytes[at] = 0xff; // never a GB18030 lead byte
    writeFileSync(file, bytes);
    const dir = tmp();
    await initWorkspace(dir);
    const ws = await openWorkspace(dir);
    const table = await openTableFile(file);
    try {
      expect(table.encoding).toBe('gb18030');
      expect(await stageRawCsv(ws.db, table, 'raw_probe')).toBeUndefined();
      expect(readdirSync(dir).filter((f) => f.includes('transcoded'))).toEqual([]);
    } finally {
      await table.dispose();
      ws.close();
    }
    const failure = async (nodeRows: boolean): Promise<string> => loadAndDump(file, nodeRows).then(() => 'loaded', (e: Error) => e.message);
    const message = await failure(false);
    expect(message).toContain(String(at));
    expect(message).toBe(await failure(true));
  }, 120_000);
});

// Issue 13: the SQL fast path of value parsing (ingest/sql/fast-values.ts) must agree with the Node
// parser (rows.ts readCell → values.ts parseValue) on every cell it claims: on every spelling in
// test/values.test.ts and on random cells. A cell it does not claim goes to readCell itself.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { KINDS, type Field } from '../src/contract/kinds.js';
import { readCell, type RowContext } from '../src/ingest/rows.js';
import { fastClaimedValueSql, fastClaimSql, fastValueSql } from '../src/ingest/sql/fast-values.js';
import { ROOT } from './helpers.js';

const CTX: RowContext = { date1904: false, today: '2026-11-30', horizon: '2027-11-30', postKeywords: [] };

/** One field per distinct parsing rule the fast path has (type, earliest date, future, maximum). */
const FIELDS: Field[] = (() => {
  const seen = new Map<string, Field>();
  for (const kind of Object.values(KINDS)) {
    for (const f of kind.fields) {
      const rule = JSON.stringify([f.type, f.from, f.future, f.max]);
      if (!seen.has(rule) && fastValueSql(f, 'c', CTX) !== undefined) seen.set(rule, f);
    }
  }
  return [...seen.values()];
})();

/** Every string literal in the values tests: the spellings the Node parser is known to handle. */
function valuesTestSpellings(): string[] {
  const src = readFileSync(join(ROOT, 'test', 'values.test.ts'), 'utf8');
  const out = new Set<string>();
  for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) {
    const raw = m[1] ?? m[2];
    try {
      out.add(JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
    } catch {
      out.add(raw);
    }
  }
  return [...out].filter((s) => s !== '');
}

let db: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
});
afterAll(() => {
  con.closeSync();
  db.closeSync();
});

/** The fast path's value for each cell (null: not claimed). */
async function fastValues(field: Field, cells: string[]): Promise<(string | null)[]> {
  await con.run('CREATE OR REPLACE TABLE cells (i INTEGER, c VARCHAR)');
  const appender = await con.createAppender('cells');
  cells.forEach((c, i) => {
    appender.appendInteger(i);
    appender.appendVarchar(c);
    appender.endRow();
  });
  appender.closeSync();
  const r = await con.runAndReadAll(`SELECT ${fastValueSql(field, 'c', CTX)} AS f FROM cells ORDER BY i`);
  return r.getRowObjectsJson().map((row) => (row.f === null ? null : String(row.f)));
}

/** Cells the fast path claims whose Node reading differs: none may exist. */
async function disagreements(field: Field, cells: string[]): Promise<{ claimed: number; wrong: Array<{ cell: string; sql: string; node: unknown }> }> {
  const fast = await fastValues(field, cells);
  const wrong: Array<{ cell: string; sql: string; node: unknown }> = [];
  let claimed = 0;
  cells.forEach((cell, i) => {
    const sql = fast[i];
    if (sql === null) return;
    claimed++;
    const node = readCell(cell, field, CTX);
    if (!node.ok || node.value !== sql) wrong.push({ cell, sql, node: node.ok ? node.value : node.code });
  });
  return { claimed, wrong };
}

const COMMON: Record<string, string[]> = {
  id: ['A34118251010000000001', '016532', 'B-12', 'x_1.2', 'E12', '1e', 'e5x'],
  text: ['城关派出所', '电信网络诈骗', 'Zhang San', '城关 派出所', '基本级'],
  date: ['2026-07-01', '1990-02-28', '2024-02-29', '1950-01-01', '2026-11-30'],
  datetime: ['2026-09-30 12:04:00', '2026-07-01', '2026-11-30 23:59:59', '1950-01-01 00:00:00', '2026-11-30'],
  money: ['25249', '0', '1200.5', '0.05', '1234567890123.99'],
  int: ['0', '12', '10000'],
  number: ['0', '12', '999'],
};

describe('the SQL fast path of value parsing agrees with readCell', () => {
  it('covers every fast-path rule of the contract', () => {
    expect(new Set(FIELDS.map((f) => f.type))).toEqual(new Set(['id', 'text', 'date', 'datetime', 'money', 'int', 'number']));
  });

  it('on every spelling of test/values.test.ts, for every field rule', async () => {
    const spellings = valuesTestSpellings();
    expect(spellings.length).toBeGreaterThan(200);
    for (const f of FIELDS) {
      const { wrong } = await disagreements(f, spellings);
      expect({ field: f.name, wrong }).toEqual({ field: f.name, wrong: [] });
    }
  });

  it('its claim test alone is true exactly where it gives a value, and its value without the test is that value there', async () => {
    const cells = [...valuesTestSpellings(), ...Object.values(COMMON).flat(), '2026-07-01 10:00:00', '2026-07-01 10:00', '12.5', '1e5'];
    for (const f of FIELDS) {
      await fastValues(f, cells);
      const r = await con.runAndReadAll(`SELECT c, (${fastClaimSql(f, 'c', CTX)}) IS TRUE AS claims, (${fastValueSql(f, 'c', CTX)}) IS NOT NULL AS reads,
        (${fastValueSql(f, 'c', CTX)}) AS value, (${fastClaimedValueSql(f, 'c', CTX)}) AS bare FROM cells ORDER BY i`);
      const rows = r.getRowObjectsJson() as Array<{ c: string; claims: boolean; reads: boolean; value: string | null; bare: string | null }>;
      expect({ field: f.name, differ: rows.filter((x) => x.claims !== x.reads).map((x) => x.c) }).toEqual({ field: f.name, differ: [] });
      expect({ field: f.name, differ: rows.filter((x) => x.claims && x.bare !== x.value).map((x) => x.c) }).toEqual({ field: f.name, differ: [] });
      // Not vacuous: both kinds of cell met.
      expect(rows.some((x) => x.claims) && rows.some((x) => !x.claims)).toBe(true);
    }
  });

  it('claims the common spellings (the fast path is used) and reads them as Node does', async () => {
    for (const f of FIELDS) {
      const cells = COMMON[f.type];
      const { claimed, wrong } = await disagreements(f, cells);
      expect({ field: f.name, wrong }).toEqual({ field: f.name, wrong: [] });
      expect({ field: f.name, claimed }).toEqual({ field: f.name, claimed: cells.length });
    }
  });

  it('leaves to Node what it cannot be sure of: placeholders, padding, odd formats, implausible dates', async () => {
    const odd = ['-', '无', 'null', 'NULL', ' 12', '12 ', '０１２', '2026/7/1', '2026-02-30', '2030-01-01', '1949-12-31', '1e5', '-5', '1,200', '00012', '空', '暂无', 'n/a', '⽆',
      '2026-02-29', '2024-02-30', '2026-07-01 24:00:00', '2026-07-01 23:59:60', '2026-07-01 23:60:00', '2026-07-01T10:00:00', '0999-01-01', '+2026-07-01', '2026-07-01 10:00:00.5',
      '12E5', '1.5e3', '2026-12-01', '2026-12-01 00:00:00', '2027-12-01 00:00:00', '1949-12-31 23:59:59', '2026-11-30 24:00:00', '2026-11-30 99:99:99', '2026-11-30x'];
    for (const f of FIELDS) {
      const fast = await fastValues(f, odd);
      const claimed = odd.filter((_, i) => fast[i] !== null);
      for (const c of claimed) expect(readCell(c, f, CTX)).toEqual({ ok: true, value: fast[odd.indexOf(c)] });
    }
    const text = FIELDS.find((f) => f.type === 'text')!;
    expect(await fastValues(text, ['-', '无', ' 城关', '城关  所', 'n/a', '⽆'])).toEqual([null, null, null, null, null, null]);
  });

  it('on random cells built from the characters dates, numbers and ids are made of', async () => {
    const pieces = ['0', '1', '2', '5', '9', '-', ':', ' ', '.', ',', '/', '年', '月', '日', 'e', 'E', '+', 'n', 'N', 'u', 'l', 'A', 'x', '０', '　', '无', '\t', '2026', '-07-', '01', ' 12:30:00', '19', '20'];
    const cells = fc.sample(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((a) => a.join('')), { numRuns: 3000, seed: 13 });
    const unicode = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { numRuns: 1000, seed: 7 });
    for (const f of FIELDS) {
      const { wrong } = await disagreements(f, [...cells, ...unicode].filter((c) => c !== ''));
      expect({ field: f.name, wrong: wrong.slice(0, 5) }).toEqual({ field: f.name, wrong: [] });
    }
  });
});

// The staging appender writes short values straight into DuckDB's string slots and longer ones
// through DuckDB: every value must come back byte for byte, NULL and '' kept apart, across chunks.
import { describe, it, expect, afterAll } from 'vitest';
import { Database } from '../src/db/database.js';
import { ChunkedAppender } from '../src/ingest/stage.js';

const dbs: Database[] = [];
afterAll(() => dbs.forEach((d) => d.close()));

async function stage(rows: (string | null)[][], width: number): Promise<{ db: Database; back: Array<Record<string, string | null>> }> {
  const db = await Database.open(':memory:');
  dbs.push(db);
  const cols = Array.from({ length: width }, (_, i) => `c${i} VARCHAR`).join(', ');
  await db.run(`CREATE TEMP TABLE s (${cols})`);
  const app = await ChunkedAppender.open(db, 's', width);
  for (const r of rows) app.push(r);
  app.close();
  return { db, back: await db.all<Record<string, string | null>>(`SELECT * FROM s`) };
}

describe('ChunkedAppender', () => {
  // Each value with its UTF-8 length: both sides of DuckDB's 12-byte inline limit.
  const values: Array<[string | null, number | null]> = [
    [null, null],
    ['', 0],
    ['否', 3],
    ['2026-09-30', 10],
    ['123456789012', 12], // 12 ASCII bytes: inline
    ['1234567890123', 13], // 13: through DuckDB
    ['城关派出所', 15],
    ['治安', 6],
    ['𠀀𠀁𠀂', 12], // three 4-byte characters (CJK Extension B): exactly inline
    ['𠀀𠀁𠀂𠀃', 16],
    ['a𠀀b', 6],
    ['青石镇派出所 ', 19],
    ['B34118251040000000001', 21],
    ['é', 2],
  ];

  it('round-trips CJK, 4-byte characters, empty text and NULL exactly', async () => {
    const rows = values.map(([v], i) => [v, String(i)]);
    const { db, back } = await stage(rows, 2);
    expect(back.map((r) => r.c0)).toEqual(values.map(([v]) => v));
    const lengths = await db.all<{ n: number | null; empty: boolean | null }>(`SELECT octet_length(encode(c0))::INT AS n, c0 = '' AS empty FROM s`);
    expect(lengths.map((l) => l.n)).toEqual(values.map(([, n]) => n));
    expect(lengths.map((l) => l.empty)).toEqual(values.map(([v]) => (v === null ? null : v === '')));
    // Inline values compare equal to the same text written by DuckDB itself (padding is zero).
    expect(await db.scalar<number>(`SELECT count(*)::INT FROM s WHERE c0 IN ('否', '治安', '𠀀𠀁𠀂', '', '123456789012')`)).toBe(5);
    expect(await db.scalar<number>(`SELECT count(DISTINCT c0)::INT FROM s`)).toBe(13);
  });

  it('keeps rows, their order and their NULLs across chunk boundaries', async () => {
    // 5,000 rows: three chunks; NULLs only in the first chunk, so a later chunk must not inherit them.
    const rows: (string | null)[][] = [];
    for (let i = 0; i < 5000; i++) {
      const v = values[i % values.length]![0];
      rows.push([i < 2048 ? v : (v ?? 'x'), i % 3 === 0 && i < 2048 ? null : `第${i}行派出所`, String(i)]);
    }
    const { db, back } = await stage(rows, 3);
    expect(back.length).toBe(5000);
    expect(back.map((r) => [r.c0, r.c1, r.c2])).toEqual(rows);
    // A slot reused by a shorter value in a later chunk compares equal (no bytes left from before).
    const short = ['否', '治安', 'é', '2026-09-30'];
    const expected = short.map((v) => rows.filter((r) => r[0] === v).length);
    expect(expected.every((n) => n > 300)).toBe(true);
    const counted = await db.all<{ n: number }>(`SELECT (SELECT count(*) FROM s WHERE c0 = v)::INT AS n FROM (VALUES ('否', 1), ('治安', 2), ('é', 3), ('2026-09-30', 4)) v(v, o) ORDER BY o`);
    expect(counted.map((c) => c.n)).toEqual(expected);
  });
});

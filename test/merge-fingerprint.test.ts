// Merging a staged sheet: rows are now stored without the md5 fingerprint and compared by their
// typed values; a workspace written before (every row with _hash = md5 of its staged text) must
// keep reporting a reloaded, unchanged file as unchanged, and a changed value as updated. The
// merge also writes each row's resolved unit id.
import { describe, it, expect, afterAll } from 'vitest';
import { Database } from '../src/db/database.js';
import { schemaDdl } from '../src/db/schema.js';
import { ChunkedAppender, createRejectStage, createStage, mergeStage } from '../src/ingest/stage.js';
import { unitIndex, type UnitIndex } from '../src/ingest/resolve.js';

const dbs: Database[] = [];
afterAll(() => dbs.forEach((d) => d.close()));

// Staged case rows as the row parser writes them: case_id, station, case_type, category, is_major,
// received_at, filed_at, solved_at, closed_at, status, source, officer, amount, county, _row, _key.
type Staged = (string | null)[];
const row = (id: string, category: string | null, amount: string | null, r: number): Staged => [
  id, '城关派出所', 'criminal', category, 'false', '2026-07-01 02:21:00', '2026-07-02 18:50:00', null, null,
  'filed', null, '010054', amount, '东山县公安局', String(r), id,
];
const FILE = { file: '案件台账.csv', sheet: '案件台账' };
let loads = 0;

async function merge(db: Database, rows: Staged[], units?: { index: UnitIndex; county: string | null }) {
  const id = ++loads;
  const width = await createStage(db, `stg_${id}`, 'cases');
  await createRejectStage(db, `rej_${id}`);
  const app = await ChunkedAppender.open(db, `stg_${id}`, width);
  for (const r of rows) app.push(r);
  app.close();
  const counts = await mergeStage(db, `stg_${id}`, 'cases', { loadId: id, ...FILE }, `rej_${id}`, '案件编号', units);
  return { added: counts.added, updated: counts.updated, unchanged: counts.unchanged };
}

/** The fingerprint jiceng stored before: md5 of the staged data fields joined by U+001F, NULL as U+0000. */
async function storeOldFingerprints(db: Database, rows: Staged[]): Promise<void> {
  for (const r of rows) {
    const fields = r.slice(0, 14).map((v) => v ?? '\u0000').join('\u001f');
    await db.run(`UPDATE cases SET _hash = md5(?) WHERE _key = ?`, [fields, r[15]]);
  }
}

describe('merge without a stored fingerprint', () => {
  const first = [row('A001', '盗窃', '25249.5', 2), row('A002', '诈骗', null, 3), row('A003', '', '100', 4)];

  it('keeps a workspace written with md5 fingerprints working: same file unchanged, changed values updated', async () => {
    const db = await Database.open(':memory:');
    dbs.push(db);
    for (const s of schemaDdl()) await db.run(s);
    expect(await merge(db, first)).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(await db.scalar<number>(`SELECT count(*)::INT FROM cases WHERE _hash IS NULL`)).toBe(3);

    // The workspace as the previous jiceng left it: every row carries its fingerprint.
    await storeOldFingerprints(db, first);
    expect(await db.scalar<number>(`SELECT count(*)::INT FROM cases WHERE _hash IS NOT NULL`)).toBe(3);
    expect(await merge(db, first)).toEqual({ added: 0, updated: 0, unchanged: 3 });

    // A002 gains an amount, A003's empty category becomes NULL (not the same): both updated.
    const second = [row('A001', '盗窃', '25249.5', 2), row('A002', '诈骗', '88', 3), row('A003', null, '100', 4)];
    expect(await merge(db, second)).toEqual({ added: 0, updated: 2, unchanged: 1 });
    const stored = await db.all<{ _key: string; amount: number | null; category: string | null; fp: boolean }>(
      `SELECT _key, amount::DOUBLE AS amount, category, _hash IS NOT NULL AS fp FROM cases ORDER BY _key`,
    );
    expect(stored).toEqual([
      { _key: 'A001', amount: 25249.5, category: '盗窃', fp: true },
      { _key: 'A002', amount: 88, category: '诈骗', fp: false },
      { _key: 'A003', amount: 100, category: null, fp: false },
    ]);

    // Reloaded again: old-fingerprint and typed rows alike are unchanged.
    expect(await merge(db, second)).toEqual({ added: 0, updated: 0, unchanged: 3 });
  });

  it('tells a changed value from an unchanged one by typed value, NULL and empty text apart', async () => {
    const db = await Database.open(':memory:');
    dbs.push(db);
    for (const s of schemaDdl()) await db.run(s);
    await merge(db, first);
    expect(await merge(db, first)).toEqual({ added: 0, updated: 0, unchanged: 3 });
    const changed = [row('A001', '盗窃', '25249.51', 2), row('A002', '诈骗', null, 3), row('A003', null, '100', 4), row('A004', '抢劫', '1', 5)];
    expect(await merge(db, changed)).toEqual({ added: 1, updated: 2, unchanged: 1 });
    expect(await merge(db, changed)).toEqual({ added: 0, updated: 0, unchanged: 4 });
  });

  it('writes the resolved unit id with the row, within the county of the row', async () => {
    const db = await Database.open(':memory:');
    dbs.push(db);
    for (const s of schemaDdl()) await db.run(s);
    await db.run(`INSERT INTO stations (station_id, station_name, county, _load_id, _row) VALUES
      ('341821520', '城关派出所', '东山县公安局', 1, 2), ('341822520', '城关派出所', '西河县公安局', 1, 3)`);
    const rows = [row('A001', '盗窃', '1', 2), [...row('A002', '盗窃', '1', 3).slice(0, 13), '西河县公安局', '3', 'A002'], [...row('A003', '盗窃', '1', 4).slice(0, 1), '不存在派出所', ...row('A003', '盗窃', '1', 4).slice(2)]];
    await merge(db, rows, { index: await unitIndex(db), county: null });
    expect(await db.all(`SELECT _key, station_id FROM cases ORDER BY _key`)).toEqual([
      { _key: 'A001', station_id: '341821520' },
      { _key: 'A002', station_id: '341822520' },
      { _key: 'A003', station_id: null },
    ]);
  });
});

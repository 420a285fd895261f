// Workspaces from an older jiceng: upgraded in one transaction by ordered steps, or refused with a
// clear message. There is no older released schema yet, so the upgrade is shown with a synthetic
// step from a "schema 0" workspace whose cases table had other column names.
import { describe, it, expect, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '../src/db/database.js';
import { MIGRATIONS, migrateWorkspace, type Migration } from '../src/db/migrate.js';
import { SCHEMA_VERSION, canonicalTableDdl } from '../src/db/schema.js';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { UserError } from '../src/errors.js';
import { cli, tmp, writeText } from './helpers.js';

// These tests read the English messages (zh is the default language).
process.env.JICENG_LANG = 'en';

/** A workspace as a hypothetical jiceng 0.0 left it: meta says schema 0, cases has old column names. */
async function schemaZeroWorkspace(): Promise<string> {
  const dir = tmp();
  mkdirSync(dir, { recursive: true });
  const db = await Database.open(join(dir, 'jiceng.duckdb'));
  try {
    await db.run(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)`);
    await db.run(`INSERT INTO meta VALUES ('schema_version', '0'), ('created_with', '0.0.9')`);
    await db.run(`CREATE TABLE cases (case_no VARCHAR, unit VARCHAR, kind VARCHAR, received DATE, src_file VARCHAR)`);
    await db.run(`INSERT INTO cases VALUES ('A001', '城关派出所', 'criminal', '2026-07-01', 'old.xlsx'), ('A002', '东湖派出所', 'public_security', '2026-07-02', 'old.xlsx')`);
  } finally {
    db.close();
  }
  return dir;
}

/** The synthetic step: schema 0's cases become the canonical table with provenance. */
const STEP_0_TO_1: Migration = {
  from: 0,
  what: 'cases: case_no/unit/kind/received → case_id/station/case_type/received_at, with provenance',
  async up(db) {
    await db.run(`ALTER TABLE cases RENAME TO cases_v0`);
    await db.run(canonicalTableDdl('cases'));
    await db.run(`INSERT INTO cases (case_id, station, case_type, received_at, _load_id, _file, _sheet, _row, _key, _hash)
      SELECT case_no, unit, kind, CAST(received AS TIMESTAMP), 0, src_file, NULL, NULL, case_no, md5(case_no || unit || kind) FROM cases_v0`);
    await db.run(`DROP TABLE cases_v0`);
  },
};

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

const RELEASED_STEPS = [...MIGRATIONS];
afterEach(() => {
  MIGRATIONS.splice(0, MIGRATIONS.length, ...RELEASED_STEPS);
});

describe('a workspace from an older jiceng', () => {
  it('with no upgrade step is refused by every command with one line, and left untouched', async () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual([1]); // schema 1 is the first released layout
    const dir = await schemaZeroWorkspace();
    const before = sha(join(dir, 'jiceng.duckdb'));
    const csv = writeText(join(tmp(), 'cases.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['A9', '城关派出所', '刑事', '2026-07-09']], 'utf-8');
    for (const args of [['load', csv], ['status'], ['init', dir]]) {
      const r = cli([...args, '-w', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `jiceng: workspace ${join(dir, 'jiceng.duckdb')} was written by an older jiceng (schema 0) that this version (schema ${SCHEMA_VERSION}) cannot upgrade\n` +
          'hint: load the exports again into a new workspace (jiceng init NEWDIR, then jiceng load … -w NEWDIR), or open this one with the jiceng that wrote it\n',
      );
    }
    expect(sha(join(dir, 'jiceng.duckdb'))).toBe(before);
  });

  it('with a step is upgraded on open, in one transaction, keeping its data; then loads as usual', async () => {
    const dir = await schemaZeroWorkspace();
    MIGRATIONS.unshift(STEP_0_TO_1);
    const ws = await openWorkspace(dir);
    try {
      expect(await ws.db.all(`SELECT key, value FROM meta WHERE key IN ('schema_version', 'migrated_from') ORDER BY key`)).toEqual([
        { key: 'migrated_from', value: '0' },
        { key: 'schema_version', value: String(SCHEMA_VERSION) },
      ]);
      expect(await ws.db.all(`SELECT case_id, station, case_type, CAST(received_at AS DATE)::VARCHAR AS d FROM cases ORDER BY case_id`)).toEqual([
        { case_id: 'A001', station: '城关派出所', case_type: 'criminal', d: '2026-07-01' },
        { case_id: 'A002', station: '东湖派出所', case_type: 'public_security', d: '2026-07-02' },
      ]);
      // The tables schema 0 lacked were created by the current DDL.
      expect(await ws.db.scalar(`SELECT count(*)::INT FROM loads`)).toBe(0);
      const csv = writeText(join(tmp(), 'cases.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['A003', '城关派出所', '刑事', '2026-07-09']], 'utf-8');
      const [r] = await loadFile(ws, csv, { today: '2026-11-21' });
      expect(r).toMatchObject({ status: 'loaded', rows_added: 1 });
      expect(await ws.db.scalar(`SELECT count(*)::INT FROM cases`)).toBe(3);
    } finally {
      ws.close();
    }
  });

  it('a read-only command asks for the upgrade instead of doing it', async () => {
    const dir = await schemaZeroWorkspace();
    MIGRATIONS.unshift(STEP_0_TO_1);
    const e = await openWorkspace(dir, { readOnly: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe(`workspace ${join(dir, 'jiceng.duckdb')} was written by an older jiceng (schema 0) and must be upgraded to schema ${SCHEMA_VERSION} first`);
    expect((e as UserError).hint).toBe(`run \`jiceng init ${dir}\` once to upgrade it (any command that writes to the workspace also does)`);
  });

  it('a step that fails rolls the whole upgrade back', async () => {
    const dir = await schemaZeroWorkspace();
    const db = await Database.open(join(dir, 'jiceng.duckdb'));
    try {
      const broken: Migration = {
        from: 0,
        what: 'broken',
        async up(d) {
          await d.run(`ALTER TABLE cases RENAME TO cases_v0`);
          await d.run(`SELECT no_such_column FROM cases_v0`);
        },
      };
      const e = await migrateWorkspace(db, 'ws.duckdb', 0, { steps: [broken, ...RELEASED_STEPS] }).catch((x: unknown) => x);
      expect((e as UserError).message).toMatch(/^cannot upgrade workspace ws\.duckdb from schema 0 to 1: Binder Error/);
      expect(await db.scalar(`SELECT value FROM meta WHERE key = 'schema_version'`)).toBe('0');
      expect(await db.scalar(`SELECT count(*)::INT FROM cases`)).toBe(2);
      expect(await db.scalar(`SELECT count(*)::INT FROM duckdb_tables() WHERE table_name IN ('cases_v0', 'loads')`)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('schema 1 (the first release) is upgraded to 2: loads and rejects keep their rows and gain the new columns', async () => {
    const dir = tmp();
    await initWorkspace(dir);
    const ws = await openWorkspace(dir);
    const csv = writeText(join(tmp(), 'cases.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['A1', '城关派出所', '刑事', '2026-07-09'], ['A2', '城关派出所', '刑事', 'soon']], 'utf-8');
    await loadFile(ws, csv, { today: '2026-11-21' });
    // Turn it back into a schema-1 workspace: the columns and tables schema 2 added are removed.
    for (const sql of [
      `ALTER TABLE loads DROP COLUMN data_date`, `ALTER TABLE loads DROP COLUMN county`,
      `ALTER TABLE rejects DROP COLUMN code`, `ALTER TABLE rejects DROP COLUMN params`,
      `DROP TABLE row_flags`, `DROP TABLE mappings`, `UPDATE meta SET value = '1' WHERE key = 'schema_version'`,
      // Schema 1 stored warnings as English sentences; one a later jiceng no longer writes stays text.
      `UPDATE loads SET warnings = '["as_of taken as \\"2026-09-30\\" (from the title)", "total row 8: 人口/常住 says 82001 but the loaded rows sum to 82000 (2 row(s) were rejected)", "a warning nobody knows"]'`,
      `INSERT INTO rejects SELECT load_id, kind, file, sheet, 9, "column", 'month 13 out of range' FROM rejects`,
      `INSERT INTO rejects SELECT load_id, kind, file, sheet, 10, "column", 'a reason nobody knows' FROM rejects WHERE "row" = 3`,
    ]) await ws.db.run(sql);
    ws.close();
    let again = await openWorkspace(dir);
    try {
      expect(await again.db.scalar(`SELECT value FROM meta WHERE key = 'schema_version'`)).toBe('2');
      again.close();
      expect(cli(['status', '-w', dir]).code).toBe(0);
      // status --rejects reads them in the chosen language.
      const zh = cli(['status', '--rejects', '-w', dir, '--lang', 'zh']).stdout;
      expect(zh).toContain('不是日期');
      expect(zh).toContain('月份 13 超出范围');
      expect(zh).toContain('a reason nobody knows');
      again = await openWorkspace(dir);
      expect(await again.db.all(`SELECT kind, rows_added, data_date, county FROM loads`)).toEqual([{ kind: 'cases', rows_added: 1, data_date: null, county: null }]);
      // English reasons and warnings become message codes with parameters; unknown text is kept as legacy_text.
      expect(await again.db.all(`SELECT "row", reason, code, params FROM rejects ORDER BY "row"`)).toEqual([
        { row: 3, reason: 'not a date', code: 'reject_not_a_date', params: '{}' },
        { row: 9, reason: 'month 13 out of range', code: 'reject_month_out_of_range', params: '{"month":13}' },
        { row: 10, reason: 'a reason nobody knows', code: 'legacy_text', params: '{"text":"a reason nobody knows"}' },
      ]);
      expect(JSON.parse(await again.db.scalar<string>(`SELECT warnings FROM loads`))).toEqual([
        { code: 'note_taken_from_title', params: { field: 'as_of', value: '2026-09-30' } },
        { code: 'warn_total_mismatch_rejected', params: { row: 8, column: '人口/常住', declared: '82001', actual: '82000', rejected: 2 } },
        { code: 'legacy_text', params: { text: 'a warning nobody knows' } },
      ]);
      expect(await again.db.scalar(`SELECT count(*)::INT FROM duckdb_tables() WHERE table_name IN ('row_flags', 'mappings')`)).toBe(2);
    } finally {
      again.close();
    }
  });

  it('a DuckDB file that is not a jiceng workspace is refused, not filled with tables', async () => {
    const dir = tmp();
    const db = await Database.open(join(dir, 'jiceng.duckdb'));
    await db.run(`CREATE TABLE budget (item VARCHAR, amount DECIMAL(18,2))`);
    db.close();
    const r = cli(['status', '-w', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `jiceng: ${join(dir, 'jiceng.duckdb')} is a DuckDB database but not a jiceng workspace (it records no schema version)\nhint: use an empty folder for the workspace: jiceng init NEWDIR\n`,
    );
  });
});

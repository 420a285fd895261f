// Rows that loaded but deserve a look: unknown or ambiguous units, unclassified posts, invalid ID
// numbers, stations with a population of 0, and values that did not fit an optional field (row_flags).
import { KINDS, KIND_NAMES, type KindName } from '../contract/kinds.js';
import type { Database } from '../db/database.js';
import { ident, lit } from '../db/database.js';
import { resolvedColumn } from '../db/schema.js';
import { ROW_FLAG_TEXT } from '../i18n/catalog/values.js';
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';

/** Flags read off the kinds' tables. */
export type TableFlagCode = 'unknown_unit' | 'unclassified_post' | 'invalid_id_number' | 'zero_population';
/** Flags stored in row_flags: a value loaded empty or derived (rows.ts), a unit name of several counties (resolve.ts). */
export type RowFlagCode = keyof typeof ROW_FLAG_TEXT;
export type FlagCode = TableFlagCode | RowFlagCode;

/** The catalog code naming each flag: the one place status, metrics and reports read it from. */
export const FLAG_LABELS: Record<FlagCode, string> = {
  unknown_unit: 'flag_unknown_unit',
  unclassified_post: 'flag_unclassified_post',
  invalid_id_number: 'flag_invalid_id_number',
  zero_population: 'flag_zero_population',
  // A row flag is stored as its own catalog code (catalog/values.ts).
  ...(Object.fromEntries(Object.keys(ROW_FLAG_TEXT).map((code) => [code, code])) as Record<RowFlagCode, string>),
};

/** The name of a flag in the language; an unknown one as written. */
export function flagLabel(flag: string, lang: Lang): string {
  return Object.hasOwn(FLAG_LABELS, flag) ? say(msg(FLAG_LABELS[flag as FlagCode]), lang) : flag;
}

export interface FlaggedRow {
  kind: string;
  flag: FlagCode;
  file: string;
  sheet: string;
  row: number;
  column: string;
  /** What was written (a unit name or a post); never personal data. */
  value: string | null;
  /** Row flags only: the field, and the reason's parameters (JSON). */
  field?: string;
  params?: string;
}

export interface FlagSummary {
  kind: string;
  flag: FlagCode;
  column: string;
  value: string | null;
  rows: number;
}

/** Where a flag comes from: a kind, the condition on its rows, and what to show (never personal data). */
export interface FlagSource {
  kind: KindName;
  flag: TableFlagCode;
  /** SQL condition on the kind's table. */
  where: string;
  /** SQL expressions for the column named and the value shown. */
  column: string;
  value: string;
}

/** Every flag source, derived from the contract: the one place the flag conditions are written. */
export function flagSources(): FlagSource[] {
  const out: FlagSource[] = [];
  for (const kind of KIND_NAMES) {
    for (const f of KINDS[kind].fields) {
      if (f.unitRef) {
        // A name of units in several counties is flagged ambiguous_unit instead (row_flags).
        const ambiguous = `EXISTS (SELECT 1 FROM row_flags rf WHERE rf.code = 'ambiguous_unit' AND rf.kind = ${lit(kind)}
          AND rf.field = ${lit(f.name)} AND rf.load_id = ${ident(kind)}._load_id AND rf."row" = ${ident(kind)}._row)`;
        out.push({
          kind, flag: 'unknown_unit', where: `${ident(f.name)} IS NOT NULL AND ${ident(resolvedColumn(f))} IS NULL AND NOT ${ambiguous}`,
          column: lit(f.name), value: ident(f.name),
        });
      }
      if (f.personal === 'id_number') {
        out.push({ kind, flag: 'invalid_id_number', where: 'id_number_valid = false', column: lit(f.name), value: 'NULL' });
      }
    }
  }
  out.push({ kind: 'staffing', flag: 'unclassified_post', where: `post_class = 'unclassified'`, column: `'post'`, value: 'post' });
  // A police station with a population of 0 is a typo or a blank exported as 0; organs may have none.
  out.push({
    kind: 'stations',
    flag: 'zero_population',
    where: `unit_kind = 'station' AND coalesce(population_resident, population_registered) = 0`,
    column: `CASE WHEN population_resident IS NOT NULL THEN 'population_resident' ELSE 'population_registered' END`,
    value: 'station_name',
  });
  return out;
}

/**
 * One SELECT per flag source, all with the same columns, then the row flags of rows still in their
 * table (a row another load replaced takes its flags with it). A row flag shows the header as
 * written and never the value, except the unit name of an ambiguous_unit flag.
 */
function flagQueries(): string[] {
  const table = flagSources().map(
    (s) => `SELECT ${lit(s.kind)} AS kind, ${lit(s.flag)} AS flag, _file AS file, _sheet AS sheet, _row AS "row",
      ${s.column} AS "column", ${s.value} AS value, NULL::VARCHAR AS field, NULL::VARCHAR AS params FROM ${ident(s.kind)} WHERE ${s.where}`,
  );
  const rows = KIND_NAMES.map(
    (k) => `SELECT rf.kind, rf.code AS flag, rf.file, rf.sheet, rf."row", rf."column",
      CASE WHEN rf.code = 'ambiguous_unit' THEN json_extract_string(rf.params, '$.unit') END AS value, rf.field, rf.params
      FROM row_flags rf WHERE rf.kind = ${lit(k)} AND EXISTS (SELECT 1 FROM ${ident(k)} t WHERE t._load_id = rf.load_id AND t._row = rf."row")`,
  );
  return [...table, ...rows];
}

export async function listFlags(db: Database, limit = 10_000): Promise<FlaggedRow[]> {
  const rows = await db.all<FlaggedRow>(`SELECT * FROM (${flagQueries().join(' UNION ALL ')}) ORDER BY kind, flag, file, sheet, "row", "column" LIMIT ${limit}`);
  // Table flags keep their shape; only row flags carry field and params.
  return rows.map((r) => {
    if (r.field !== null && r.field !== undefined) return r;
    const { field: _f, params: _p, ...rest } = r;
    return rest;
  });
}

/** Flags grouped by what was written, e.g. 12 staffing rows name the unknown unit 城北所. */
export async function summarizeFlags(db: Database): Promise<FlagSummary[]> {
  return db.all<FlagSummary>(`SELECT kind, flag, "column", value, count(*)::INT AS rows
    FROM (SELECT kind, flag, "column", value FROM (${flagQueries().join(' UNION ALL ')})) GROUP BY ALL ORDER BY kind, flag, rows DESC, value`);
}

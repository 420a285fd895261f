// Rows that loaded but deserve a look: unknown units, unclassified posts, invalid ID numbers,
// stations with a population of 0.
import { KINDS, KIND_NAMES, type KindName } from '../contract/kinds.js';
import type { Database } from '../db/database.js';
import { ident, lit } from '../db/database.js';
import { resolvedColumn } from '../db/schema.js';

export type FlagCode = 'unknown_unit' | 'unclassified_post' | 'invalid_id_number' | 'zero_population';

/** What each flag means, in both languages: the one place status, metrics and reports read it from. */
export const FLAG_LABELS: Record<FlagCode, { zh: string; en: string }> = {
  unknown_unit: { zh: '单位不在单位表中', en: 'unit not in the stations table' },
  // Names the jiceng.json setting that fixes it.
  unclassified_post: { zh: '岗位无法归类（在 jiceng.json 的 post_keywords 中添加该岗位关键词）', en: 'post matches no class (add a keyword for it to post_keywords in jiceng.json)' },
  invalid_id_number: { zh: '身份证号校验不通过', en: 'ID number fails its checksum' },
  zero_population: { zh: '派出所辖区人口为 0', en: 'station population is 0' },
};

export interface FlaggedRow {
  kind: string;
  flag: FlagCode;
  file: string;
  sheet: string;
  row: number;
  column: string;
  /** What was written (a unit name or a post); never personal data. */
  value: string | null;
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
  flag: FlagCode;
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
        out.push({ kind, flag: 'unknown_unit', where: `${ident(f.name)} IS NOT NULL AND ${ident(resolvedColumn(f))} IS NULL`, column: lit(f.name), value: ident(f.name) });
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

/** One SELECT per flag source, all with the same columns. */
function flagQueries(): string[] {
  return flagSources().map(
    (s) => `SELECT ${lit(s.kind)} AS kind, ${lit(s.flag)} AS flag, _file AS file, _sheet AS sheet, _row AS "row",
      ${s.column} AS "column", ${s.value} AS value FROM ${ident(s.kind)} WHERE ${s.where}`,
  );
}

export async function listFlags(db: Database, limit = 10_000): Promise<FlaggedRow[]> {
  return db.all<FlaggedRow>(`SELECT * FROM (${flagQueries().join(' UNION ALL ')}) ORDER BY kind, flag, file, sheet, "row" LIMIT ${limit}`);
}

/** Flags grouped by what was written, e.g. 12 staffing rows name the unknown unit 城北所. */
export async function summarizeFlags(db: Database): Promise<FlagSummary[]> {
  return db.all<FlagSummary>(`SELECT kind, flag, "column", value, count(*)::INT AS rows
    FROM (${flagQueries().join(' UNION ALL ')}) GROUP BY ALL ORDER BY kind, flag, rows DESC, value`);
}

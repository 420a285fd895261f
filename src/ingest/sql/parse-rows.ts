// Parsing the data rows of a raw stage for one kind, in SQL: the stage rows, rejects and flags that
// rows.ts compileRowParser gives row by row, with the same values, reasons, flags and row numbers.
// Certain spellings are read by SQL (fast-values.ts); every other distinct cell by rows.ts
// readCell through a lookup table, so the Node parser stays the authority.
import { KINDS, type Field, type Kind, type KindName } from '../../contract/kinds.js';
import { normalizeKey } from '../../contract/normalize.js';
import type { Database } from '../../db/database.js';
import { ident, lit } from '../../db/database.js';
import { msg, say } from '../../i18n/message.js';
import type { ColumnMapping, HeaderColumn } from '../mapping.js';
import {
  answerColumns, classifyPost, constantValuesOf, countyInKey, fieldSlotsOf, isMajorMapped, readCell, REQUIRED_EMPTY, stagedColumns,
  type FieldSlot, type RowContext,
} from '../rows.js';
import { validateResidentId } from '../values.js';
import { fastClaimedValueSql, fastClaimSql } from './fast-values.js';
import { nodeLookup } from './lookup.js';
import { messageSql } from './message-sql.js';
import type { RawStage } from './raw-csv.js';

/** Kinds whose rows SQL can parse: no value derived from another column, no pending rows, no stations settling. */
export function sqlParsable(kindName: KindName, mapping: ColumnMapping, header: HeaderColumn[]): boolean {
  const kind = KINDS[kindName];
  if (kindName === 'stations' || answerColumns(kind, mapping).length) return false;
  return fieldSlotsOf(kind, mapping, header).every((s) => s.derive === undefined);
}

export interface SqlTarget {
  kind: KindName;
  mapping: ColumnMapping;
  header: HeaderColumn[];
  stage: string;
  rejectStage: string;
  flagStage: string;
  /** A CSV's header width: a row with a value past it is rejected whole (rows.ts extraFieldsReject). */
  extraFrom?: number;
}

/** What one cell's Node reading gives, as lookup columns: ok, value, reject reason, flag. */
const READ_OUTPUTS = ['ok', 'value', 'reason', 'code', 'params', 'flag', 'flag_params'];

/** Lookups with at most this many spellings are written into the SQL as CASE; larger ones are joined. */
const INLINE_MAX = 64;

/** How the SQL reads slot i's Node lookup: a join, or an inline CASE over the cell. */
interface Looked {
  join?: string;
  get(column: string): string;
}

/** SQL expressions for each field of a raw row r: its value and whether it read; and the reject. */
interface RowSql {
  value: string[];
  ok: string[];
  /** The slot whose field rejects the row, or -1 for a value past the header (extra); NULL when accepted. */
  rej: string;
  /** The 1-based column of the row's first value past the header, NULL when none. */
  extra?: string;
  looked: Map<number, Looked>;
  joins: string[];
}

/**
 * Parses the data rows (dataSql over the raw stage as r): rejects and flags into their tables, and
 * the stage made a view over the raw rows. No table of parsed cells: a table made inside the
 * load's transaction holds its memory until the commit (54 MB at 200,000 cases), and writing it
 * cost more than the few reads of the view (the merge reads only the columns it needs). Returns how
 * many rows, and the lookup tables the view reads, to drop with it.
 */
export async function parseRawRows(db: Database, raw: RawStage, dataSql: string, t: SqlTarget, ctx: RowContext): Promise<{ rows: number; lookups: string[] }> {
  const kind = KINDS[t.kind];
  const slots = fieldSlotsOf(kind, t.mapping, t.header);
  const base = t.stage;
  const R = `${raw.ref} r`;
  const cols = slots.map((s, i) => ({ s, i })).filter((x) => x.s.col !== undefined);
  const cellOf = (s: FieldSlot): string => (s.col! < raw.width ? `r.${ident(`c${s.col}`)}` : 'NULL::VARCHAR');
  // A claimed cell's value without the claim test: a cell is claimed when non-empty and not in its column's lookup.
  const fastOf = (s: FieldSlot): string | undefined => (s.col! < raw.width ? fastClaimedValueSql(s.field, cellOf(s), ctx) : undefined);
  const rows = await db.scalar<number>(`SELECT count(*)::INT FROM ${R} WHERE ${dataSql}`);

  // 1. The distinct cells the fast path leaves, of every field in one pass (a list each); each read by Node once.
  const U = `${base}_u`;
  // The fast path's test alone: the values themselves are built once, for the stage. As a CASE
  // condition, so DuckDB runs each of its tests only on the cells the earlier ones passed
  // ((claims) IS NOT TRUE would run them all on every cell: a quarter more CPU).
  // Text that repeats (unit names, categories, posts) is made distinct first and the test run on
  // those alone: a fifth of the CPU for such columns. Ids, dates, people's names and notes, mostly
  // distinct, are tested cell by cell (distinct first costs 2.5 times as much on an all-distinct column).
  const repeats = (f: Field): boolean => f.type === 'text' && !f.personal && f.name !== 'notes';
  const unsure = cols.map(({ s, i }) => {
    const c = cellOf(s);
    const claims = s.col! < raw.width ? fastClaimSql(s.field, c, ctx) : undefined;
    if (claims && repeats(s.field)) {
      return `list_filter(list(DISTINCT ${c}) FILTER (WHERE ${c} IS NOT NULL), lambda cell: CASE WHEN ${fastClaimSql(s.field, 'cell', ctx)} THEN false ELSE true END) AS u${i}`;
    }
    return `list(DISTINCT ${c}) FILTER (WHERE ${c} IS NOT NULL${claims ? ` AND CASE WHEN ${claims} THEN false ELSE true END` : ''}) AS u${i}`;
  });
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(U)} AS SELECT ${unsure.join(', ') || '1 AS none'} FROM ${R} WHERE ${dataSql}`);
  const looked = new Map<number, Looked>();
  for (const { s, i } of cols) {
    const L = `${base}_l${i}`;
    const n = await nodeLookup(db, L, `SELECT unnest(u${i}) FROM ${ident(U)}`, READ_OUTPUTS, (cell) => readOutputs(cell, s.field, ctx));
    if (n) looked.set(i, n <= INLINE_MAX ? await inlineLookup(db, L, cellOf(s)) : { join: `LEFT JOIN ${ident(L)} l${i} ON l${i}.raw = ${cellOf(s)}`, get: (c) => `l${i}.${c}` });
  }
  await db.run(`DROP TABLE IF EXISTS ${ident(U)}`);

  // 2. The stage, rejects and flags, each from the raw rows.
  const sql = rowSql(slots, constantValuesOf(slots), looked, cellOf, fastOf, extraColumnSql(raw, t.extraFrom));
  const from = `FROM ${R} ${sql.joins.join(' ')} WHERE ${dataSql}`;
  await insertRejects(db, t, slots, sql, from);
  await insertFlags(db, t, slots, sql, from);
  const mapped = await defineStage(db, t, kind, slots, sql, R, dataSql, base, ctx);
  return { rows, lookups: [...cols.map(({ i }) => `${base}_l${i}`), ...mapped] };
}

/** Whatever String.prototype.trim removes: a cell of only these is empty to extraFieldsReject. */
const JS_SPACE = '[\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}]';

/** SQL for the 1-based column of a raw row's first non-empty cell at or past `from` (NULL when none). */
function extraColumnSql(raw: RawStage, from: number | undefined): string | undefined {
  if (from === undefined || raw.width <= from) return undefined;
  const whens = [];
  for (let k = from; k < raw.width; k++) {
    const c = `r.${ident(`c${k}`)}`;
    whens.push(`WHEN ${c} IS NOT NULL AND NOT regexp_full_match(${c}, '${JS_SPACE}*') THEN ${k + 1}`);
  }
  return `CASE ${whens.join(' ')} END`;
}

/** A small lookup written as CASE expressions over the cell. */
async function inlineLookup(db: Database, table: string, cell: string): Promise<Looked> {
  const rows = await db.all<Record<string, string | null>>(`SELECT * FROM ${ident(table)}`);
  return {
    get: (column) => `CASE ${cell} ${rows.map((r) => `WHEN ${lit(r.raw!)} THEN ${r[column] === null ? 'NULL' : lit(r[column]!)}`).join(' ')} END`,
  };
}

/**
 * Each field's value and whether it read, as rows.ts parseRow decides; the first required field
 * failing rejects the row. A lookup holds every non-empty cell the fast path left, so a cell
 * missing from it is empty or read by the fast path: whether it read needs no fast path, and its
 * value is the fast path's without its test (fastOf), which so runs once per cell, in step 1.
 */
function rowSql(
  slots: FieldSlot[],
  constants: Map<string, string | null>,
  looked: Map<number, Looked>,
  cellOf: (s: FieldSlot) => string,
  fastOf: (s: FieldSlot) => string | undefined,
  extra?: string,
): RowSql {
  const value: string[] = [];
  const ok: string[] = [];
  const empty: string[] = [];
  for (const [i, s] of slots.entries()) {
    const lk = looked.get(i);
    if (s.col === undefined) {
      const c = constants.get(s.field.name);
      value.push(c === undefined || c === null ? 'NULL::VARCHAR' : lit(c));
      ok.push('true');
      empty.push(c === undefined || c === null ? 'true' : 'false');
      continue;
    }
    const fast = fastOf(s);
    if (!lk) {
      // Every non-empty cell was read by the fast path.
      value.push(fast ?? 'NULL::VARCHAR');
      ok.push('true');
      empty.push(`${cellOf(s)} IS NULL`);
    } else {
      // A cell in the lookup (ok is never NULL there) has Node's reading; any other the fast path's.
      value.push(fast ? `CASE WHEN ${lk.get('ok')} IS NOT NULL THEN ${lk.get('value')} ELSE ${fast} END` : lk.get('value'));
      ok.push(`coalesce(${lk.get('ok')} = '1', true)`);
      empty.push(`(${cellOf(s)} IS NULL OR (${lk.get('ok')} IS NOT NULL AND ${lk.get('value')} IS NULL))`);
    }
  }
  // A value past the header rejects the row before any field is read (as rows.ts does).
  const fails = [...(extra ? [`WHEN ${extra} IS NOT NULL THEN -1`] : []), ...slots.map((s, i) => (s.field.required ? `WHEN NOT ${ok[i]} OR ${empty[i]} THEN ${i}` : '')).filter(Boolean)];
  const joins = [...looked.values()].flatMap((l) => (l.join ? [l.join] : []));
  return { value, ok, rej: fails.length ? `CASE ${fails.join(' ')} END` : 'NULL::INT', extra, looked, joins };
}

/** A cell read by rows.ts readCell, as the lookup's columns. */
function readOutputs(cell: string, f: Field, ctx: RowContext): (string | null)[] {
  const r = readCell(cell, f, ctx);
  if (r.ok) return ['1', r.value, null, null, null, null, null];
  return ['0', null, say(r.reason, 'en'), r.reason.code, JSON.stringify(r.reason.params ?? {}), r.code, JSON.stringify(r.params)];
}

async function insertRejects(db: Database, t: SqlTarget, slots: FieldSlot[], sql: RowSql, from: string): Promise<void> {
  const empty = [lit(say(REQUIRED_EMPTY, 'en')), lit(REQUIRED_EMPTY.code), lit(JSON.stringify(REQUIRED_EMPTY.params ?? {}))];
  // The row wider than its header: column, English reason, code and parameters as rows.ts extraFieldsReject gives them.
  const col = `CAST(${sql.extra} AS VARCHAR)`;
  const wide = messageSql(msg('reject_extra_fields', { column: '', width: String(t.extraFrom ?? 0) }), { column: col });
  const extraWhat = [wide.text, wide.code, wide.params];
  // The rejecting field's header, then the reason's English text, code and parameters.
  const pick = (what: (s: FieldSlot, i: number) => string, extraValue: string): string => {
    const whens = [...(sql.extra ? [`WHEN -1 THEN ${extraValue}`] : []), ...slots.map((s, i) => (s.field.required ? `WHEN ${i} THEN ${what(s, i)}` : '')).filter(Boolean)];
    return whens.length ? `CASE ${sql.rej} ${whens.join(' ')} END` : 'NULL';
  };
  const reason = (k: number) => (_: FieldSlot, i: number): string => {
    const lk = sql.looked.get(i);
    return `CASE WHEN ${sql.ok[i]} THEN ${empty[k]} ELSE ${lk ? lk.get(['reason', 'code', 'params'][k]) : 'NULL'} END`;
  };
  await db.run(`INSERT INTO ${ident(t.rejectStage)} ("row", "column", reason, code, params)
    SELECT CAST(r.rowid + 1 AS VARCHAR), ${pick((s) => lit(s.display), col)}, ${pick(reason(0), extraWhat[0]!)}, ${pick(reason(1), extraWhat[1]!)}, ${pick(reason(2), extraWhat[2]!)}
    ${from} AND ${sql.rej} IS NOT NULL ORDER BY r.rowid`);
}

async function insertFlags(db: Database, t: SqlTarget, slots: FieldSlot[], sql: RowSql, from: string): Promise<void> {
  const flagged = slots.map((s, i) => ({ s, i })).filter(({ s, i }) => !s.field.required && sql.looked.has(i));
  if (!flagged.length) return;
  // Only rows with a cell that did not read: few, so the flag columns are worked out for them alone.
  const rows = `(SELECT r.rowid + 1 AS n, ${flagged.map(({ i }) => `${sql.ok[i]} AS k${i}, ${sql.looked.get(i)!.get('flag')} AS fc${i}, ${sql.looked.get(i)!.get('flag_params')} AS fp${i}`).join(', ')}
    ${from} AND ${sql.rej} IS NULL AND NOT (${flagged.map(({ i }) => sql.ok[i]).join(' AND ')}))`;
  const parts = flagged.map(({ s, i }) => `SELECT n, ${i} AS slot, ${lit(s.display)} AS "column", ${lit(s.field.name)} AS field, fc${i} AS code, fp${i} AS params FROM f WHERE NOT k${i}`);
  await db.run(`INSERT INTO ${ident(t.flagStage)} ("row", "column", field, code, params)
    WITH f AS MATERIALIZED ${rows}
    SELECT CAST(n AS VARCHAR), "column", field, code, params FROM (${parts.join(' UNION ALL ')}) ORDER BY n, slot`);
}

/** The accepted rows into the stage: field values, derived values (rows.ts finishRow), row number and key. */
/** Makes the stage a view of the accepted rows' staged values; returns the lookup tables it reads. */
async function defineStage(db: Database, t: SqlTarget, kind: Kind, slots: FieldSlot[], sql: RowSql, R: string, dataSql: string, base: string, ctx: RowContext): Promise<string[]> {
  const layout = stagedColumns(kind);
  // The field values of the accepted rows in a subquery, read by name after: a value used twice
  // (a key field, an input of a derived one) is worked out once.
  const expr = new Map<string, string>();
  slots.forEach((s, i) => expr.set(s.field.name, `v.${ident(`f${i}`)}`));
  const inner = `SELECT r.rowid AS _rid, ${slots.map((s, i) => `${sql.value[i]} AS ${ident(`f${i}`)}`).join(', ')}
    FROM ${R} ${sql.joins.join(' ')} WHERE ${dataSql} AND ${sql.rej} IS NULL`;
  const joins: string[] = [];
  const lookups: string[] = [];
  const accepted = `FROM (${inner}) v`;
  // A Node function of one value, joined by the value.
  const mapped = async (name: string, input: string, fn: (v: string) => string | null): Promise<string> => {
    const L = `${base}_${name}`;
    lookups.push(L);
    const n = await nodeLookup(db, L, `SELECT ${input} ${accepted}`, ['out'], (v) => [fn(v)]);
    if (n === 0) return 'NULL';
    if (n <= INLINE_MAX) return (await inlineLookup(db, L, input)).get('out');
    joins.push(`LEFT JOIN ${ident(L)} ${name} ON ${name}.raw = ${input}`);
    return `${name}.out`;
  };
  switch (t.kind) {
    case 'staffing': {
      expr.set('status', `coalesce(${expr.get('status')}, 'on_duty')`);
      const post = `coalesce(${expr.get('post')}, '')`;
      const cls = await mapped('post_class', post, (p) => classifyPost(p, ctx.postKeywords));
      expr.set('post_class', `coalesce(${expr.get('post_class')}, ${cls})`);
      break;
    }
    case 'cases':
      if (isMajorMapped(t.kind, t.mapping)) expr.set('is_major', `coalesce(${expr.get('is_major')}, 'false')`);
      break;
    case 'petitions': {
      const valid = await mapped('id_valid', expr.get('id_number')!, (id) => String(validateResidentId(id).valid));
      expr.set('id_number_valid', `CASE WHEN ${expr.get('id_number')} IS NOT NULL THEN ${valid} END`);
      break;
    }
    default:
      break;
  }
  // The key: key fields joined by U+001F, unit names compared by normalizeKey, then the county.
  const unitRefs = new Set(kind.fields.filter((f) => f.unitRef).map((f) => f.name));
  const keyParts: string[] = [];
  for (const k of kind.key) {
    const v = expr.get(k)!;
    keyParts.push(unitRefs.has(k) ? `coalesce(${await mapped(`nk_${k}`, v, normalizeKey)}, '')` : `coalesce(${v}, '')`);
  }
  let key = keyParts.join(` || chr(31) || `);
  if (countyInKey(kind)) {
    const county = expr.get('county')!;
    key = `${key} || CASE WHEN ${county} IS NOT NULL THEN chr(31) || '@' || ${await mapped('nk_county', county, normalizeKey)} ELSE '' END`;
  }
  expr.set('_row', 'CAST(v._rid + 1 AS VARCHAR)');
  expr.set('_key', key);
  await db.run(`DROP TABLE IF EXISTS ${ident(t.stage)}`);
  await db.run(`CREATE TEMP VIEW ${ident(t.stage)} AS
    SELECT ${layout.map((c) => `CAST(${expr.get(c.name) ?? 'NULL'} AS VARCHAR) AS ${ident(c.name)}`).join(', ')} ${accepted} ${joins.join(' ')}`);
  return lookups;
}


// Parsing the data rows of a raw stage for one kind, in SQL: the stage rows, rejects and flags that
// rows.ts compileRowParser gives row by row, with the same values, reasons, flags and row numbers.
// Certain spellings are read by SQL (fast-values.ts); every other distinct cell by rows.ts
// readCell through a lookup table, so the Node parser stays the authority.
import { KINDS, type Field, type Kind, type KindName } from '../../contract/kinds.js';
import { normalizeKey } from '../../contract/normalize.js';
import type { Database } from '../../db/database.js';
import { ident, lit } from '../../db/database.js';
import { say } from '../../i18n/message.js';
import type { ColumnMapping, HeaderColumn } from '../mapping.js';
import {
  answerColumns, classifyPost, constantValuesOf, countyInKey, fieldSlotsOf, isMajorMapped, readCell, REQUIRED_EMPTY, stagedColumns,
  type FieldSlot, type RowContext,
} from '../rows.js';
import { validateResidentId } from '../values.js';
import { fastValueSql } from './fast-values.js';
import { nodeLookup } from './lookup.js';
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
}

/** What one cell's Node reading gives, as lookup columns: ok, value, reject reason, flag. */
const READ_OUTPUTS = ['ok', 'value', 'reason', 'code', 'params', 'flag', 'flag_params'];

/** Parses the data rows (dataSql over the raw stage) into the target's stage, reject and flag tables. Returns how many rows. */
export async function parseRawRows(db: Database, raw: RawStage, dataSql: string, t: SqlTarget, ctx: RowContext): Promise<number> {
  const kind = KINDS[t.kind];
  const slots = fieldSlotsOf(kind, t.mapping, t.header);
  const constants = constantValuesOf(slots);
  const base = t.stage;
  const P = ident(`${base}_p`);
  const col = (s: FieldSlot): string => ident(`c${s.col}`);
  const cols = slots.map((s, i) => ({ s, i })).filter((x) => x.s.col !== undefined);

  // 1. The cells of every mapped field with their fast-path values.
  const select = cols.map(({ s, i }) => {
    const cell = s.col! < raw.width ? col(s) : 'NULL::VARCHAR';
    const fast = s.col! < raw.width ? fastValueSql(s.field, cell, ctx) : undefined;
    return `${cell} AS x${i}, ${fast ?? 'NULL::VARCHAR'} AS f${i}`;
  });
  await db.run(`CREATE OR REPLACE TEMP TABLE ${P} AS SELECT rowid + 1 AS n${select.map((s) => ', ' + s).join('')}
    FROM ${ident(raw.table)} WHERE ${dataSql}`);
  const rows = await db.scalar<number>(`SELECT count(*)::INT FROM ${P}`);

  // 2. Cells the fast path left: read by Node, once per distinct spelling.
  const joins: string[] = [];
  const hasLookup = new Set<number>();
  for (const { s, i } of cols) {
    const L = `${base}_l${i}`;
    const n = await nodeLookup(db, L, `SELECT x${i} FROM ${P} WHERE f${i} IS NULL`, READ_OUTPUTS, (cell) => readOutputs(cell, s.field, ctx));
    if (!n) continue;
    joins.push(`LEFT JOIN ${ident(L)} l${i} ON l${i}.raw = p.x${i}`);
    hasLookup.add(i);
  }

  // 3. Each field's value and whether it read; the first required field failing rejects the row.
  const items = ['p.n'];
  const value: string[] = [];
  const ok: string[] = [];
  for (const [i, s] of slots.entries()) {
    if (s.col === undefined) {
      const c = constants.get(s.field.name);
      value.push(c === undefined || c === null ? 'NULL::VARCHAR' : lit(c));
      ok.push('true');
    } else {
      const looked = hasLookup.has(i);
      value.push(`CASE WHEN p.x${i} IS NULL THEN NULL WHEN p.f${i} IS NOT NULL THEN p.f${i} ELSE ${looked ? `l${i}.value` : 'NULL'} END`);
      ok.push(`(p.x${i} IS NULL OR p.f${i} IS NOT NULL${looked ? ` OR coalesce(l${i}.ok = '1', false)` : ''})`);
      if (looked) items.push(`l${i}.reason AS r${i}`, `l${i}.code AS rc${i}`, `l${i}.params AS rp${i}`, `l${i}.flag AS fc${i}`, `l${i}.flag_params AS fp${i}`);
    }
    items.push(`${value[i]} AS v${i}`, `${ok[i]} AS k${i}`);
  }
  const fails = slots.map((s, i) => (s.field.required ? `WHEN NOT ${ok[i]} OR (${value[i]}) IS NULL THEN ${i}` : '')).filter(Boolean);
  items.push(`${fails.length ? `CASE ${fails.join(' ')} END` : 'NULL::INT'} AS rej`);
  const Q = ident(`${base}_q`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${Q} AS SELECT ${items.join(', ')} FROM ${P} p ${joins.join(' ')}`);

  await insertRejects(db, t, slots, hasLookup, Q);
  await insertFlags(db, t, slots, hasLookup, Q);
  await insertStaged(db, t, kind, slots, Q, base, ctx);
  for (const name of [`${base}_p`, `${base}_q`, ...cols.map(({ i }) => `${base}_l${i}`)]) await db.run(`DROP TABLE IF EXISTS ${ident(name)}`);
  return rows;
}

/** A cell read by rows.ts readCell, as the lookup's columns. */
function readOutputs(cell: string, f: Field, ctx: RowContext): (string | null)[] {
  const r = readCell(cell, f, ctx);
  if (r.ok) return ['1', r.value, null, null, null, null, null];
  return ['0', null, say(r.reason, 'en'), r.reason.code, JSON.stringify(r.reason.params ?? {}), r.code, JSON.stringify(r.params)];
}

async function insertRejects(db: Database, t: SqlTarget, slots: FieldSlot[], hasLookup: Set<number>, Q: string): Promise<void> {
  const empty = [lit(say(REQUIRED_EMPTY, 'en')), lit(REQUIRED_EMPTY.code), lit(JSON.stringify(REQUIRED_EMPTY.params ?? {}))];
  // The rejecting field's header, then the reason's English text, code and parameters.
  const pick = (what: (s: FieldSlot, i: number) => string): string => {
    const whens = slots.map((s, i) => (s.field.required ? `WHEN ${i} THEN ${what(s, i)}` : '')).filter(Boolean);
    return whens.length ? `CASE rej ${whens.join(' ')} END` : 'NULL';
  };
  const reason = (k: number) => (_: FieldSlot, i: number): string =>
    `CASE WHEN k${i} THEN ${empty[k]} ELSE ${hasLookup.has(i) ? [`r${i}`, `rc${i}`, `rp${i}`][k] : 'NULL'} END`;
  await db.run(`INSERT INTO ${ident(t.rejectStage)} ("row", "column", reason, code, params)
    SELECT CAST(n AS VARCHAR), ${pick((s) => lit(s.display))}, ${pick(reason(0))}, ${pick(reason(1))}, ${pick(reason(2))} FROM ${Q} WHERE rej IS NOT NULL ORDER BY n`);
}

async function insertFlags(db: Database, t: SqlTarget, slots: FieldSlot[], hasLookup: Set<number>, Q: string): Promise<void> {
  const parts = slots
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => !s.field.required && s.col !== undefined && hasLookup.has(i))
    .map(({ s, i }) => `SELECT n, ${i} AS slot, ${lit(s.display)} AS "column", ${lit(s.field.name)} AS field, fc${i} AS code, fp${i} AS params FROM ${Q} WHERE rej IS NULL AND NOT k${i}`);
  if (!parts.length) return;
  await db.run(`INSERT INTO ${ident(t.flagStage)} ("row", "column", field, code, params)
    SELECT CAST(n AS VARCHAR), "column", field, code, params FROM (${parts.join(' UNION ALL ')}) ORDER BY n, slot`);
}

/** The accepted rows into the stage: field values, derived values (rows.ts finishRow), row number and key. */
async function insertStaged(db: Database, t: SqlTarget, kind: Kind, slots: FieldSlot[], Q: string, base: string, ctx: RowContext): Promise<void> {
  const layout = stagedColumns(kind);
  const expr = new Map<string, string>();
  slots.forEach((s, i) => expr.set(s.field.name, `q.v${i}`));
  const joins: string[] = [];
  // A Node function of one value, joined by the value.
  const mapped = async (name: string, input: string, fn: (v: string) => string | null): Promise<string> => {
    const L = `${base}_${name}`;
    await nodeLookup(db, L, `SELECT ${input} FROM ${Q} q WHERE rej IS NULL`, ['out'], (v) => [fn(v)]);
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
  expr.set('_row', 'CAST(q.n AS VARCHAR)');
  expr.set('_key', key);
  await db.run(`INSERT INTO ${ident(t.stage)} (${layout.map((c) => ident(c.name)).join(', ')})
    SELECT ${layout.map((c) => expr.get(c.name) ?? 'NULL').join(', ')} FROM ${Q} q ${joins.join(' ')} WHERE q.rej IS NULL ORDER BY q.n`);
}

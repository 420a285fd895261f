// Turning one raw data row into canonical text values for one kind, or a reason to reject it.
import { KINDS, PLAUSIBLE_DATE_FROM, type Field, type Kind, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import type { Cell } from './source.js';
import type { ColumnMapping, HeaderColumn } from './mapping.js';
import { parseValue, validateResidentId } from './values.js';
import { msg, type Message, type Param } from '../i18n/message.js';

export interface RowContext {
  date1904: boolean;
  /** Today's date (YYYY-MM-DD): dates after it are rejected, deadlines may run a year ahead. */
  today: string;
  /** A year after today. */
  horizon: string;
  postKeywords: Array<[string, string[]]>;
}

export interface StagedColumn {
  name: string;
  field?: Field;
}

/** The staging layout of a kind: its fields, then derived columns, then the row number and key. */
export function stagedColumns(kind: Kind): StagedColumn[] {
  const cols: StagedColumn[] = kind.fields.map((f) => ({ name: f.name, field: f }));
  if (kind.fields.some((f) => f.personal === 'id_number')) cols.push({ name: 'id_number_valid' });
  // A station whose file gives no id: its id is settled against the workspace (ingest/stations.ts).
  if (kind.name === 'stations') cols.push({ name: 'name_key' }, { name: '_id_derived' });
  cols.push({ name: '_row' }, { name: '_key' });
  return cols;
}

/**
 * Longest text a cell may hold: Excel's own limit. Longer text (a 1 MB cell) cannot have come from
 * a spreadsheet a person typed into; it is a damaged or hostile export. The row is rejected with
 * a reason naming the column, never silently truncated.
 */
export const MAX_CELL_CHARS = 32_767;

/** A value that did not fit an optional field (loaded as empty), or a value derived from another column. */
export interface RowFlag {
  /** The header as written. */
  column: string;
  field: string;
  code: string;
  params: Record<string, Param>;
}

export type RowOutcome =
  | { ok: true; values: (string | null)[]; flags?: RowFlag[] }
  | { ok: false; column: string; reason: Message }
  /** Every answer cell is empty: the row is waiting to be filled in, not wrong. */
  | { ok: false; pending: true };

/** One field of a kind as a sheet supplies it: its column, or a constant, and where it may be derived from. */
export interface FieldSlot {
  field: Field;
  col: number | undefined;
  constant: unknown;
  /** The header as written (the field's name when the sheet has no column for it). */
  display: string;
  derive: number | undefined;
  deriveDisplay: string | undefined;
}

export function fieldSlotsOf(kind: Kind, mapping: ColumnMapping, header: HeaderColumn[]): FieldSlot[] {
  return kind.fields.map((field) => {
    const col = mapping.columns.get(field.name);
    const constant = mapping.constants.get(field.name);
    const display = col !== undefined ? header[col]?.display || field.name : field.name;
    // A field the contract can derive from another column (unit kind from the unit's name).
    const from = field.deriveFrom !== undefined ? mapping.columns.get(field.deriveFrom) : undefined;
    const derive = from !== undefined && from !== col ? from : undefined;
    const deriveDisplay = derive !== undefined ? header[derive]?.display || field.deriveFrom : undefined;
    return { field, col, constant, display, derive, deriveDisplay };
  });
}

/** A cases file with a 是否重大 column (or constant): a blank cell there means not major. */
export function isMajorMapped(kindName: KindName, mapping: ColumnMapping): boolean {
  return kindName === 'cases' && (mapping.columns.has('is_major') || mapping.constants.has('is_major'));
}

/** The key names a unit and the kind has a county: the county joins the key. */
export function countyInKey(kind: Kind): boolean {
  const unitKeyFields = new Set(kind.fields.filter((f) => f.unitRef).map((f) => f.name));
  return kind.key.some((k) => unitKeyFields.has(k)) && kind.fields.some((f) => f.name === 'county');
}

/** The columns whose cells are all empty in a row waiting to be filled in (findings). */
export function answerColumns(kind: Kind, mapping: ColumnMapping): number[] {
  return (kind.answerFields ?? []).map((f) => mapping.columns.get(f)).filter((c): c is number => c !== undefined);
}

/** Constants parsed once; a bad constant fails the whole sheet up front (throws). */
export function constantValuesOf(fieldSlots: FieldSlot[]): Map<string, string | null> {
  const constantValues = new Map<string, string | null>();
  for (const slot of fieldSlots) {
    if (slot.col !== undefined || slot.constant === undefined) continue;
    const parsed = parseValue(slot.constant as Cell, slot.field, { date1904: false });
    if (!parsed.ok) throw new Error(`constant for ${slot.field.name}: ${parsed.reason}`);
    constantValues.set(slot.field.name, parsed.value === null ? null : String(parsed.value));
  }
  return constantValues;
}

/**
 * A compiled row parser for one sheet and kind: which column feeds which field, constants, and
 * the derived values (post class, default status, major flag, ID validity, keys).
 */
export function compileRowParser(kindName: KindName, mapping: ColumnMapping, header: HeaderColumn[], ctx: RowContext) {
  const kind = KINDS[kindName];
  const layout = stagedColumns(kind);
  const fieldSlots = fieldSlotsOf(kind, mapping, header);
  const idx = (name: string): number => layout.findIndex((c) => c.name === name);
  const majorMapped = isMajorMapped(kindName, mapping);
  const keyIdx = kind.key.map(idx);
  const unitKeyFields = new Set(kind.fields.filter((f) => f.unitRef).map((f) => f.name));
  // A key naming a unit (headcount, ledger) holds within the row's county: two counties' 城关派出所
  // are two records. Without a county the key is as it always was.
  const countyIdx = countyInKey(kind) ? idx('county') : -1;
  const constantValues = constantValuesOf(fieldSlots);
  const answerCols = answerColumns(kind, mapping);

  const isEmpty = (c: Cell | undefined): boolean => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

  return function parseRow(cells: Cell[], rowNumber: number): RowOutcome {
    if (answerCols.length && answerCols.every((c) => isEmpty(cells[c]))) return { ok: false, pending: true };
    const values: (string | null)[] = new Array(layout.length).fill(null);
    let flags: RowFlag[] | undefined;
    for (let i = 0; i < fieldSlots.length; i++) {
      const slot = fieldSlots[i];
      const f = slot.field;
      let v: string | null;
      if (slot.col !== undefined) {
        const cell = cells[slot.col] ?? null;
        const read = readCell(cell, f, ctx);
        if (read.ok && (read.value !== null || slot.derive === undefined || !f.required)) v = read.value;
        else {
          // A value that does not fit: derived from another column when the contract says how,
          // else empty with a flag when the field is optional; only a required field rejects the row.
          const derived = slot.derive !== undefined ? readCell(cells[slot.derive] ?? null, f, ctx) : undefined;
          if (derived?.ok && derived.value !== null) {
            v = derived.value;
            (flags ??= []).push({ column: slot.display, field: f.name, code: 'flag_value_derived', params: { from: slot.deriveDisplay ?? null } });
          } else if (read.ok) {
            v = null; // empty, and nothing to derive it from: the required check below rejects the row
          } else if (f.required) {
            return { ok: false, column: slot.display, reason: read.reason };
          } else {
            v = null;
            (flags ??= []).push({ column: slot.display, field: f.name, code: read.code, params: read.params });
          }
        }
      } else {
        v = constantValues.get(f.name) ?? null;
      }
      if (v === null && f.required) return { ok: false, column: slot.display, reason: REQUIRED_EMPTY };
      values[i] = v;
    }
    finishRow(kindName, values, idx, ctx, majorMapped);
    values[layout.length - 2] = String(rowNumber);
    values[layout.length - 1] = keyIdx
      .map((k) => {
        const v = values[k];
        return v !== null && unitKeyFields.has(layout[k].name) ? normalizeKey(v) : (v ?? '');
      })
      .join('\u001f');
    if (countyIdx >= 0 && values[countyIdx] !== null) values[layout.length - 1] += `\u001f@${normalizeKey(values[countyIdx]!)}`;
    return flags ? { ok: true, values, flags } : { ok: true, values };
  };
}

export const REQUIRED_EMPTY = msg('reject_required_empty');

export type CellRead = { ok: true; value: string | null } | { ok: false; reason: Message; code: string; params: Record<string, Param> };

/** One cell read for a field: its canonical text, or why it does not fit (the reject reason, and the flag code when the field is optional). */
export function readCell(cell: Cell, f: Field, ctx: RowContext): CellRead {
  if (typeof cell === 'string' && cell.length > MAX_CELL_CHARS) {
    return { ok: false, reason: msg('reject_text_too_long', { max: MAX_CELL_CHARS }), code: 'flag_text_too_long', params: { max: MAX_CELL_CHARS } };
  }
  const parsed = parseValue(cell, f, { date1904: ctx.date1904 });
  if (!parsed.ok) return { ok: false, reason: parsed.message, code: parseFailureCode(f, parsed.reason), params: { detail: parsed.message } };
  const v = parsed.value === null ? null : String(parsed.value);
  if (v !== null) {
    const bad = implausible(f, v, ctx);
    if (bad) return { ok: false, reason: bad.reason, code: bad.code, params: bad.params };
  }
  return { ok: true, value: v };
}

/** The flag code of a value the parser could not read, by the field's type. */
function parseFailureCode(f: Field, reason: string): string {
  switch (f.type) {
    case 'date':
    case 'datetime':
      return 'flag_not_a_date';
    case 'int':
    case 'number':
    case 'money':
      return 'flag_bad_number';
    case 'enum':
      return 'flag_unknown_code';
    case 'bool':
      return 'flag_not_yes_no';
    case 'id':
      return reason.startsWith('stored as a number') ? 'flag_id_lost_digits' : 'flag_bad_value';
    default:
      return 'flag_bad_value';
  }
}

function implausible(f: Field, v: string, ctx: RowContext): { reason: Message; code: string; params: Record<string, Param> } | undefined {
  if (f.type === 'date' || f.type === 'datetime') {
    const d = v.slice(0, 10);
    const from = f.from ?? PLAUSIBLE_DATE_FROM;
    if (d < from) return { reason: msg('reject_date_before', { date: from }), code: 'flag_date_too_early', params: { from } };
    if (d > (f.future ? ctx.horizon : ctx.today)) {
      return f.future
        ? { reason: msg('reject_date_too_far_ahead'), code: 'flag_date_too_far_ahead', params: { latest: ctx.horizon } }
        : { reason: msg('reject_date_in_future'), code: 'flag_date_in_future', params: { latest: ctx.today } };
    }
  } else if (f.max !== undefined && (f.type === 'int' || f.type === 'number') && Number(v) > f.max) {
    return { reason: msg('reject_above_maximum', { max: f.max }), code: 'flag_above_max', params: { max: f.max } };
  }
  return undefined;
}

/** Derived values the contract defines: defaults and classifications that do not come from a column. */
function finishRow(kind: KindName, values: (string | null)[], idx: (n: string) => number, ctx: RowContext, majorMapped: boolean): void {
  switch (kind) {
    case 'stations': {
      const name = values[idx('station_name')]!;
      if (values[idx('station_id')] === null) {
        values[idx('station_id')] = name;
        values[idx('_id_derived')] = 'true';
      }
      values[idx('name_key')] = normalizeKey(name);
      break;
    }
    case 'staffing': {
      if (values[idx('status')] === null) values[idx('status')] = 'on_duty';
      if (values[idx('post_class')] === null) values[idx('post_class')] = classifyPost(values[idx('post')] ?? '', ctx.postKeywords);
      break;
    }
    case 'cases': {
      // A file with a 是否重大 column: a blank cell means not major. Without the column every case counts.
      if (majorMapped && values[idx('is_major')] === null) values[idx('is_major')] = 'false';
      break;
    }
    case 'petitions': {
      const id = values[idx('id_number')];
      if (id !== null) values[idx('id_number_valid')] = String(validateResidentId(id).valid);
      break;
    }
    default:
      break;
  }
}

/** Post → post class by keywords, in order, first match wins; no match is 'unclassified'. */
export function classifyPost(post: string, keywords: Array<[string, string[]]>): string {
  const p = normalizeKey(post);
  for (const [cls, words] of keywords) {
    if (words.some((w) => p.includes(normalizeKey(w)))) return cls;
  }
  return 'unclassified';
}

// Turning one raw data row into canonical text values for one kind, or a reason to reject it.
import { KINDS, PLAUSIBLE_DATE_FROM, type Field, type Kind, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import type { Cell } from './source.js';
import type { ColumnMapping, HeaderColumn } from './mapping.js';
import { parseValue, validateResidentId, type DateOptions } from './values.js';
import { plainCellReader } from './values/parse-value.js';
import { dateCellDay, plainDateYmd } from './values/date.js';
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
  // Worked out once, not per row: the parse options, each column's plausible dates, the
  // positions finishRow fills, and the key's parts.
  const opts: DateOptions = { date1904: ctx.date1904 };
  const readers = fieldSlots.map((slot) => cellReader(slot.field, ctx, opts));
  const at = finishPositions(idx);
  const keyParts = keyIdx.map((k) => ({ k, unit: unitKeyFields.has(layout[k].name) }));
  const width = layout.length;
  const nulls: (string | null)[] = new Array(width).fill(null);
  // Unit and county names repeat on every row: each is normalised once (a bounded memo).
  const unitKeys = new Map<string, string>();
  const unitKey = (name: string): string => {
    let k = unitKeys.get(name);
    if (k === undefined) {
      k = normalizeKey(name);
      if (unitKeys.size >= UNIT_KEY_MEMO_MAX) unitKeys.clear();
      unitKeys.set(name, k);
    }
    return k;
  };

  return function parseRow(cells: Cell[], rowNumber: number): RowOutcome {
    if (answerCols.length && answerCols.every((c) => isEmpty(cells[c]))) return { ok: false, pending: true };
    const values: (string | null)[] = nulls.slice();
    let flags: RowFlag[] | undefined;
    for (let i = 0; i < fieldSlots.length; i++) {
      const slot = fieldSlots[i];
      const f = slot.field;
      let v: string | null;
      if (slot.col !== undefined) {
        const cell = cells[slot.col] ?? null;
        const read = readers[i](cell);
        if (!(read instanceof CellFailure) && (read !== null || slot.derive === undefined || !f.required)) v = read;
        else {
          // A value that does not fit: derived from another column when the contract says how,
          // else empty with a flag when the field is optional; only a required field rejects the row.
          const derived = slot.derive !== undefined ? readers[i](cells[slot.derive] ?? null) : undefined;
          if (typeof derived === 'string') {
            v = derived;
            (flags ??= []).push({ column: slot.display, field: f.name, code: 'flag_value_derived', params: { from: slot.deriveDisplay ?? null } });
          } else if (!(read instanceof CellFailure)) {
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
    finishRow(kindName, values, at, ctx, majorMapped);
    values[width - 2] = String(rowNumber);
    let key = '';
    for (let j = 0; j < keyParts.length; j++) {
      const v = values[keyParts[j].k];
      const part = v !== null && keyParts[j].unit ? unitKey(v) : (v ?? '');
      key = j === 0 ? part : key + '\u001f' + part;
    }
    values[width - 1] = key;
    if (countyIdx >= 0 && values[countyIdx] !== null) values[width - 1] += `\u001f@${unitKey(values[countyIdx]!)}`;
    return flags ? { ok: true, values, flags } : { ok: true, values };
  };
}

export const REQUIRED_EMPTY = msg('reject_required_empty');

/**
 * A CSV row with a value past the header's last field: an unquoted comma (1,000 in an old GBK
 * export) has shifted every field after it, so none of the row's values can be trusted. Rejected
 * whole, naming the first such column (1-based) and the header's width; empty fields past the
 * header (a trailing comma) are nothing. parse-rows.ts gives the same reject in SQL.
 */
export function extraFieldsReject(cells: Cell[], headerWidth: number): RowOutcome | undefined {
  for (let i = headerWidth; i < cells.length; i++) {
    const c = cells[i];
    if (c !== null && c !== undefined && String(c).trim() !== '') {
      const column = String(i + 1);
      return { ok: false, column, reason: msg('reject_extra_fields', { column, width: String(headerWidth) }) };
    }
  }
  return undefined;
}
const UNIT_KEY_MEMO_MAX = 4096;

export type CellRead = { ok: true; value: string | null } | { ok: false; reason: Message; code: string; params: Record<string, Param> };

/**
 * One cell read for a field, exactly as the row parser reads it: its canonical text, or why it does
 * not fit (the reject reason, and the flag code when the field is optional). The SQL row path asks
 * this for every cell its own rules are not sure of, so the row parser stays the one authority.
 */
export function readCell(cell: Cell, f: Field, ctx: RowContext): CellRead {
  let cached = READERS.get(f);
  if (!cached || cached.ctx !== ctx) READERS.set(f, (cached = { ctx, read: cellReader(f, ctx, { date1904: ctx.date1904 }) }));
  const r = cached.read(cell);
  return r instanceof CellFailure ? { ok: false, reason: r.reason, code: r.code, params: r.params } : { ok: true, value: r };
}
/** readCell's reader per field, for the context (one load) it was made for. */
const READERS = new WeakMap<Field, { ctx: RowContext; read: CellReader }>();

/** Why a cell does not fit its field: the reject reason, and the flag code when the field is optional. */
class CellFailure {
  constructor(
    readonly reason: Message,
    readonly code: string,
    readonly params: Record<string, Param>,
  ) {}
}

/** One cell read for a field: its canonical text, null when empty, or why it does not fit. */
type CellReader = (cell: Cell) => string | null | CellFailure;

/** The reader of one field's cells, with the field's plausible dates worked out once. */
function cellReader(f: Field, ctx: RowContext, opts: DateOptions): CellReader {
  const dates = f.type === 'date' || f.type === 'datetime' ? dateRange(f, ctx) : undefined;
  const plainText = plainCellReader(f);
  // Only dates and bounded counts or measures can be implausible.
  const bounded = f.max !== undefined && (f.type === 'int' || f.type === 'number');
  const withTime = f.type === 'datetime';
  return (cell) => {
    if (dates && typeof cell === 'string') {
      // A plain ISO date: its number is read once, for the value and the plausibility check both.
      const n = plainDateYmd(cell, withTime);
      if (n >= 0) {
        const plainDate = withTime && cell.length === 10 ? cell + ' 00:00:00' : cell;
        if (n >= dates.from && n <= dates.latest) return plainDate;
        const outside = implausible(f, plainDate, ctx);
        return outside ? new CellFailure(outside.reason, outside.code, outside.params) : plainDate;
      }
    }
    if (dates && cell instanceof Date) {
      // An xlsx date cell: its day number decides plausibility, the text is not read again.
      const text = plainText(cell);
      if (typeof text === 'string') {
        const day = dateCellDay(cell);
        if (day >= dates.fromDay && day <= dates.latestDay) return text;
        const outside = implausible(f, text, ctx);
        return outside ? new CellFailure(outside.reason, outside.code, outside.params) : text;
      }
    }
    let v: string;
    const plain = typeof cell === 'string' && cell.length > MAX_CELL_CHARS ? undefined : plainText(cell);
    if (plain !== undefined) {
      // The commonest spellings, read without building a parse result (the same text parseValue gives).
      if (plain === null) return null;
      v = plain;
    } else {
      if (typeof cell === 'string' && cell.length > MAX_CELL_CHARS) {
        return new CellFailure(msg('reject_text_too_long', { max: MAX_CELL_CHARS }), 'flag_text_too_long', { max: MAX_CELL_CHARS });
      }
      const parsed = parseValue(cell, f, opts);
      if (!parsed.ok) return new CellFailure(parsed.message, parseFailureCode(f, parsed.reason), { detail: parsed.message });
      const value = parsed.value;
      if (value === null) return null;
      v = typeof value === 'string' ? value : String(value);
    }
    const bad = dates ? implausibleDate(f, v, ctx, dates) : bounded ? implausible(f, v, ctx) : undefined;
    return bad ? new CellFailure(bad.reason, bad.code, bad.params) : v;
  };
}

/** A date field's bounds as yyyymmdd numbers, so a canonical date compares without slicing (NaN: compare the text). */
interface DateRange {
  from: number;
  latest: number;
  /** The same bounds as days since 1970-01-01, for Date cells (NaN: compare the text). */
  fromDay: number;
  latestDay: number;
}

function dateRange(f: Field, ctx: RowContext): DateRange {
  const plain = (s: string): number => (s.length === 10 ? ymdNumber(s) : NaN);
  const from = f.from ?? PLAUSIBLE_DATE_FROM;
  const latest = f.future ? ctx.horizon : ctx.today;
  return { from: plain(from), latest: plain(latest), fromDay: dayNumber(from), latestDay: dayNumber(latest) };
}

/** A real 'YYYY-MM-DD' (year 1000 on) → days since 1970-01-01; NaN for any other text, a day that does not exist among them. */
function dayNumber(s: string): number {
  const n = s.length === 10 ? ymdNumber(s) : NaN;
  if (!(n >= 10000101)) return NaN;
  const ms = Date.UTC(Math.floor(n / 10000), Math.floor(n / 100) % 100 - 1, n % 100);
  return new Date(ms).toISOString().slice(0, 10) === s ? ms / 86_400_000 : NaN;
}

/** 'YYYY-MM-DD…' → YYYYMMDD; NaN when the text does not start so. Ordered like the 10 characters' text. */
function ymdNumber(s: string): number {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** implausible() for a date field, comparing numbers when the value and the bounds are plain dates. */
function implausibleDate(f: Field, v: string, ctx: RowContext, range: DateRange): ReturnType<typeof implausible> {
  const n = ymdNumber(v);
  if (n !== n || range.from !== range.from || range.latest !== range.latest) return implausible(f, v, ctx);
  if (n >= range.from && n <= range.latest) return undefined;
  return implausible(f, v, ctx);
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

/** Where finishRow reads and writes, by column name (-1 when the kind has no such column). */
function finishPositions(idx: (n: string) => number) {
  return {
    station_name: idx('station_name'), station_id: idx('station_id'), _id_derived: idx('_id_derived'), name_key: idx('name_key'),
    status: idx('status'), post_class: idx('post_class'), post: idx('post'), is_major: idx('is_major'),
    id_number: idx('id_number'), id_number_valid: idx('id_number_valid'),
  };
}

/** Derived values the contract defines: defaults and classifications that do not come from a column. */
function finishRow(kind: KindName, values: (string | null)[], at: ReturnType<typeof finishPositions>, ctx: RowContext, majorMapped: boolean): void {
  switch (kind) {
    case 'stations': {
      const name = values[at.station_name]!;
      if (values[at.station_id] === null) {
        values[at.station_id] = name;
        values[at._id_derived] = 'true';
      }
      values[at.name_key] = normalizeKey(name);
      break;
    }
    case 'staffing': {
      if (values[at.status] === null) values[at.status] = 'on_duty';
      if (values[at.post_class] === null) values[at.post_class] = classifyPost(values[at.post] ?? '', ctx.postKeywords);
      break;
    }
    case 'cases': {
      // A file with a 是否重大 column: a blank cell means not major. Without the column every case counts.
      if (majorMapped && values[at.is_major] === null) values[at.is_major] = 'false';
      break;
    }
    case 'petitions': {
      const id = values[at.id_number];
      if (id !== null) values[at.id_number_valid] = String(validateResidentId(id).valid);
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

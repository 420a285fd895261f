// Turning one raw data row into canonical text values for one kind, or a reason to reject it.
import { msg, type Message } from '../i18n/message.js';
import { KINDS, PLAUSIBLE_DATE_FROM, type Field, type Kind, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import type { Cell } from './source.js';
import type { ColumnMapping, HeaderColumn } from './mapping.js';
import { parseValue, validateResidentId } from './values.js';

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
  if (kind.name === 'stations') cols.push({ name: 'name_key' });
  cols.push({ name: '_row' }, { name: '_key' });
  return cols;
}

/**
 * Longest text a cell may hold: Excel's own limit. Longer text (a 1 MB cell) cannot have come from
 * a spreadsheet a person typed into; it is a damaged or hostile export. The row is rejected with
 * a reason naming the column, never silently truncated.
 */
export const MAX_CELL_CHARS = 32_767;

export type RowOutcome =
  | { ok: true; values: (string | null)[] }
  | { ok: false; column: string; reason: Message }
  /** Every answer cell is empty: the row is waiting to be filled in, not wrong. */
  | { ok: false; pending: true };

/**
 * A compiled row parser for one sheet and kind: which column feeds which field, constants, and
 * the derived values (post class, default status, major flag, ID validity, keys).
 */
export function compileRowParser(kindName: KindName, mapping: ColumnMapping, header: HeaderColumn[], ctx: RowContext) {
  const kind = KINDS[kindName];
  const layout = stagedColumns(kind);
  const fieldSlots = kind.fields.map((field) => {
    const col = mapping.columns.get(field.name);
    const constant = mapping.constants.get(field.name);
    const display = col !== undefined ? header[col]?.display || field.name : field.name;
    return { field, col, constant, display };
  });
  const idx = (name: string): number => layout.findIndex((c) => c.name === name);
  const majorMapped = kindName === 'cases' && (mapping.columns.has('is_major') || mapping.constants.has('is_major'));
  const keyIdx = kind.key.map(idx);
  const unitKeyFields = new Set(kind.fields.filter((f) => f.unitRef).map((f) => f.name));

  // Constants are parsed once; a bad constant fails the whole sheet up front.
  const constantValues = new Map<string, string | null>();
  for (const slot of fieldSlots) {
    if (slot.col !== undefined || slot.constant === undefined) continue;
    const parsed = parseValue(slot.constant as Cell, slot.field, { date1904: false });
    if (!parsed.ok) throw new Error(`constant for ${slot.field.name}: ${parsed.reason}`); // caught by the mapping check
    constantValues.set(slot.field.name, parsed.value === null ? null : String(parsed.value));
  }

  const answerCols = (kind.answerFields ?? []).map((f) => mapping.columns.get(f)).filter((c): c is number => c !== undefined);
  const isEmpty = (c: Cell | undefined): boolean => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

  return function parseRow(cells: Cell[], rowNumber: number): RowOutcome {
    if (answerCols.length && answerCols.every((c) => isEmpty(cells[c]))) return { ok: false, pending: true };
    const values: (string | null)[] = new Array(layout.length).fill(null);
    for (let i = 0; i < fieldSlots.length; i++) {
      const slot = fieldSlots[i];
      const f = slot.field;
      let v: string | null;
      if (slot.col !== undefined) {
        const cell = cells[slot.col] ?? null;
        if (typeof cell === 'string' && cell.length > MAX_CELL_CHARS) {
          return { ok: false, column: slot.display, reason: msg('reject_text_too_long', { max: MAX_CELL_CHARS }) };
        }
        const parsed = parseValue(cell, f, { date1904: ctx.date1904 });
        if (!parsed.ok) return { ok: false, column: slot.display, reason: parsed.message };
        v = parsed.value === null ? null : String(parsed.value);
        if (v !== null) {
          const bad = implausible(f, v, ctx);
          if (bad) return { ok: false, column: slot.display, reason: bad };
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
    return { ok: true, values };
  };
}

const REQUIRED_EMPTY = msg('reject_required_empty');

function implausible(f: Field, v: string, ctx: RowContext): Message | undefined {
  if (f.type === 'date' || f.type === 'datetime') {
    const d = v.slice(0, 10);
    const from = f.from ?? PLAUSIBLE_DATE_FROM;
    if (d < from) return msg('reject_date_before', { date: from });
    if (d > (f.future ? ctx.horizon : ctx.today)) return msg(f.future ? 'reject_date_too_far_ahead' : 'reject_date_in_future');
  } else if (f.max !== undefined && (f.type === 'int' || f.type === 'number') && Number(v) > f.max) {
    return msg('reject_above_maximum', { max: f.max });
  }
  return undefined;
}

/** Derived values the contract defines: defaults and classifications that do not come from a column. */
function finishRow(kind: KindName, values: (string | null)[], idx: (n: string) => number, ctx: RowContext, majorMapped: boolean): void {
  switch (kind) {
    case 'stations': {
      const name = values[idx('station_name')]!;
      if (values[idx('station_id')] === null) values[idx('station_id')] = name;
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

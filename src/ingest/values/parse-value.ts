// The loader's single entry point: one cell for one canonical field, parsed by the field's type.
import type { Field } from '../../contract/kinds.js';
import { R, fail, type DateOptions, type Parsed, type RawCell } from './common.js';
import { parseDate, parseDateTime, plainDateCellText, plainDateText } from './date.js';
import { parseInteger, parseMoney, parseNumber, plainMoneyText, plainWholeText } from './number.js';
import { parseBool, parseEnum, plainBoolText, seenEnumReader } from './choice.js';
import { parseId, parseText, plainIdText, plainTextText } from './text.js';

const NO_OPTS: DateOptions = Object.freeze({});

/** Parse one cell for one canonical field, by the field's type. */
export function parseValue(raw: RawCell, field: Field, opts: DateOptions = NO_OPTS): Parsed<string | number | boolean> {
  switch (field.type) {
    case 'id':
      return parseId(raw);
    case 'text':
      return parseText(raw);
    case 'int': {
      const r = parseInteger(raw);
      return r.ok && r.value !== null && r.value < 0 ? fail(R.negative) : r;
    }
    case 'number': {
      const r = parseNumber(raw);
      return r.ok && r.value !== null && r.value < 0 ? fail(R.negative) : r;
    }
    case 'money':
      return parseMoney(raw);
    case 'date':
      return parseDate(raw, opts);
    case 'datetime':
      return parseDateTime(raw, opts);
    case 'bool':
      return parseBool(raw);
    case 'enum':
      return parseEnum(raw, field);
    default:
      return fail(R.unknown_field_type);
  }
}

/**
 * What parseValue's value would be as text (String(value); null for an empty cell) for the
 * commonest spellings, found without building a result: a plain ISO date, a plain ASCII id, text
 * needing no cleaning, whole yuan, a plain whole number, a yes/no word as written, an enum text seen before. undefined:
 * ask parseValue. The loader's row loop calls this first (test/values-fast.test.ts holds it to parseValue).
 */
export function plainValueText(raw: string, field: Field): string | null | undefined {
  return plainTextReader(field)(raw);
}

/** plainValueText for one field, the reader chosen once (an enum's table looked up once). */
function plainTextReader(field: Field): (raw: string) => string | null | undefined {
  switch (field.type) {
    case 'id':
      return plainIdText;
    case 'text':
      return plainTextText;
    case 'money':
      return plainMoneyText;
    case 'int':
    case 'number':
      return plainWholeText;
    case 'date':
      return (raw) => plainDateText(raw, false);
    case 'datetime':
      return (raw) => plainDateText(raw, true);
    case 'bool':
      return plainBoolText;
    case 'enum':
      return seenEnumReader(field);
    default:
      return () => undefined;
  }
}

/**
 * plainValueText for any cell: text as above; an empty cell (null) of a known type; a Date cell
 * for a date field; a whole number for money or an id, a number not below zero for a count or
 * measure. undefined: ask parseValue.
 */
export function plainCellText(raw: RawCell, field: Field): string | null | undefined {
  if (typeof raw === 'string') return plainValueText(raw, field);
  if (raw === null || raw === undefined) return KNOWN_TYPES.has(field.type) ? null : undefined;
  if (raw instanceof Date) {
    if (field.type === 'datetime') return plainDateCellText(raw, true);
    if (field.type === 'date') return plainDateCellText(raw, false);
    return undefined;
  }
  if (typeof raw === 'number') {
    if (field.type === 'money') return Number.isInteger(raw) && Math.abs(raw) < 1e15 ? (raw === 0 ? '0' : String(raw)) + '.00' : undefined;
    if (field.type === 'id') return Number.isSafeInteger(raw) ? String(raw) : undefined;
    if (field.type === 'int') return Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : undefined;
    if (field.type === 'number') return Number.isFinite(raw) && raw >= 0 ? String(raw) : undefined;
  }
  return undefined;
}

/** The field types parseValue reads an empty cell of as empty (any other type fails). */
const KNOWN_TYPES: ReadonlySet<string> = new Set(['id', 'text', 'int', 'number', 'money', 'date', 'datetime', 'bool', 'enum']);

/** plainCellText for one field, chosen once: the row loop calls it for every cell of the column. */
export function plainCellReader(field: Field): (raw: RawCell) => string | null | undefined {
  const known = KNOWN_TYPES.has(field.type);
  const text = plainTextReader(field);
  return (raw) => {
    if (typeof raw === 'string') return text(raw);
    if (raw === null || raw === undefined) return known ? null : undefined;
    return plainCellText(raw, field);
  };
}

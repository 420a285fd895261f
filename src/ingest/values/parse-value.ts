// The loader's single entry point: one cell for one canonical field, parsed by the field's type.
import type { Field } from '../../contract/kinds.js';
import { R, fail, type DateOptions, type Parsed, type RawCell } from './common.js';
import { parseDate, parseDateTime } from './date.js';
import { parseInteger, parseMoney, parseNumber } from './number.js';
import { parseBool, parseEnum } from './choice.js';
import { parseId, parseText } from './text.js';

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

// Pure cell-value parsing, one module per concern under values/ (date, number, choice, text), plus
// the resident-ID checks (contract/resident-id.ts) and quarters (quarter.ts). This file only
// re-exports them under the names the loader has always imported.
//
// No I/O. Nothing there throws on bad data: every parser returns a Parsed result whose `message`
// says why as a catalog code (its English text in `reason`) and never echoes the raw value (cells
// may be personal data; the caller decides what to show).
export type { Parsed, DateOptions } from './values/common.js';
export { parseDate, parseDateTime } from './values/date.js';
export { parseNumber, parseInteger, parseMoney } from './values/number.js';
export { parseBool, parseEnum } from './values/choice.js';
export { parseId, parseText } from './values/text.js';
export { parseValue } from './values/parse-value.js';
export { residentIdCheckChar, validateResidentId } from '../contract/resident-id.js';
export { parseQuarter, quarterOf, previousQuarter, type Quarter } from '../quarter.js';

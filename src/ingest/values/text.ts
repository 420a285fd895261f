// Identifiers (every digit kept) and free text (whitespace cleaned).
import { msg } from '../../i18n/message.js';
import { cleanText } from '../../contract/normalize.js';
import { EMPTY, R, WS_RE, fail, isBlank, isPlaceholder, nfkc, ok, type Parsed, type RawCell } from './common.js';
import { dateCellText } from './date.js';

const LOST_DIGITS = msg('reject_lost_digits');
const SCI_RE = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i;
const ID_PLAIN_RE = /^[\x21-\x26\x28-\x7e][\x21-\x7e]*$/; // visible ASCII, no leading apostrophe
const EXCEL_TEXT_FORMULA_RE = /^="(.*)"$/; // ="00123": the CSV trick to keep leading zeros
const LEADING_QUOTE_RE = /^['‘’`]+/;

/** An identifier (case id, 警号, ID number, phone) → text with every digit intact. */
export function parseId(raw: RawCell): Parsed<string> {
  if (typeof raw === 'string') {
    if (ID_PLAIN_RE.test(raw)) {
      if (raw.length <= 8 && isPlaceholder(raw)) return EMPTY;
      if (SCI_RE.test(raw)) return fail(LOST_DIGITS);
      const f = EXCEL_TEXT_FORMULA_RE.exec(raw);
      return f ? parseId(f[1]) : ok(raw);
    }
    if (isBlank(raw) || isPlaceholder(raw)) return EMPTY;
    let s = nfkc(raw).replace(WS_RE, '');
    const f = EXCEL_TEXT_FORMULA_RE.exec(s);
    if (f) s = f[1].replace(WS_RE, '');
    s = s.replace(LEADING_QUOTE_RE, '');
    if (s.length === 0 || isPlaceholder(s)) return EMPTY;
    if (SCI_RE.test(s)) return fail(LOST_DIGITS);
    return ok(s);
  }
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'number') {
    if (Number.isSafeInteger(raw)) return ok(String(raw));
    return fail(LOST_DIGITS);
  }
  if (typeof raw === 'boolean') return fail(R.yes_no_not_id);
  if (raw instanceof Date) return fail(R.date_not_id);
  return fail(R.not_id);
}

// Text that cleanText would change: edge or doubled whitespace, or whitespace other than ' '.
const NEEDS_CLEAN_RE = /^\s|\s$|\s\s|[^\S ]|\u200b|^$/;

/**
 * Free text → cleaned text (whitespace trimmed and collapsed). A date cell becomes
 * 'YYYY-MM-DD' (with ' HH:MM:SS' only when it has a time of day), a number its shortest text.
 */
export function parseText(raw: RawCell): Parsed<string> {
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'string') {
    if (!NEEDS_CLEAN_RE.test(raw)) return raw.length <= 8 && isPlaceholder(raw) ? EMPTY : ok(raw);
    if (isBlank(raw)) return EMPTY;
    const s = cleanText(raw);
    if (s.length === 0 || isPlaceholder(s)) return EMPTY;
    return ok(s);
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(R.not_a_number);
    return ok(String(raw === 0 ? 0 : raw));
  }
  if (typeof raw === 'boolean') return ok(raw ? '是' : '否');
  const t = raw instanceof Date ? dateCellText(raw) : null;
  return t === null ? fail(R.not_a_date) : ok(t);
}

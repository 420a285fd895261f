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

/** The text parseId gives for a plain ASCII identifier, without building a result; undefined for any other cell. */
export function plainIdText(raw: string): string | undefined {
  // ID_PLAIN_RE by hand, noting an e/E on the way: without one the text cannot be scientific notation.
  const n = raw.length;
  if (n === 0) return undefined;
  const c0 = raw.charCodeAt(0);
  if (c0 < 0x21 || c0 > 0x7e || c0 === 0x27 /* ' */ || c0 === 61 /* = */) return undefined;
  let e = false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return undefined;
    if ((c | 0x20) === 101) e = true;
  }
  if ((n <= 8 && isPlaceholder(raw)) || (e && SCI_RE.test(raw))) return undefined;
  return raw;
}

/** Is c whitespace as a regular expression's \s means it? */
function isSpace(c: number): boolean {
  if (c > 32 && c < 0xa0) return false;
  return (
    (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** NEEDS_CLEAN_RE by hand: empty, a space at either end or doubled, whitespace other than ' ', or a zero-width space. */
function needsClean(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c < 0xa0) {
      prevSpace = false;
      continue;
    }
    if (c === 0x200b) return true;
    if (!isSpace(c)) {
      prevSpace = false;
      continue;
    }
    if (c !== 32 || prevSpace || i === 0 || i === n - 1) return true;
    prevSpace = true;
  }
  return false;
}

/** The text parseText gives for text needing no cleaning, without building a result; undefined for any other cell. */
export function plainTextText(raw: string): string | undefined {
  if (needsClean(raw) || (raw.length <= 8 && isPlaceholder(raw))) return undefined;
  return raw;
}

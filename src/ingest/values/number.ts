// Numbers: measures, whole-number counts and money (yuan, exact to the cent on the digits).
import {
  EMPTY, R, WS_RE, HAS_WS_RE, NON_ASCII_RE, PAD2, DIGIT0, fail, isBlank, isPlaceholder, nfkc, ok,
  type Parsed, type RawCell,
} from './common.js';
import type { Message } from '../../i18n/message.js';

const PLAIN_NUM_RE = /^-?\d+(?:\.\d+)?$/;
const GROUPED_NUM_RE = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
// After cleaning: sign, integer digits (optionally grouped by commas), fraction, exponent.
const NUM_RE = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const DIGIT_SPACE_DIGIT_RE = /(?<=\d)[\s\u200b\ufeff]+(?=\d)/g;
const CURRENCY_PREFIX_RE = /^[¥$]/;
/** Unit words a count or measure may carry; they do not change the magnitude. */
const UNIT_SUFFIXES = ['平方公里', '小时', '人次', 'km2', '人', '名', '个', '件', '起', '次', '元'];
const COMMA_RE = /,/g;
const MINUS_RE = /[\u2212\u2010-\u2013\ufe63]/g;
const IDEO_STOP_RE = /\u3002/g;
const LEADING_ZEROS_RE = /^0+/;

/** A number split into its written parts: '-1,234.50e2' → sign '-', int '1234', frac '50', exp 2. */
interface NumParts {
  sign: '' | '-';
  int: string;
  frac: string;
  exp: number;
}

/**
 * Splits a numeric string into its parts, or says why it is no number. Handles full-width input,
 * thousands separators (comma or space between 3-digit groups), a leading '+', a currency sign, a
 * trailing unit word.
 */
function numericParts(raw: string): NumParts | Message {
  let s = nfkc(raw);
  if (NON_ASCII_RE.test(s) || HAS_WS_RE.test(s)) {
    // Unicode minus and dashes → '-', ideographic full stop → '.' (NFKC keeps them).
    s = s.replace(MINUS_RE, '-').replace(IDEO_STOP_RE, '.');
    // A space between digits is a thousands separator (validated below); others are padding.
    s = s.replace(DIGIT_SPACE_DIGIT_RE, ',').replace(WS_RE, '');
  }
  s = s.trim();
  if (s.includes('万')) return R.uses_wan;
  if (s.includes('亿')) return R.uses_yi;
  for (let i = 0; i < UNIT_SUFFIXES.length; i++) {
    const u = UNIT_SUFFIXES[i];
    if (s.length > u.length && s.endsWith(u)) {
      s = s.slice(0, s.length - u.length);
      break;
    }
  }
  if (CURRENCY_PREFIX_RE.test(s)) s = s.slice(1);
  else if ((s.charCodeAt(0) === 43 || s.charCodeAt(0) === 45) && CURRENCY_PREFIX_RE.test(s.slice(1))) s = s[0] + s.slice(2);
  const m = NUM_RE.exec(s);
  if (!m) return R.not_a_number;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int.length === 0 && frac.length === 0) return R.not_a_number;
  return {
    sign: m[1] === '-' ? '-' : '',
    int: int.length > 3 && int.includes(',') ? int.replace(COMMA_RE, '') : int,
    frac,
    exp: m[4] === undefined ? 0 : Number(m[4]),
  };
}

const isReason = (r: NumParts | Message): r is Message => typeof (r as NumParts).exp !== 'number';

function finiteNumber(n: number): Parsed<number> {
  if (!Number.isFinite(n)) return fail(R.not_a_number);
  return ok(n === 0 ? 0 : n); // no -0
}

/** A measure (hours, area, a declared statistic) → number. */
export function parseNumber(raw: RawCell): Parsed<number> {
  if (typeof raw === 'number') return finiteNumber(raw);
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'string') {
    if (PLAIN_NUM_RE.test(raw)) return finiteNumber(Number(raw));
    if (GROUPED_NUM_RE.test(raw)) return finiteNumber(Number(raw.replace(COMMA_RE, '')));
    if (isBlank(raw) || isPlaceholder(raw)) return EMPTY;
    const p = numericParts(raw);
    if (isReason(p)) return fail(p);
    let text = p.sign + (p.int || '0');
    if (p.frac) text += '.' + p.frac;
    if (p.exp !== 0) text += 'e' + p.exp;
    return finiteNumber(Number(text));
  }
  if (typeof raw === 'boolean') return fail(R.yes_no_not_number);
  if (raw instanceof Date) return fail(R.date_not_number);
  return fail(R.not_a_number);
}

/** A count (persons, cases, villages) → a whole number; '12.0' is 12, '12.5' fails. */
export function parseInteger(raw: RawCell): Parsed<number> {
  const r = parseNumber(raw);
  if (!r.ok || r.value === null) return r;
  if (!Number.isInteger(r.value)) return fail(R.not_whole_number);
  if (!Number.isSafeInteger(r.value)) return fail(R.number_too_large);
  return r;
}

const MONEY_MAX_INT_DIGITS = 16; // DECIMAL(18,2)

/** Rounds the parts to exactly 2 decimals, half away from zero, on the digits. */
function moneyFromParts(p: NumParts): Parsed<string> {
  let int = p.int;
  let frac = p.frac;
  if (p.exp !== 0) {
    // Move the decimal point on the digit string: no binary floating point involved.
    let digits = int + frac;
    let point = int.length + p.exp;
    const lead = digits.length - digits.replace(LEADING_ZEROS_RE, '').length;
    digits = digits.slice(lead);
    point -= lead;
    if (digits.length === 0) return ok('0.00');
    if (point > MONEY_MAX_INT_DIGITS) return fail(R.amount_too_large);
    if (point < -3) return ok('0.00'); // below half a cent
    if (point <= 0) {
      int = '';
      frac = '0'.repeat(-point) + digits;
    } else if (point >= digits.length) {
      int = digits + '0'.repeat(point - digits.length);
      frac = '';
    } else {
      int = digits.slice(0, point);
      frac = digits.slice(point);
    }
  }
  let i = 0;
  while (i < int.length - 1 && int.charCodeAt(i) === DIGIT0) i++;
  if (i > 0) int = int.slice(i);
  if (int.length === 0) int = '0';
  if (int.length > MONEY_MAX_INT_DIGITS) return fail(R.amount_too_large);
  const cents2 = frac.length >= 2 ? frac.slice(0, 2) : frac.length === 1 ? frac + '0' : '00';
  const roundUp = frac.length > 2 && frac.charCodeAt(2) >= 53; // third digit >= '5'
  let text: string;
  if (int.length <= 13) {
    const cents = Number(int + cents2) + (roundUp ? 1 : 0); // < 2^53: exact
    const c = cents % 100;
    text = String((cents - c) / 100) + '.' + PAD2[c];
    if (cents === 0) return ok('0.00');
  } else {
    const cents = BigInt(int + cents2) + (roundUp ? 1n : 0n);
    const c = String(cents).padStart(3, '0');
    if (c.length - 2 > MONEY_MAX_INT_DIGITS) return fail(R.amount_too_large);
    text = c.slice(0, c.length - 2) + '.' + c.slice(c.length - 2);
  }
  return ok(p.sign + text);
}

/** Yuan → decimal text with exactly 2 decimals ('1,234.5' → '1234.50'), exact on the digits. */
export function parseMoney(raw: RawCell): Parsed<string> {
  if (raw === null || raw === undefined) return EMPTY;
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(R.not_a_number);
    if (Number.isInteger(raw) && Math.abs(raw) < 1e15) return ok((raw === 0 ? '0' : String(raw)) + '.00');
    // String(n) is the shortest decimal that round-trips: 0.1 + 0.2 → '0.30000000000000004'.
    s = String(raw);
  } else if (typeof raw === 'string') {
    if (isBlank(raw) || isPlaceholder(raw)) return EMPTY;
    s = raw;
  } else if (typeof raw === 'boolean') {
    return fail(R.yes_no_not_number);
  } else if (raw instanceof Date) {
    return fail(R.date_not_number);
  } else {
    return fail(R.not_a_number);
  }
  if (PLAIN_NUM_RE.test(s)) {
    // Fast path: '-1234.5' needs no cleaning.
    const neg = s.charCodeAt(0) === 45;
    const dot = s.indexOf('.');
    return moneyFromParts({
      sign: neg ? '-' : '',
      int: s.slice(neg ? 1 : 0, dot < 0 ? s.length : dot),
      frac: dot < 0 ? '' : s.slice(dot + 1),
      exp: 0,
    });
  }
  const p = numericParts(s);
  if (isReason(p)) return fail(p);
  return moneyFromParts(p);
}

// Pure cell-value parsing: one function per canonical field type (src/contract/kinds.ts).
// No I/O. Nothing here throws on bad data: every parser returns a Parsed result whose
// `message` says why as a catalog code (its English text in `reason`) and never echoes the raw value (cells may be personal
// data; the caller decides what to show). Called for millions of cells, so the common shapes
// (a plain '2026-07-01', a plain number) take allocation-free fast paths and every regex is
// compiled once at module level.

import { msg, say, type Message } from '../i18n/message.js';
import { BOOL_CODES, type Field } from '../contract/kinds.js';
import { cleanText, normalizeKey } from '../contract/normalize.js';
import type { Cell } from './source.js';

/** `value: null` = the cell is empty (blank or a placeholder such as '-', '/', '无'). */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string; message: Message };

export interface DateOptions {
  /** The workbook uses the 1904 date system (Mac Excel): serial 0 = 1904-01-01. */
  date1904?: boolean;
}

/** Where a parser is handed `undefined` (a short row), it is treated as an empty cell. */
type RawCell = Cell | undefined;

const EMPTY: { ok: true; value: null } = Object.freeze({ ok: true as const, value: null });

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
/** A failure: why, as a catalog message (stored with the reject), and its English text. */
function fail(message: Message): { ok: false; reason: string; message: Message } {
  return { ok: false, reason: say(message, 'en'), message };
}


/** The fixed reasons, built once (a parse failure is common in a bad column). */
const R = {
  excel_day_60: msg('reject_excel_day_60'),
  ambiguous_code: msg('reject_ambiguous_code'),
  amount_too_large: msg('reject_amount_too_large'),
  date_not_id: msg('reject_date_not_id'),
  date_not_number: msg('reject_date_not_number'),
  day_missing: msg('reject_day_missing'),
  month_day_missing: msg('reject_month_day_missing'),
  negative: msg('reject_negative'),
  not_a_date: msg('reject_not_a_date'),
  not_a_number: msg('reject_not_a_number'),
  not_id: msg('reject_not_id'),
  not_valid_value: msg('reject_not_valid_value'),
  not_whole_number: msg('reject_not_whole_number'),
  not_yes_no: msg('reject_not_yes_no'),
  number_out_of_date_range: msg('reject_number_out_of_date_range'),
  number_too_large: msg('reject_number_too_large'),
  time_without_date: msg('reject_time_without_date'),
  unknown_field_type: msg('reject_unknown_field_type'),
  uses_wan: msg('reject_uses_wan'),
  uses_yi: msg('reject_uses_yi'),
  year_only: msg('reject_year_only'),
  year_out_of_range: msg('reject_year_out_of_range'),
  yes_no_not_date: msg('reject_yes_no_not_date'),
  yes_no_not_id: msg('reject_yes_no_not_id'),
  yes_no_not_number: msg('reject_yes_no_not_number'),
} as const;

// ---------------------------------------------------------------------------------------------
// Shared helpers

const BLANK_RE = /^[\s\u200b\ufeff]*$/;
const NON_ASCII_RE = /[^\x00-\x7f]/;
/**
 * Characters NFKC may change that matter to dates, numbers, ids and quarters: Latin-1 (², nbsp),
 * general punctuation and spaces, letterlike/enclosed/CJK-compatibility symbols (㎡, ideographic
 * space), presentation and full-width forms. CJK ideographs such as 年月日 are NFKC-stable, so a
 * string like '2026年7月1日' skips the (costly) normalisation.
 */
const NEEDS_NFKC_RE = /[\u00a0-\u00ff\u2000-\u33ff\uf900-\uffef]/;
const WS_RE = /[\s\u200b\ufeff]+/g;
const HAS_WS_RE = /[\s\u200b]/;

/**
 * Placeholders meaning "nothing here". Compared after normalizeKey. '无' is among them, but
 * bool and enum parsers consult their own tables first, so '无' stays a valid bool "no".
 */
const PLACEHOLDERS = new Set([
  '-', '--', '---', '—', '——', '–', '―', '/', '//', '\\', '无', '暂无', '空', 'n/a', '#n/a', 'null',
]);

function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const c0 = s.charCodeAt(0);
  // Fast exit: a visible ASCII first character means the string is not blank.
  if (c0 > 32 && c0 < 127) return false;
  return BLANK_RE.test(s);
}

/** First characters a placeholder can start with (also upper-case and full-width forms). */
const PLACEHOLDER_FIRST: Set<number> = (() => {
  const set = new Set<number>();
  for (const p of PLACEHOLDERS) {
    for (const ch of [p[0], p[0].toUpperCase()]) {
      const c = ch.charCodeAt(0);
      set.add(c);
      if (c > 32 && c < 127) set.add(c + 0xfee0); // full-width form
    }
  }
  return set;
})();

function isPlaceholder(s: string): boolean {
  if (s.length > 8 || s.length === 0) return false;
  const c0 = s.charCodeAt(0);
  // Cheap exit for the common case: a first character no placeholder starts with, that is not
  // whitespace either (whitespace-padded placeholders take the full check).
  if (!PLACEHOLDER_FIRST.has(c0) && c0 > 32 && c0 !== 0xa0 && c0 !== 0x3000 && c0 !== 0x200b && c0 !== 0xfeff) return false;
  return PLACEHOLDERS.has(normalizeKey(s));
}

/** NFKC (full-width → half-width), skipped when no character in the string could change. */
function nfkc(s: string): string {
  return NEEDS_NFKC_RE.test(s) ? s.normalize('NFKC') : s;
}

/**
 * Scratch state shared by the parsers (scan position, parsed date/time parts, numeric parts).
 * One module-level object rather than `let` bindings: property access on it is cheaper in hot
 * loops. Every parser is synchronous and overwrites what it reads, so sharing is safe.
 */
const st = { sp: 0, py: 0, pm: 0, pd: 0, ph: 0, pmi: 0, ps: 0, cy: 0, cm: 0, cd: 0, nSign: '', nInt: '', nFrac: '', nExp: 0 };

// Two-digit strings '00'..'99' so formatting a date allocates only the result.
const PAD2: string[] = [];
for (let i = 0; i < 100; i++) PAD2.push(i < 10 ? '0' + i : String(i));

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days relative to 1970-01-01), allocation-free:
// civilFromDays writes its result to st.cy / st.cm / st.cd.

function civilFromDays(z: number): void {
  // Howard Hinnant's civil_from_days.
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  st.cd = doy - Math.floor((153 * mp + 2) / 5) + 1;
  st.cm = mp < 10 ? mp + 3 : mp - 9;
  st.cy = yoe + era * 400 + (st.cm <= 2 ? 1 : 0);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

/** null when y-m-d is a real calendar date in range, else the reason. */
function checkYmd(y: number, m: number, d: number): Message | null {
  if (y < MIN_YEAR || y > MAX_YEAR) return R.year_out_of_range;
  if (m < 1 || m > 12) return msg('reject_month_out_of_range', { month: m });
  if (d < 1 || d > daysInMonth(y, m)) return msg('reject_day_out_of_range', { day: d });
  return null;
}

function checkHms(h: number, mi: number, s: number): Message | null {
  if (h > 23) return msg('reject_hour_out_of_range', { hour: h });
  if (mi > 59) return msg('reject_minute_out_of_range', { minute: mi });
  if (s > 59) return msg('reject_second_out_of_range', { second: s });
  return null;
}

function fmtYmd(y: number, m: number, d: number): string {
  return (y < 1000 ? String(y).padStart(4, '0') : String(y)) + '-' + PAD2[m] + '-' + PAD2[d];
}

function fmtHms(h: number, mi: number, s: number): string {
  return PAD2[h] + ':' + PAD2[mi] + ':' + PAD2[s];
}

// ---------------------------------------------------------------------------------------------
// Dates

// Excel 1900 system: serial 1 = 1900-01-01, Excel's fictitious 1900-02-29 is serial 60, and
// from serial 61 (1900-03-01) on, day = serial - 25569 days from 1970-01-01.
const EXCEL_1900_MAX = 2958465; // 9999-12-31
const EXCEL_1904_OFFSET = 1462; // days between the 1900 and 1904 systems
const DAYS_1904_EPOCH = -24107; // 1904-01-01 relative to 1970-01-01

// The date parsers below write the wall-clock parts of a successful parse to
// st.py/pm/pd (date) and st.ph/pmi/ps (time), and return null, or return the failure reason.

/** Excel serial → scratch parts; null on success, else the reason. */
function fromSerial(serial: number, date1904: boolean): Message | null {
  if (!Number.isFinite(serial)) return R.not_a_date;
  // A bare year typed into a date column (1990) would be a 1905 serial: refuse, not guess.
  if (serial >= 1900 && serial <= 2100 && Number.isInteger(serial)) return R.year_only;
  if (!date1904) {
    if (serial >= 0 && serial < 1) return R.time_without_date;
    if (serial < 1 || serial >= EXCEL_1900_MAX + 1) return R.number_out_of_date_range;
  } else if (serial < 0 || serial >= EXCEL_1900_MAX - EXCEL_1904_OFFSET + 1) {
    return R.number_out_of_date_range;
  }
  const total = Math.round(serial * 86400);
  let day = Math.floor(total / 86400);
  const sec = total - day * 86400;
  if (date1904) {
    if (day > EXCEL_1900_MAX - EXCEL_1904_OFFSET) return R.number_out_of_date_range;
    day += DAYS_1904_EPOCH;
  } else {
    if (day > EXCEL_1900_MAX) return R.number_out_of_date_range;
    if (day === 60) return R.excel_day_60;
    day -= day < 60 ? 25568 : 25569;
  }
  civilFromDays(day);
  st.py = st.cy;
  st.pm = st.cm;
  st.pd = st.cd;
  st.ph = Math.floor(sec / 3600);
  st.pmi = Math.floor((sec % 3600) / 60);
  st.ps = sec % 60;
  return null;
}

/** JS Date whose UTC fields are the wall-clock values (exceljs) → scratch parts. */
function fromDateObject(d: Date): Message | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return R.not_a_date;
  const total = Math.round(t / 1000);
  const day = Math.floor(total / 86400);
  const sec = total - day * 86400;
  civilFromDays(day);
  // exceljs renders a time-only cell (serial < 1) as 1899-12-30 or 1899-12-31.
  if (st.cy === 1899 && st.cm === 12 && st.cd >= 30) return R.time_without_date;
  if (st.cy < MIN_YEAR || st.cy > MAX_YEAR) return R.year_out_of_range;
  st.py = st.cy;
  st.pm = st.cm;
  st.pd = st.cd;
  st.ph = Math.floor(sec / 3600);
  st.pmi = Math.floor((sec % 3600) / 60);
  st.ps = sec % 60;
  return null;
}

const DIGIT0 = 48;
function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}
function num2(s: string, i: number): number {
  return (s.charCodeAt(i) - DIGIT0) * 10 + (s.charCodeAt(i + 1) - DIGIT0);
}
function num4(s: string, i: number): number {
  return num2(s, i) * 100 + num2(s, i + 2);
}

/** Exactly 'YYYY-MM-DD' (ASCII)? Checks shape only. */
function isIsoDateShape(s: string): boolean {
  return (
    s.length >= 10 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    isDigitAt(s, 0) && isDigitAt(s, 1) && isDigitAt(s, 2) && isDigitAt(s, 3) &&
    isDigitAt(s, 5) && isDigitAt(s, 6) && isDigitAt(s, 8) && isDigitAt(s, 9)
  );
}

/** Exactly 'YYYY-MM-DD HH:MM:SS' (ASCII)? Checks shape only. */
function isIsoDateTimeShape(s: string): boolean {
  return (
    s.length === 19 &&
    isIsoDateShape(s) &&
    s.charCodeAt(10) === 32 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    isDigitAt(s, 11) && isDigitAt(s, 12) && isDigitAt(s, 14) && isDigitAt(s, 15) &&
    isDigitAt(s, 17) && isDigitAt(s, 18)
  );
}

// Date strings are read by a small hand-written scanner rather than regexes: it allocates
// nothing and handles 2026-07-01, 2026/7/1, 2026.07.01 (one separator throughout), 2026年7月1日,
// 20260701, optional spaces around separators, then an optional time of day: 10:30, 10:30:15,
// 10:30:15.123, 10时, 10时30分, 10时30分15秒, 10点30分, after a space, 'T', or directly after 日;
// 上午/下午 or AM/PM; and yyyymmddhhmm[ss].
const SERIAL_TEXT_RE = /^\d{5}(?:\.\d+)?$/;
const MONTH_ONLY_RE = /^\d{4}(?:[-/.]\d{1,2}|年\d{1,2}月?|\d{2})$/;
const YEAR_ONLY_RE = /^\d{4}年?$/;
const AM_WORDS = ['上午', '凌晨', '早上'];
const PM_WORDS = ['下午', '晚上'];

const C_YEAR = 0x5e74; // 年
const C_MONTH = 0x6708; // 月
const C_DAY = 0x65e5; // 日
const C_HAO = 0x53f7; // 号
const C_HOUR = 0x65f6; // 时
const C_DIAN = 0x70b9; // 点
const C_DIAN_T = 0x9ede; // 點
const C_MIN = 0x5206; // 分
const C_SEC = 0x79d2; // 秒

/** Scan position of the date scanner. */

function skipSpaces(s: string): boolean {
  const start = st.sp;
  while (st.sp < s.length) {
    const c = s.charCodeAt(st.sp);
    if (c === 32 || c === 9 || c === 10 || c === 13) st.sp++;
    else break;
  }
  return st.sp > start;
}

/** Reads min..max digits at st.sp: their value, or -1 when fewer than min. */
function readDigits(s: string, min: number, max: number): number {
  let v = 0;
  let n = 0;
  while (n < max && st.sp < s.length) {
    const c = s.charCodeAt(st.sp);
    if (c < 48 || c > 57) break;
    v = v * 10 + c - 48;
    st.sp++;
    n++;
  }
  return n >= min ? v : -1;
}

const HEAD_NONE = 0;
const HEAD_SEP = 1; // 2026-07-01
const HEAD_ZH = 2; // 2026年7月1日
const HEAD_COMPACT = 3; // 20260701

/** Scan the date at the start of s into st.py/st.pm/st.pd (unvalidated); returns the HEAD_* form. */
function scanDateHead(s: string): number {
  st.sp = 0;
  const y = readDigits(s, 4, 4);
  if (y < 0) return HEAD_NONE;
  st.py = y;
  if (isDigitAt(s, st.sp)) {
    const m = readDigits(s, 2, 2);
    const d = readDigits(s, 2, 2);
    if (m < 0 || d < 0) return HEAD_NONE;
    st.pm = m;
    st.pd = d;
    return HEAD_COMPACT;
  }
  skipSpaces(s);
  const c = s.charCodeAt(st.sp);
  if (c === 45 || c === 47 || c === 46) {
    st.sp++;
    skipSpaces(s);
    const m = readDigits(s, 1, 2);
    skipSpaces(s);
    if (m < 0 || s.charCodeAt(st.sp) !== c) return HEAD_NONE;
    st.sp++;
    skipSpaces(s);
    const d = readDigits(s, 1, 2);
    if (d < 0 || isDigitAt(s, st.sp)) return HEAD_NONE;
    st.pm = m;
    st.pd = d;
    return HEAD_SEP;
  }
  if (c === C_YEAR) {
    st.sp++;
    skipSpaces(s);
    const m = readDigits(s, 1, 2);
    skipSpaces(s);
    if (m < 0 || s.charCodeAt(st.sp) !== C_MONTH) return HEAD_NONE;
    st.sp++;
    skipSpaces(s);
    const d = readDigits(s, 1, 2);
    if (d < 0 || isDigitAt(s, st.sp)) return HEAD_NONE;
    const afterDay = st.sp;
    skipSpaces(s);
    const e = s.charCodeAt(st.sp);
    if (e === C_DAY || e === C_HAO) st.sp++;
    else st.sp = afterDay;
    st.pm = m;
    st.pd = d;
    return HEAD_ZH;
  }
  return HEAD_NONE;
}

/** Scan a time of day from st.sp to the end of s into st.ph/st.pmi/st.ps; null on success, else the reason. */
function scanTime(s: string): Message | null {
  let pmFlag = 0; // 1 = AM, 2 = PM
  if (s.charCodeAt(st.sp) >= 0x4e00) {
    for (let i = 0; i < AM_WORDS.length && pmFlag === 0; i++) {
      if (s.startsWith(AM_WORDS[i], st.sp)) {
        pmFlag = 1;
        st.sp += AM_WORDS[i].length;
      }
    }
    for (let i = 0; i < PM_WORDS.length && pmFlag === 0; i++) {
      if (s.startsWith(PM_WORDS[i], st.sp)) {
        pmFlag = 2;
        st.sp += PM_WORDS[i].length;
      }
    }
    skipSpaces(s);
  }
  let h = readDigits(s, 1, 2);
  if (h < 0) return R.not_a_date;
  let mi = 0;
  let sec = 0;
  skipSpaces(s);
  const c = s.charCodeAt(st.sp);
  if (c === 58 /* : */) {
    st.sp++;
    skipSpaces(s);
    mi = readDigits(s, 1, 2);
    if (mi < 0) return R.not_a_date;
    skipSpaces(s);
    if (s.charCodeAt(st.sp) === 58) {
      st.sp++;
      skipSpaces(s);
      sec = readDigits(s, 1, 2);
      if (sec < 0) return R.not_a_date;
      if (s.charCodeAt(st.sp) === 46 /* . */) {
        st.sp++;
        if (readDigits(s, 1, 1e9) < 0) return R.not_a_date; // fraction of a second: dropped
      }
    }
  } else if (c === C_HOUR || c === C_DIAN || c === C_DIAN_T) {
    st.sp++;
    skipSpaces(s);
    const m = readDigits(s, 1, 2);
    if (m >= 0) {
      mi = m;
      skipSpaces(s);
      if (s.charCodeAt(st.sp) === C_MIN) st.sp++;
      skipSpaces(s);
      const x = readDigits(s, 1, 2);
      if (x >= 0) {
        sec = x;
        skipSpaces(s);
        if (s.charCodeAt(st.sp) === C_SEC) st.sp++;
      }
    }
  } else {
    return R.not_a_date;
  }
  skipSpaces(s);
  if (pmFlag === 0 && st.sp + 2 === s.length) {
    const a = s.charCodeAt(st.sp) | 0x20; // lower-case
    const b = s.charCodeAt(st.sp + 1) | 0x20;
    if (b === 109 /* m */ && (a === 97 /* a */ || a === 112 /* p */)) {
      pmFlag = a === 97 ? 1 : 2;
      st.sp += 2;
    }
  }
  if (st.sp !== s.length) return R.not_a_date;
  if (pmFlag !== 0) {
    if (h > 12) return msg('reject_hour_out_of_range', { hour: h });
    if (pmFlag === 2 && h < 12) h += 12;
    else if (pmFlag === 1 && h === 12) h = 0;
  }
  const bad = checkHms(h, mi, sec);
  if (bad) return bad;
  st.ph = h;
  st.pmi = mi;
  st.ps = sec;
  return null;
}

/** Any supported date/datetime string → scratch parts. */
function fromDateText(raw: string, opts: DateOptions | undefined): Message | null {
  const s = nfkc(raw).trim();
  const len = s.length;
  if (len === 0) return R.not_a_date;

  // '46204' or '46204.5': an Excel serial stored as text.
  if (len >= 5 && isDigitAt(s, 4) && (len === 5 || s.charCodeAt(5) === 46) && SERIAL_TEXT_RE.test(s)) {
    return fromSerial(Number(s), opts?.date1904 === true);
  }

  const head = scanDateHead(s);
  if (head === HEAD_NONE) {
    const k = s.replace(WS_RE, '');
    if (YEAR_ONLY_RE.test(k)) return R.month_day_missing;
    if (MONTH_ONLY_RE.test(k)) return R.day_missing;
    return R.not_a_date;
  }
  const bad = checkYmd(st.py, st.pm, st.pd);
  if (bad) return bad;
  st.ph = 0;
  st.pmi = 0;
  st.ps = 0;
  if (st.sp === len) return null;

  if (head === HEAD_COMPACT && isDigitAt(s, st.sp)) {
    // yyyymmddhhmm / yyyymmddhhmmss, common in case-system exports.
    const h = readDigits(s, 2, 2);
    const mi = readDigits(s, 2, 2);
    const sec = st.sp === len ? 0 : readDigits(s, 2, 2);
    if (h < 0 || mi < 0 || sec < 0 || st.sp !== len) return R.not_a_date;
    const badT = checkHms(h, mi, sec);
    if (badT) return badT;
    st.ph = h;
    st.pmi = mi;
    st.ps = sec;
    return null;
  }
  const spaced = skipSpaces(s);
  if (s.charCodeAt(st.sp) === 84 /* T */) {
    st.sp++;
    skipSpaces(s);
  } else if (!spaced && head !== HEAD_ZH) {
    return R.not_a_date; // '2026-07-01abc'
  }
  if (st.sp === len) return null;
  return scanTime(s);
}

function dateParts(raw: RawCell, opts: DateOptions | undefined): Message | null | typeof EMPTY {
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'string') {
    if (isBlank(raw) || isPlaceholder(raw)) return EMPTY;
    return fromDateText(raw, opts);
  }
  if (typeof raw === 'number') return fromSerial(raw, opts?.date1904 === true);
  if (raw instanceof Date) return fromDateObject(raw);
  if (typeof raw === 'boolean') return R.yes_no_not_date;
  return R.not_a_date;
}

/** A date cell → 'YYYY-MM-DD' (any time of day is dropped, but a malformed one still fails). */
export function parseDate(raw: RawCell, opts?: DateOptions): Parsed<string> {
  // Fast path: already 'YYYY-MM-DD'.
  if (typeof raw === 'string' && raw.length === 10 && isIsoDateShape(raw)) {
    const y = num4(raw, 0);
    const m = num2(raw, 5);
    const d = num2(raw, 8);
    const bad = checkYmd(y, m, d);
    return bad ? fail(bad) : ok(raw);
  }
  const r = dateParts(raw, opts);
  if (r === EMPTY) return EMPTY;
  if (r !== null) return fail(r as Message);
  return ok(fmtYmd(st.py, st.pm, st.pd));
}

/** A date or date-time cell → 'YYYY-MM-DD HH:MM:SS' (00:00:00 when no time is given). */
export function parseDateTime(raw: RawCell, opts?: DateOptions): Parsed<string> {
  if (typeof raw === 'string') {
    // Fast paths: 'YYYY-MM-DD HH:MM:SS' and 'YYYY-MM-DD'.
    if (raw.length === 19 && isIsoDateTimeShape(raw)) {
      const bad =
        checkYmd(num4(raw, 0), num2(raw, 5), num2(raw, 8)) ?? checkHms(num2(raw, 11), num2(raw, 14), num2(raw, 17));
      return bad ? fail(bad) : ok(raw);
    }
    if (raw.length === 10 && isIsoDateShape(raw)) {
      const bad = checkYmd(num4(raw, 0), num2(raw, 5), num2(raw, 8));
      return bad ? fail(bad) : ok(raw + ' 00:00:00');
    }
  }
  const r = dateParts(raw, opts);
  if (r === EMPTY) return EMPTY;
  if (r !== null) return fail(r as Message);
  return ok(fmtYmd(st.py, st.pm, st.pd) + ' ' + fmtHms(st.ph, st.pmi, st.ps));
}

// ---------------------------------------------------------------------------------------------
// Numbers

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

/**
 * Split a numeric string into sign / integer digits / fraction digits / exponent (st.nSign,
 * st.nInt, st.nFrac, st.nExp). null on success, else the reason. Handles full-width input, thousands separators
 * (comma or space between 3-digit groups), a leading '+', a currency sign, a trailing unit word.
 */
function numericParts(raw: string): Message | null {
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
  st.nSign = m[1] === '-' ? '-' : '';
  st.nInt = int.length > 3 && int.includes(',') ? int.replace(COMMA_RE, '') : int;
  st.nFrac = frac;
  st.nExp = m[4] === undefined ? 0 : Number(m[4]);
  return null;
}

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
    const bad = numericParts(raw);
    if (bad) return fail(bad);
    let text = st.nSign + (st.nInt || '0');
    if (st.nFrac) text += '.' + st.nFrac;
    if (st.nExp !== 0) text += 'e' + st.nExp;
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

/** Round the scratch numeric parts to exactly 2 decimals, half away from zero, on the digits. */
function moneyFromParts(): Parsed<string> {
  let int = st.nInt;
  let frac = st.nFrac;
  if (st.nExp !== 0) {
    // Move the decimal point on the digit string: no binary floating point involved.
    let digits = int + frac;
    let point = int.length + st.nExp;
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
  return ok(st.nSign + text);
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
    st.nSign = neg ? '-' : '';
    st.nInt = s.slice(neg ? 1 : 0, dot < 0 ? s.length : dot);
    st.nFrac = dot < 0 ? '' : s.slice(dot + 1);
    st.nExp = 0;
    return moneyFromParts();
  }
  const bad = numericParts(s);
  if (bad) return fail(bad);
  return moneyFromParts();
}

// ---------------------------------------------------------------------------------------------
// Booleans

/**
 * Spellings beyond kinds.ts BOOL_CODES that real exports use for yes/no columns:
 * 执法资格 levels (基本级/中级/高级 = qualified), 是否重大 / 案件等级 grades (重大, 重特大, 特大,
 * 特别重大 = major; 一般, 较大 = not major), and 已取得/未取得 qualification wording.
 */
const BOOL_EXTRA_YES = ['基本级', '中级', '高级', '重大', '重特大', '特大', '特别重大', '已取得', '取得', '✔', '☑'];
const BOOL_EXTRA_NO = ['一般', '较大', '未取得', '✗', '✘', '☐'];

/** normalizeKey(spelling) → value; also holds the spellings as written and upper-cased, so the
 * common cell ('是', 'Y') is found without normalising. */
const BOOL_MAP: Map<string, boolean> = (() => {
  const m = new Map<string, boolean>();
  const add = (words: string[], v: boolean): void => {
    for (const w of words) {
      m.set(normalizeKey(w), v);
      m.set(w, v);
      m.set(w.toUpperCase(), v);
    }
  };
  add([...BOOL_CODES.true, ...BOOL_EXTRA_YES], true);
  add([...BOOL_CODES.false, ...BOOL_EXTRA_NO], false);
  return m;
})();

const NEGATION_RE = /[无否未不没]/;
const TRUE_RESULT: { ok: true; value: boolean } = Object.freeze({ ok: true as const, value: true });
const FALSE_RESULT: { ok: true; value: boolean } = Object.freeze({ ok: true as const, value: false });

/** Yes/no cell → boolean. '无' is "no" here, not an empty cell. */
export function parseBool(raw: RawCell): Parsed<boolean> {
  if (raw === null || raw === undefined) return EMPTY;
  if (typeof raw === 'boolean') return raw ? TRUE_RESULT : FALSE_RESULT;
  if (typeof raw === 'number') {
    if (raw === 1) return TRUE_RESULT;
    if (raw === 0) return FALSE_RESULT;
    return fail(R.not_yes_no);
  }
  if (typeof raw !== 'string') return fail(R.not_yes_no);
  let v = BOOL_MAP.get(raw);
  if (v !== undefined) return v ? TRUE_RESULT : FALSE_RESULT;
  if (isBlank(raw)) return EMPTY;
  let k = normalizeKey(raw);
  v = BOOL_MAP.get(k);
  if (v === undefined && k.length > 2 && k.endsWith('案件')) {
    // 案件等级 columns: 重大案件, 一般案件.
    k = k.slice(0, k.length - 2);
    v = BOOL_MAP.get(k);
  }
  if (v !== undefined) return v ? TRUE_RESULT : FALSE_RESULT;
  // Any qualification level (基本级执法资格, 高级) is a yes unless it says 无/否/未.
  if (k.includes('级') && !NEGATION_RE.test(k)) return TRUE_RESULT;
  if (k.startsWith('已取得')) return TRUE_RESULT;
  if (k.startsWith('未取得')) return FALSE_RESULT;
  if (isPlaceholder(raw)) return EMPTY;
  return fail(R.not_yes_no);
}

// ---------------------------------------------------------------------------------------------
// Enums

interface EnumTable {
  /** normalised alias or code → code, or AMBIGUOUS when two codes share a spelling. */
  exact: Map<string, string>;
  /** Aliases for substring matching, longest first. */
  subs: Array<{ alias: string; code: string }>;
  expected: string;
  /** Results by raw cell text: enum columns repeat a handful of spellings millions of times. */
  memo: Map<string, Parsed<string>>;
}
const ENUM_MEMO_MAX = 4096;
const AMBIGUOUS = '\u0000ambiguous';
const ENUM_TABLES = new WeakMap<Field, EnumTable>();

function enumTable(field: Field): EnumTable {
  let t = ENUM_TABLES.get(field);
  if (t) return t;
  const exact = new Map<string, string>();
  const subs: Array<{ alias: string; code: string }> = [];
  const firsts: string[] = [];
  const put = (k: string, code: string): void => {
    const prev = exact.get(k);
    exact.set(k, prev === undefined || prev === code ? code : AMBIGUOUS);
  };
  for (const [code, aliases] of Object.entries(field.codes ?? {})) {
    put(normalizeKey(code), code);
    firsts.push(aliases[0] ?? code);
    for (const a of aliases) {
      const k = normalizeKey(a);
      if (k.length === 0) continue;
      put(k, code);
      subs.push({ alias: k, code });
    }
  }
  subs.sort((a, b) => b.alias.length - a.alias.length);
  t = { exact, subs, expected: firsts.join(', '), memo: new Map() };
  ENUM_TABLES.set(field, t);
  return t;
}

const NEGATIONS = '不未非无没否';
/** Is there a negation word in `v` outside the matched span [from, to)? ('非常' = "very" is not one.) */
function negatedOutside(v: string, from: number, to: number): boolean {
  for (let i = 0; i < v.length; i++) {
    if (i >= from && i < to) continue;
    const ch = v[i];
    if (NEGATIONS.includes(ch)) {
      if (ch === '非' && v[i + 1] === '常') continue;
      return true;
    }
  }
  return false;
}

function cellToText(raw: string | number | boolean | Date): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : null;
  if (typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) {
    if (fromDateObject(raw) !== null) return null;
    const ymd = fmtYmd(st.py, st.pm, st.pd);
    return st.ph === 0 && st.pmi === 0 && st.ps === 0 ? ymd : ymd + ' ' + fmtHms(st.ph, st.pmi, st.ps);
  }
  return null;
}

/**
 * An enum cell → its code. Exact match on the code or any alias first; otherwise the longest
 * alias contained in the value wins ('城关派出所' → station), unless a negation word outside it
 * turns the meaning around ('未破案'), or two codes tie on length (ambiguous). An open enum keeps
 * an unmatched value as written.
 */
export function parseEnum(raw: RawCell, field: Field): Parsed<string> {
  if (raw === null || raw === undefined) return EMPTY;
  const t = enumTable(field);
  if (typeof raw === 'string') {
    const hit = t.memo.get(raw);
    if (hit !== undefined) return hit;
    const r = Object.freeze(matchEnum(raw, field, t));
    if (t.memo.size >= ENUM_MEMO_MAX) t.memo.clear();
    t.memo.set(raw, r);
    return r;
  }
  const text = cellToText(raw);
  if (text === null) return fail(R.not_valid_value);
  return matchEnum(text, field, t);
}

function matchEnum(text: string, field: Field, t: EnumTable): Parsed<string> {
  if (isBlank(text)) return EMPTY;
  const k = normalizeKey(text);
  const hit = t.exact.get(k);
  if (hit !== undefined) {
    if (hit === AMBIGUOUS) return fail(R.ambiguous_code);
    return ok(hit);
  }
  let bestCode: string | null = null;
  let bestAlias = '';
  for (let i = 0; i < t.subs.length; i++) {
    const e = t.subs[i];
    if (bestCode !== null && e.alias.length < bestAlias.length) break;
    const at = k.indexOf(e.alias);
    if (at < 0 || negatedOutside(k, at, at + e.alias.length)) continue;
    if (bestCode === null) {
      bestCode = e.code;
      bestAlias = e.alias;
    } else if (e.code !== bestCode) {
      return fail(msg('reject_ambiguous_aliases', { a: bestAlias, b: e.alias }));
    }
  }
  if (bestCode !== null) return ok(bestCode);
  if (isPlaceholder(text)) return EMPTY;
  if (field.open) return ok(cleanText(text));
  return fail(msg('reject_unknown_value', { expected: t.expected }));
}

// ---------------------------------------------------------------------------------------------
// Identifiers and text

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
  const t = cellToText(raw);
  return t === null ? fail(R.not_a_date) : ok(t);
}

// ---------------------------------------------------------------------------------------------
// Resident identity numbers (公民身份号码, GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const ID18_RE = /^\d{17}[\dXx]$/;
const ID15_RE = /^\d{15}$/;
const DIGITS17_RE = /^\d{17}$/;

/** The ISO 7064 MOD 11-2 check character for the first 17 digits (throws unless given 17 digits). */
export function residentIdCheckChar(first17: string): string {
  if (!DIGITS17_RE.test(first17)) throw new RangeError('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - DIGIT0) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

function todayLocal(): string {
  const d = new Date();
  return fmtYmd(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/**
 * Mainland resident ID: 18 characters (17 digits + MOD 11-2 check character) or the old 15-digit
 * form; the embedded birth date must be real and between 1900-01-01 and today. Reasons never
 * contain the number. `opts.today` ('YYYY-MM-DD') fixes "today" for tests.
 */
export function validateResidentId(s: string, opts?: { today?: string }): { valid: boolean; reason?: string } {
  let y: number;
  let m: number;
  let d: number;
  if (s.length === 18) {
    if (!ID18_RE.test(s)) return { valid: false, reason: 'not digits' };
    if (residentIdCheckChar(s.slice(0, 17)) !== s[17].toUpperCase()) return { valid: false, reason: 'bad check digit' };
    y = num4(s, 6);
    m = num2(s, 10);
    d = num2(s, 12);
  } else if (s.length === 15) {
    if (!ID15_RE.test(s)) return { valid: false, reason: 'not digits' };
    y = 1900 + num2(s, 6);
    m = num2(s, 8);
    d = num2(s, 10);
  } else {
    return { valid: false, reason: 'wrong length' };
  }
  if (checkYmd(y, m, d) !== null) return { valid: false, reason: 'bad birth date' };
  if (fmtYmd(y, m, d) > (opts?.today ?? todayLocal())) return { valid: false, reason: 'bad birth date' };
  return { valid: true };
}

// ---------------------------------------------------------------------------------------------
// Quarters

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
  /** '2026Q3' */
  label: string;
  /** First day, '2026-07-01'. */
  start: string;
  /** Last day (inclusive), '2026-09-30'. */
  end: string;
}

const QUARTER_Q_RE = /^(\d{4})(?:年|[-_/.])?Q([1-4])$/;
const QUARTER_ZH_RE = /^(\d{4})(?:年度?)?第?([1-4一二三四])季度?$/;
const ZH_Q: Record<string, 1 | 2 | 3 | 4> = { '1': 1, '2': 2, '3': 3, '4': 4, 一: 1, 二: 2, 三: 3, 四: 4 };
const QUARTER_ENDS = ['', '03-31', '06-30', '09-30', '12-31'];
const QUARTER_STARTS = ['', '01-01', '04-01', '07-01', '10-01'];
const LABEL_RE = /^(\d{4})Q([1-4])$/;

function makeQuarter(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const y = String(year);
  return { year, q, label: y + 'Q' + q, start: y + '-' + QUARTER_STARTS[q], end: y + '-' + QUARTER_ENDS[q] };
}

/** '2026Q3', '2026-Q3', '2026 q3', '2026年第三季度', '2026年3季度'… → the quarter, or null. */
export function parseQuarter(s: string): Quarter | null {
  if (typeof s !== 'string') return null;
  const k = nfkc(s).replace(WS_RE, '').toUpperCase();
  const m = QUARTER_Q_RE.exec(k) ?? QUARTER_ZH_RE.exec(k);
  if (!m) return null;
  const year = +m[1];
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return makeQuarter(year, ZH_Q[m[2]]);
}

/** 'YYYY-MM-DD' (or a datetime starting so) → its quarter label, '2026Q3'. Throws on malformed input. */
export function quarterOf(date: string): string {
  if (date.length < 7 || date.charCodeAt(4) !== 45 || !isDigitAt(date, 0) || !isDigitAt(date, 5) || !isDigitAt(date, 6)) {
    throw new RangeError('quarterOf needs a YYYY-MM-DD date');
  }
  const m = num2(date, 5);
  if (m < 1 || m > 12) throw new RangeError('quarterOf needs a YYYY-MM-DD date');
  return date.slice(0, 4) + 'Q' + ((m + 2) / 3 | 0);
}

/** '2026Q3' → '2026Q2'; '2026Q1' → '2025Q4'. Any parseQuarter spelling is accepted; throws otherwise. */
export function previousQuarter(label: string): string {
  const m = LABEL_RE.exec(label);
  let year: number;
  let q: number;
  if (m) {
    year = +m[1];
    q = +m[2];
  } else {
    const p = parseQuarter(label);
    if (!p) throw new RangeError('previousQuarter needs a quarter label such as 2026Q3');
    year = p.year;
    q = p.q;
  }
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
}

// ---------------------------------------------------------------------------------------------
// The loader's single entry point

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

// Dates and date-times: the calendar (proleptic Gregorian), Excel serials, JS Date cells and a
// hand-written scanner for date text. Every helper returns its result; nothing is shared between calls.
import { msg, type Message } from '../../i18n/message.js';
import {
  EMPTY, R, WS_RE, PAD2, fail, isBlank, isDigitAt, isPlaceholder, nfkc, num2, num4, ok,
  type DateOptions, type Parsed, type RawCell,
} from './common.js';

/** Wall-clock parts of one parsed date or date-time. */
export interface DateParts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  sec: number;
}

/** A parse step's outcome: the parts, or why it failed. */
type PartsOrReason = DateParts | Message;
const isReason = (r: PartsOrReason): r is Message => typeof (r as DateParts).y !== 'number';

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days relative to 1970-01-01)

/** Days since 1970-01-01 and seconds into that day → the parts (Howard Hinnant's civil_from_days). */
function civilFromDays(z: number, secOfDay: number): DateParts {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return {
    y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d,
    h: Math.floor(secOfDay / 3600), mi: Math.floor((secOfDay % 3600) / 60), sec: secOfDay % 60,
  };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** null when y-m-d is a real calendar date in range, else the reason. */
export function checkYmd(y: number, m: number, d: number): Message | null {
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

export function fmtYmd(y: number, m: number, d: number): string {
  return (y < 1000 ? String(y).padStart(4, '0') : String(y)) + '-' + PAD2[m] + '-' + PAD2[d];
}

function fmtHms(h: number, mi: number, s: number): string {
  return PAD2[h] + ':' + PAD2[mi] + ':' + PAD2[s];
}

// ---------------------------------------------------------------------------------------------
// Excel serials and Date cells

// Excel 1900 system: serial 1 = 1900-01-01, Excel's fictitious 1900-02-29 is serial 60, and
// from serial 61 (1900-03-01) on, day = serial - 25569 days from 1970-01-01.
const EXCEL_1900_MAX = 2958465; // 9999-12-31
const EXCEL_1904_OFFSET = 1462; // days between the 1900 and 1904 systems
const DAYS_1904_EPOCH = -24107; // 1904-01-01 relative to 1970-01-01

/** Excel serial → the parts, or the reason. */
function fromSerial(serial: number, date1904: boolean): PartsOrReason {
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
  return civilFromDays(day, sec);
}

/** JS Date whose UTC fields are the wall-clock values (exceljs) → the parts, or the reason. */
function fromDateObject(d: Date): PartsOrReason {
  const t = d.getTime();
  if (!Number.isFinite(t)) return R.not_a_date;
  const total = Math.round(t / 1000);
  const day = Math.floor(total / 86400);
  const p = civilFromDays(day, total - day * 86400);
  // exceljs renders a time-only cell (serial < 1) as 1899-12-30 or 1899-12-31.
  if (p.y === 1899 && p.m === 12 && p.d >= 30) return R.time_without_date;
  if (p.y < MIN_YEAR || p.y > MAX_YEAR) return R.year_out_of_range;
  return p;
}

/** A Date cell as text: 'YYYY-MM-DD', with ' HH:MM:SS' only when it has a time of day; null if it is no date. */
export function dateCellText(d: Date): string | null {
  const p = fromDateObject(d);
  if (isReason(p)) return null;
  const ymd = fmtYmd(p.y, p.m, p.d);
  return p.h === 0 && p.mi === 0 && p.sec === 0 ? ymd : ymd + ' ' + fmtHms(p.h, p.mi, p.sec);
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

// ---------------------------------------------------------------------------------------------
// Date text
//
// Date strings are read by a small hand-written scanner rather than regexes: it handles
// 2026-07-01, 2026/7/1, 2026.07.01 (one separator throughout), 2026年7月1日, 20260701, optional
// spaces around separators, then an optional time of day: 10:30, 10:30:15, 10:30:15.123, 10时,
// 10时30分, 10时30分15秒, 10点30分, after a space, 'T', or directly after 日; 上午/下午 or AM/PM;
// and yyyymmddhhmm[ss].
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

/** One scan of one string: the text, the position, and the parts read so far (made per call, never shared). */
class DateScan implements DateParts {
  at = 0;
  y = 0;
  m = 0;
  d = 0;
  h = 0;
  mi = 0;
  sec = 0;
  constructor(readonly s: string) {}

  skipSpaces(): boolean {
    const start = this.at;
    const s = this.s;
    while (this.at < s.length) {
      const c = s.charCodeAt(this.at);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.at++;
      else break;
    }
    return this.at > start;
  }

  /** Reads min..max digits at the position: their value, or -1 when fewer than min. */
  readDigits(min: number, max: number): number {
    const s = this.s;
    let v = 0;
    let n = 0;
    while (n < max && this.at < s.length) {
      const c = s.charCodeAt(this.at);
      if (c < 48 || c > 57) break;
      v = v * 10 + c - 48;
      this.at++;
      n++;
    }
    return n >= min ? v : -1;
  }

  char(): number {
    return this.s.charCodeAt(this.at);
  }
}

const HEAD_NONE = 0;
const HEAD_SEP = 1; // 2026-07-01
const HEAD_ZH = 2; // 2026年7月1日
const HEAD_COMPACT = 3; // 20260701

/** Scans the date at the start of the text into y/m/d (unvalidated); returns the HEAD_* form. */
function scanDateHead(sc: DateScan): number {
  const s = sc.s;
  const y = sc.readDigits(4, 4);
  if (y < 0) return HEAD_NONE;
  sc.y = y;
  if (isDigitAt(s, sc.at)) {
    const m = sc.readDigits(2, 2);
    const d = sc.readDigits(2, 2);
    if (m < 0 || d < 0) return HEAD_NONE;
    sc.m = m;
    sc.d = d;
    return HEAD_COMPACT;
  }
  sc.skipSpaces();
  const c = sc.char();
  if (c === 45 || c === 47 || c === 46) {
    sc.at++;
    sc.skipSpaces();
    const m = sc.readDigits(1, 2);
    sc.skipSpaces();
    if (m < 0 || sc.char() !== c) return HEAD_NONE;
    sc.at++;
    sc.skipSpaces();
    const d = sc.readDigits(1, 2);
    if (d < 0 || isDigitAt(s, sc.at)) return HEAD_NONE;
    sc.m = m;
    sc.d = d;
    return HEAD_SEP;
  }
  if (c === C_YEAR) {
    sc.at++;
    sc.skipSpaces();
    const m = sc.readDigits(1, 2);
    sc.skipSpaces();
    if (m < 0 || sc.char() !== C_MONTH) return HEAD_NONE;
    sc.at++;
    sc.skipSpaces();
    const d = sc.readDigits(1, 2);
    if (d < 0 || isDigitAt(s, sc.at)) return HEAD_NONE;
    const afterDay = sc.at;
    sc.skipSpaces();
    const e = sc.char();
    if (e === C_DAY || e === C_HAO) sc.at++;
    else sc.at = afterDay;
    sc.m = m;
    sc.d = d;
    return HEAD_ZH;
  }
  return HEAD_NONE;
}

/** Scans a time of day from the position to the end into h/mi/sec; null on success, else the reason. */
function scanTime(sc: DateScan): Message | null {
  const s = sc.s;
  let pmFlag = 0; // 1 = AM, 2 = PM
  if (sc.char() >= 0x4e00) {
    for (let i = 0; i < AM_WORDS.length && pmFlag === 0; i++) {
      if (s.startsWith(AM_WORDS[i], sc.at)) {
        pmFlag = 1;
        sc.at += AM_WORDS[i].length;
      }
    }
    for (let i = 0; i < PM_WORDS.length && pmFlag === 0; i++) {
      if (s.startsWith(PM_WORDS[i], sc.at)) {
        pmFlag = 2;
        sc.at += PM_WORDS[i].length;
      }
    }
    sc.skipSpaces();
  }
  let h = sc.readDigits(1, 2);
  if (h < 0) return R.not_a_date;
  let mi = 0;
  let sec = 0;
  sc.skipSpaces();
  const c = sc.char();
  if (c === 58 /* : */) {
    sc.at++;
    sc.skipSpaces();
    mi = sc.readDigits(1, 2);
    if (mi < 0) return R.not_a_date;
    sc.skipSpaces();
    if (sc.char() === 58) {
      sc.at++;
      sc.skipSpaces();
      sec = sc.readDigits(1, 2);
      if (sec < 0) return R.not_a_date;
      if (sc.char() === 46 /* . */) {
        sc.at++;
        if (sc.readDigits(1, 1e9) < 0) return R.not_a_date; // fraction of a second: dropped
      }
    }
  } else if (c === C_HOUR || c === C_DIAN || c === C_DIAN_T) {
    sc.at++;
    sc.skipSpaces();
    const m = sc.readDigits(1, 2);
    if (m >= 0) {
      mi = m;
      sc.skipSpaces();
      if (sc.char() === C_MIN) sc.at++;
      sc.skipSpaces();
      const x = sc.readDigits(1, 2);
      if (x >= 0) {
        sec = x;
        sc.skipSpaces();
        if (sc.char() === C_SEC) sc.at++;
      }
    }
  } else {
    return R.not_a_date;
  }
  sc.skipSpaces();
  if (pmFlag === 0 && sc.at + 2 === s.length) {
    const a = s.charCodeAt(sc.at) | 0x20; // lower-case
    const b = s.charCodeAt(sc.at + 1) | 0x20;
    if (b === 109 /* m */ && (a === 97 /* a */ || a === 112 /* p */)) {
      pmFlag = a === 97 ? 1 : 2;
      sc.at += 2;
    }
  }
  if (sc.at !== s.length) return R.not_a_date;
  if (pmFlag !== 0) {
    if (h > 12) return msg('reject_hour_out_of_range', { hour: h });
    if (pmFlag === 2 && h < 12) h += 12;
    else if (pmFlag === 1 && h === 12) h = 0;
  }
  const bad = checkHms(h, mi, sec);
  if (bad) return bad;
  sc.h = h;
  sc.mi = mi;
  sc.sec = sec;
  return null;
}

/** Any supported date/datetime string → the parts, or the reason. */
function fromDateText(raw: string, opts: DateOptions | undefined): PartsOrReason {
  const s = nfkc(raw).trim();
  const len = s.length;
  if (len === 0) return R.not_a_date;

  // '46204' or '46204.5': an Excel serial stored as text.
  if (len >= 5 && isDigitAt(s, 4) && (len === 5 || s.charCodeAt(5) === 46) && SERIAL_TEXT_RE.test(s)) {
    return fromSerial(Number(s), opts?.date1904 === true);
  }

  const sc = new DateScan(s);
  const head = scanDateHead(sc);
  if (head === HEAD_NONE) {
    const k = s.replace(WS_RE, '');
    if (YEAR_ONLY_RE.test(k)) return R.month_day_missing;
    if (MONTH_ONLY_RE.test(k)) return R.day_missing;
    return R.not_a_date;
  }
  const bad = checkYmd(sc.y, sc.m, sc.d);
  if (bad) return bad;
  if (sc.at === len) return sc;

  if (head === HEAD_COMPACT && isDigitAt(s, sc.at)) {
    // yyyymmddhhmm / yyyymmddhhmmss, common in case-system exports.
    const h = sc.readDigits(2, 2);
    const mi = sc.readDigits(2, 2);
    const sec = sc.at === len ? 0 : sc.readDigits(2, 2);
    if (h < 0 || mi < 0 || sec < 0 || sc.at !== len) return R.not_a_date;
    const badT = checkHms(h, mi, sec);
    if (badT) return badT;
    sc.h = h;
    sc.mi = mi;
    sc.sec = sec;
    return sc;
  }
  const spaced = sc.skipSpaces();
  if (sc.char() === 84 /* T */) {
    sc.at++;
    sc.skipSpaces();
  } else if (!spaced && head !== HEAD_ZH) {
    return R.not_a_date; // '2026-07-01abc'
  }
  if (sc.at === len) return sc;
  return scanTime(sc) ?? sc;
}

function dateParts(raw: RawCell, opts: DateOptions | undefined): PartsOrReason | typeof EMPTY {
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
    const bad = checkYmd(num4(raw, 0), num2(raw, 5), num2(raw, 8));
    return bad ? fail(bad) : ok(raw);
  }
  const e = dateParts(raw, opts);
  if (e === EMPTY) return EMPTY;
  const r = e as PartsOrReason;
  if (isReason(r)) return fail(r);
  return ok(fmtYmd(r.y, r.m, r.d));
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
  const e = dateParts(raw, opts);
  if (e === EMPTY) return EMPTY;
  const r = e as PartsOrReason;
  if (isReason(r)) return fail(r);
  return ok(fmtYmd(r.y, r.m, r.d) + ' ' + fmtHms(r.h, r.mi, r.sec));
}

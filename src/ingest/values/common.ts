// What every cell parser shares: the Parsed result, the fixed reject reasons, and the blank,
// placeholder, NFKC and digit helpers. Nothing here holds state between calls.
import { msg, say, type Message } from '../../i18n/message.js';
import { normalizeKey } from '../../contract/normalize.js';
import type { Cell } from '../source.js';

/** `value: null` = the cell is empty (blank or a placeholder such as '-', '/', '无'). */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string; message: Message };

export interface DateOptions {
  /** The workbook uses the 1904 date system (Mac Excel): serial 0 = 1904-01-01. */
  date1904?: boolean;
}

/** Where a parser is handed `undefined` (a short row), it is treated as an empty cell. */
export type RawCell = Cell | undefined;

export const EMPTY: { ok: true; value: null } = Object.freeze({ ok: true as const, value: null });

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
/** A failure: why, as a catalog message (stored with the reject), and its English text. */
export function fail(message: Message): { ok: false; reason: string; message: Message } {
  return { ok: false, reason: say(message, 'en'), message };
}

/** The fixed reasons, built once (a parse failure is common in a bad column). */
export const R = {
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

const BLANK_RE = /^[\s\u200b\ufeff]*$/;
export const NON_ASCII_RE = /[^\x00-\x7f]/;
/**
 * Characters NFKC may change that matter to dates, numbers, ids and quarters: Latin-1 (², nbsp),
 * general punctuation and spaces, letterlike/enclosed/CJK-compatibility symbols (㎡, ideographic
 * space), presentation and full-width forms. CJK ideographs such as 年月日 are NFKC-stable, so a
 * string like '2026年7月1日' skips the (costly) normalisation.
 */
const NEEDS_NFKC_RE = /[\u00a0-\u00ff\u2000-\u33ff\uf900-\uffef]/;
export const WS_RE = /[\s\u200b\ufeff]+/g;
export const HAS_WS_RE = /[\s\u200b]/;

/**
 * Placeholders meaning "nothing here". Compared after normalizeKey. '无' is among them, but
 * bool and enum parsers consult their own tables first, so '无' stays a valid bool "no".
 */
const PLACEHOLDERS = new Set([
  '-', '--', '---', '—', '——', '–', '―', '/', '//', '\\', '无', '暂无', '空', 'n/a', '#n/a', 'null',
]);

export function isBlank(s: string): boolean {
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

export function isPlaceholder(s: string): boolean {
  if (s.length > 8 || s.length === 0) return false;
  const c0 = s.charCodeAt(0);
  // Cheap exit for the common case: a first character no placeholder starts with, that is not
  // whitespace either (whitespace-padded placeholders take the full check).
  if (!PLACEHOLDER_FIRST.has(c0) && c0 > 32 && c0 !== 0xa0 && c0 !== 0x3000 && c0 !== 0x200b && c0 !== 0xfeff) return false;
  return PLACEHOLDERS.has(normalizeKey(s));
}

/** NFKC (full-width → half-width), skipped when no character in the string could change. */
export function nfkc(s: string): string {
  return NEEDS_NFKC_RE.test(s) ? s.normalize('NFKC') : s;
}

// Two-digit strings '00'..'99' so formatting a date allocates only the result.
export const PAD2: string[] = [];
for (let i = 0; i < 100; i++) PAD2.push(i < 10 ? '0' + i : String(i));

export const DIGIT0 = 48;
export function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}
export function num2(s: string, i: number): number {
  return (s.charCodeAt(i) - DIGIT0) * 10 + (s.charCodeAt(i + 1) - DIGIT0);
}
export function num4(s: string, i: number): number {
  return num2(s, i) * 100 + num2(s, i + 2);
}

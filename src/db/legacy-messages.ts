// Used ONLY by the schema 1 → 2 upgrade (db/migrate.ts): older workspaces stored reject reasons and
// load warnings as English sentences. This table reads them back into message codes once, when the
// workspace is upgraded; text that matches none is kept as it was (legacy_text).
import { msg, type Message, type Param } from '../i18n/message.js';

type Build = (g: string[]) => Record<string, Param>;
const none: Build = () => ({});

const PATTERNS: Array<[RegExp, string, Build]> = [
  [/^required value is empty$/, 'reject_required_empty', none],
  [/^not a date$/, 'reject_not_a_date', none],
  [/^day missing$/, 'reject_day_missing', none],
  [/^month and day missing$/, 'reject_month_day_missing', none],
  [/^month (\d+) out of range$/, 'reject_month_out_of_range', (g) => ({ month: Number(g[1]) })],
  [/^day (\d+) out of range$/, 'reject_day_out_of_range', (g) => ({ day: Number(g[1]) })],
  [/^hour (\d+) out of range$/, 'reject_hour_out_of_range', (g) => ({ hour: Number(g[1]) })],
  [/^minute (\d+) out of range$/, 'reject_minute_out_of_range', (g) => ({ minute: Number(g[1]) })],
  [/^second (\d+) out of range$/, 'reject_second_out_of_range', (g) => ({ second: Number(g[1]) })],
  [/^year out of range$/, 'reject_year_out_of_range', none],
  [/^number out of date range$/, 'reject_number_out_of_date_range', none],
  [/^Excel serial 60 \(1900-02-29\) does not exist$/, 'reject_excel_day_60', none],
  [/^a year without month and day$/, 'reject_year_only', none],
  [/^time without a date$/, 'reject_time_without_date', none],
  [/^a yes\/no value, not a date$/, 'reject_yes_no_not_date', none],
  [/^uses 万; give the full number$/, 'reject_uses_wan', none],
  [/^uses 亿; give the full number$/, 'reject_uses_yi', none],
  [/^not a number$/, 'reject_not_a_number', none],
  [/^a yes\/no value, not a number$/, 'reject_yes_no_not_number', none],
  [/^a date, not a number$/, 'reject_date_not_number', none],
  [/^not a whole number$/, 'reject_not_whole_number', none],
  [/^number too large$/, 'reject_number_too_large', none],
  [/^amount too large$/, 'reject_amount_too_large', none],
  [/^not yes\/no$/, 'reject_not_yes_no', none],
  [/^not a valid value$/, 'reject_not_valid_value', none],
  [/^ambiguous value; matches more than one code$/, 'reject_ambiguous_code', none],
  [/^ambiguous; matches both (.+) and (.+)$/, 'reject_ambiguous_aliases', (g) => ({ a: g[1], b: g[2] })],
  [/^unknown value; expected one of: (.*)$/, 'reject_unknown_value', (g) => ({ expected: g[1] })],
  [/^stored as a number and lost digits; format the column as text in the source$/, 'reject_lost_digits', none],
  [/^a yes\/no value, not an identifier$/, 'reject_yes_no_not_id', none],
  [/^a date, not an identifier$/, 'reject_date_not_id', none],
  [/^not an identifier$/, 'reject_not_id', none],
  [/^negative value$/, 'reject_negative', none],
  [/^text longer than (\d+) characters \(more than an Excel cell holds\)$/, 'reject_text_too_long', (g) => ({ max: Number(g[1]) })],
  [/^date before (\S+)$/, 'reject_date_before', (g) => ({ date: g[1] })],
  [/^date in the future$/, 'reject_date_in_future', none],
  [/^date more than a year ahead$/, 'reject_date_too_far_ahead', none],
  [/^value above the plausible maximum (\S+)$/, 'reject_above_maximum', (g) => ({ max: Number(g[1]) })],
  [/^duplicate key with different values; rows (.*) share it: fix the export so only one remains$/, 'reject_duplicate_key', (g) => ({ rows: g[1] })],
  [/^hidden sheet skipped \(pass --include-hidden to load it\)$/, 'warn_hidden_sheet', none],
  [/^no recognisable header: not a jiceng export, skipped$/, 'warn_no_header', none],
  [/^empty sheet$/, 'warn_empty_sheet', none],
  [/^(\d+) row\(s\) not filled in yet \(answer cells empty\): skipped$/, 'warn_pending_rows', (g) => ({ n: Number(g[1]) })],
  [/^(\d+) row\(s\) share a key with different values: all rejected$/, 'warn_conflicts', (g) => ({ n: Number(g[1]) })],
  [/^(\d+) record\(s\) differ from (.*) loaded earlier \(load (\d+)\): replaced by this file's values$/, 'warn_differs_from_earlier', (g) => ({ n: Number(g[1]), file: g[2], load: Number(g[3]) })],
  [/^(\d+) hidden or filtered row\(s\) loaded as data$/, 'warn_hidden_rows', (g) => ({ n: Number(g[1]) })],
  [/^(\d+) formula cell\(s\) have no saved result and were read as empty: .*$/, 'warn_uncached_formulas', (g) => ({ n: Number(g[1]) })],
  [/^(\d+) station\(s\) with population 0 loaded and flagged: .*$/, 'warn_zero_population', (g) => ({ n: Number(g[1]) })],
  [/^total row (\d+): (.*) says (\S+) but the loaded rows sum to (\S+) \((\d+) row\(s\) were rejected\)$/, 'warn_total_mismatch_rejected', (g) => ({ row: Number(g[1]), column: g[2], declared: g[3], actual: g[4], rejected: Number(g[5]) })],
  [/^total row (\d+): (.*) says (\S+) but the loaded rows sum to (\S+)$/, 'warn_total_mismatch', (g) => ({ row: Number(g[1]), column: g[2], declared: g[3], actual: g[4] })],
  [/^(\S+) taken as "(.*)" \(from the title\)$/, 'note_taken_from_title', (g) => ({ field: g[1], value: g[2] })],
  [/^(\S+) taken as "(.*)" \(--as-of\)$/, 'note_taken_from_as_of', (g) => ({ field: g[1], value: g[2] })],
  [/^(\S+) taken as "(.*)" \(from the sheet name\)$/, 'note_taken_from_sheet_name', (g) => ({ field: g[1], value: g[2] })],
  [/^(\S+) read from the (\S+) column \(the file has no (\S+) column\)$/, 'note_derived_field', (g) => ({ field: g[1], from: g[2], header: g[3] })],
];

/** The message an English reason or warning of schema 1 stood for; text it does not know stays as written. */
export function legacyMessage(text: string): Message {
  for (const [re, code, build] of PATTERNS) {
    const m = re.exec(text);
    if (m) {
      const params = build([...m]);
      return Object.keys(params).length ? msg(code, params) : msg(code);
    }
  }
  return msg('legacy_text', { text });
}

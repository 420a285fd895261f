// How numbers and names look to a person, in the terminal, the HTML and the workbook alike: one minus
// sign (−), ±0 for a change that rounds to zero, shares as percentages with their n, county and station labels.
import type { Lang } from './i18n/index.js';
import { msg, say } from './i18n/message.js';

export const DASH = '—';
const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);
const COUNT_UNITS = ['count', 'persons', 'cases', 'items'];
const isCount = (unit: string): boolean => COUNT_UNITS.includes(unit);

/** One minus sign (−) for negative figures; a figure that rounds to zero has none (no -0.0). */
export function typographicMinus(s: string): string {
  return /^-(?=[\d.,]*[1-9])/.test(s) ? '−' + s.slice(1) : s.replace(/^-/, '');
}

/** A number with d decimals and the typographic minus: fixed(-2.345, 1) = −2.3; null → —. */
export function fixed(v: number | null | undefined, d: number): string {
  return missing(v) ? DASH : typographicMinus(v.toFixed(d));
}

/** One decimal: 15.3, −0.5, —. */
export const f1 = (v: number | null | undefined): string => fixed(v, 1);

/** Two decimals: 2.40, −1.05, —. */
export const f2 = (v: number | null | undefined): string => fixed(v, 2);

/** A share as a percentage with d decimals: 45.0%, −0.1%, —. */
export function pct(v: number | null | undefined, d = 1): string {
  return missing(v) ? DASH : typographicMinus((v * 100).toFixed(d)) + '%';
}

/** A signed number: +1.50, −2.00, ±0.00 when it rounds to zero; `suffix` follows the digits (+2.3pp). */
export function signed(v: number | null | undefined, d = 2, suffix = ''): string {
  if (missing(v)) return DASH;
  const text = Math.abs(v).toFixed(d);
  const zero = !/[1-9]/.test(text);
  return (zero ? '±' : v > 0 ? '+' : '−') + text + suffix;
}

/** A signed whole count: +3, −2, ±0. */
export const signedCount = (v: number | null | undefined): string => signed(v, 0);

/** Decimals a report shows for a unit: per-10k, days and hours with one, shares as 0.0%, counts whole, the rest two. */
export function decimalsOf(unit: string): number {
  if (unit === 'share' || unit === 'per_10k' || unit === 'days' || unit === 'hours') return 1;
  if (isCount(unit)) return 0;
  return 2;
}

/** Decimals the terminal shows for a unit (metrics tables): days with one, counts whole, the rest two. */
export function terminalDecimalsOf(unit: string): number {
  if (unit === 'share' || unit === 'days') return 1;
  if (isCount(unit)) return 0;
  return 2;
}

/** A value of a unit as text, with d decimals (of the percentage for shares): 57.1%, 15.3, 42, −2; null → —. */
export function formatValue(value: number | null | undefined, unit: string, d = terminalDecimalsOf(unit)): string {
  if (missing(value)) return DASH;
  if (unit === 'share') return pct(value, d);
  if (isCount(unit) && Number.isInteger(value)) return typographicMinus(String(value));
  return fixed(value, d || 2);
}

/** A value as the reports show it (decimalsOf). */
export const formatNumber = (value: number | null | undefined, unit: string): string => formatValue(value, unit, decimalsOf(unit));

/** A change as text: +2.3pp for shares, +1.5 / −3 otherwise; a change that rounds to zero is ±0. */
export function formatChange(change: number | null | undefined, unit: string, d = terminalDecimalsOf(unit)): string {
  if (missing(change)) return DASH;
  if (unit === 'share') return signed(change * 100, d, 'pp');
  if (isCount(unit) && Number.isInteger(change)) return signed(change, 0);
  return signed(change, d || 2);
}

/** A change as the reports show it (decimalsOf). */
export const formatReportChange = (change: number | null | undefined, unit: string): string => formatChange(change, unit, decimalsOf(unit));

/** A count of a share's n: whole, or with one decimal for weighted counts. */
const count = (n: number | null): string => (n === null ? DASH : Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "（9/20）" in Chinese, " (9/20)" in English. */
export function nText(numerator: number | null, denominator: number | null, lang: Lang): string {
  return say(msg('format_n', { n: `${count(numerator)}/${count(denominator)}` }), lang);
}

export interface ShownValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  small?: boolean;
}

/**
 * A metric value for people; shares carry their n, 45.0%（9/20）; too-few shares say so instead of a
 * percentage (样本过少（1/4）: the value misleads). `d`: decimals as formatValue takes them.
 */
export function shareWithN(v: ShownValue, unit: string, lang: Lang, d?: number): string {
  if (unit !== 'share' || v.value === null || v.denominator === null) return formatValue(v.value, unit, d);
  if (v.small) return say(msg('too_few'), lang) + nText(v.numerator, v.denominator, lang);
  return formatValue(v.value, unit, d) + nText(v.numerator, v.denominator, lang);
}

/** A county's own row: 城关县（全县） / Chengguan (county); a workspace without county names: 全县 / County. */
export function countyLabel(county: string | null | undefined, lang: Lang): string {
  return county ? say(msg('trend_county_row', { county }), lang) : say(msg('trend_county_unnamed'), lang);
}

/** A station with its code, where the name alone is not enough: 城关派出所（140101） / 城关派出所 (140101). */
export function stationLabel(name: string | null | undefined, id: string, lang: Lang): string {
  return name ? say(msg('format_station_with_id', { name, id }), lang) : id;
}

/** Unique row labels per station id: the name, with the code added only where two stations share a name (or it has none). */
export function stationLabels(stations: Array<{ station_id: string; station_name: string | null }>, lang: Lang): Map<string, string> {
  const seen = new Map<string, number>();
  for (const s of stations) if (s.station_name) seen.set(s.station_name, (seen.get(s.station_name) ?? 0) + 1);
  return new Map(stations.map((s) => [s.station_id, s.station_name && seen.get(s.station_name) === 1 ? s.station_name : stationLabel(s.station_name, s.station_id, lang)]));
}

/** Items of a list in the language: 甲、乙 / a, b. */
export function listText(items: string[], lang: Lang): string {
  return items.join(say(msg('format_list_comma'), lang));
}

/** Parts of a sentence in the language: 甲；乙 / a; b. */
export function partsText(items: string[], lang: Lang): string {
  return items.join(say(msg('list_separator'), lang));
}

// Words and numbers for metric values: units, reasons for a null value, value formatting.
import type { Lang } from '../i18n/index.js';
import { CATALOG } from '../i18n/catalog/index.js';
import { msg, say } from '../i18n/message.js';

export const GROUPS = ['staffing', 'workload', 'report_burden', 'petitions', 'backtracking', 'integrity', 'other'] as const;
export type MetricGroup = (typeof GROUPS)[number];

/** A unit's name (catalog unit_<unit>); an unknown unit as written. */
export function unitText(unit: string, lang: Lang): string {
  return CATALOG[`unit_${unit}`] ? say(msg(`unit_${unit}`), lang) : unit;
}

/** A reason code (optionally `code:arg`) in words; unknown text is returned as written. */
export function reasonText(reason: string | null | undefined, lang: Lang): string {
  if (!reason) return '';
  const [code, arg] = reason.split(':', 2);
  // Reasons of the metric SQL are named null_reason_<code> (catalog/null-reasons.ts); a few are codes of their own.
  const named = `null_reason_${code}`;
  if (!Object.hasOwn(CATALOG, named)) return CATALOG[code] ? say(msg(code, { arg: arg ?? null }), lang) : reason;
  const field = `breakdown_field_${arg}`;
  const argText = arg ? (Object.hasOwn(CATALOG, field) ? msg(field) : arg) : '';
  return say(msg(named, { arg: argText }), lang);
}

// Values and changes for people: one formatting module (src/format.ts) for the terminal and the reports.

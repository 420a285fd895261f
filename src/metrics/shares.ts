// A share as people read it: the percentage with its numerator and denominator, 45.0%（9/20）, or
// 样本过少（1/4） when the denominator is below min_denominator (the value is not shown: it misleads).
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { formatValue } from './format.js';

const count = (n: number | null): string => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "(9/20)" in the language's brackets. */
export function nText(numerator: number | null, denominator: number | null, lang: Lang): string {
  const inner = `${count(numerator)}/${count(denominator)}`;
  return lang === 'zh' ? `（${inner}）` : ` (${inner})`;
}

export interface ShownValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  small?: boolean;
}

/** A metric value for people; shares carry their n, too-few shares say so instead of a percentage. */
export function shownValue(v: ShownValue, unit: string, lang: Lang): string {
  if (unit !== 'share' || v.value === null || v.denominator === null) return formatValue(v.value, unit);
  if (v.small) return say(msg('too_few'), lang) + nText(v.numerator, v.denominator, lang);
  return formatValue(v.value, unit) + nText(v.numerator, v.denominator, lang);
}

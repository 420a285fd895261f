// How report values look in the workbook: Excel number formats per metric unit, with the same decimals,
// minus sign (−) and ±0 as the text the HTML shows (src/format.ts, the one formatting module).
import { decimalsOf } from '../format.js';

/** Excel number format for a value of the unit; a negative value has the typographic minus (−5, as the HTML shows it). */
export function excelFormat(unit: string): string {
  if (unit === 'share') return '0.0%';
  const f = digitsFormat(decimalsOf(unit));
  return `${f};"−"${f}`;
}

/** 0, 0.0, 0.00 … */
const digitsFormat = (d: number): string => (d === 0 ? '0' : '0.' + '0'.repeat(d));

/** A signed number format with d decimals: +1.5, −1.5 (the typographic minus), ±0.0; `suffix` after the digits. */
export function excelSignedFormat(d: number, suffix = ''): string {
  const f = digitsFormat(d) + (suffix ? `"${suffix}"` : '');
  return `+${f};"−"${f};"±"${f}`;
}

/**
 * Excel number format for a change: signed; for shares the cell holds percentage points
 * (change × 100) and says so ("+2.3pp").
 */
export function excelChangeFormat(unit: string): string {
  // Positive; negative (the typographic minus −); zero (±, like the HTML and the terminal).
  if (unit === 'share') return excelSignedFormat(1, 'pp');
  return excelSignedFormat(decimalsOf(unit));
}

/** A signed number rounded to d decimals, so a value that rounds to zero is exactly 0 and reads ±0 (never −0). */
export function excelSignedValue(v: number, d: number): number {
  const r = Math.round(v * 10 ** d) / 10 ** d;
  return r === 0 ? 0 : r;
}

/** The number stored in a change cell: percentage points for shares. */
export const excelChangeValue = (change: number, unit: string): number =>
  unit === 'share' ? excelSignedValue(change * 100, 1) : excelSignedValue(change, decimalsOf(unit));

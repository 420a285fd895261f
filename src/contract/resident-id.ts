// Mainland resident identity numbers (公民身份号码, GB 11643-1999): the check character and validation.
import { checkYmd, fmtYmd } from '../ingest/values/date.js';
import { num2, num4 } from '../ingest/values/common.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const ID18_RE = /^\d{17}[\dXx]$/;
const ID15_RE = /^\d{15}$/;
const DIGITS17_RE = /^\d{17}$/;

/** The ISO 7064 MOD 11-2 check character for the first 17 digits (throws unless given 17 digits). */
export function residentIdCheckChar(first17: string): string {
  if (!DIGITS17_RE.test(first17)) throw new RangeError('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
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

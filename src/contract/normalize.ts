// Text normalisation shared by header matching, code lookup and name resolution.

/** NFKC folds full-width letters, digits and punctuation to half-width; whitespace is dropped. */
export function normalizeKey(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, '').toLowerCase();
}

/** Like normalizeKey, and also drops punctuation: for comparing item names (duplicate_asks). */
export function normalizeLoose(s: string): string {
  return normalizeKey(s).replace(/[\p{P}\p{S}]/gu, '');
}

/** Trim and collapse whitespace, full-width spaces included, keeping the text otherwise as written. */
export function cleanText(s: string): string {
  return s.replace(/[\u3000\u00a0\u200b\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
}

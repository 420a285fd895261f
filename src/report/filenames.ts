// Safe file names from data (county and station names): no path traversal, no reserved or control characters, length-limited.

/** Windows device names, reserved with or without an extension (CON, con.txt, COM1…, LPT9, COM¹…). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Replaced by "_": path separators, characters Windows forbids (< > : " | ? *), C0 and C1 controls and DEL. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\/\\<>:"|?*\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu;
/** Dropped: invisible format characters that can disguise a name (bidi overrides, zero-width characters, BOM). */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/gu;

export interface FileNameOptions {
  /** Longest result in UTF-8 bytes (most file systems allow 255; default 150 leaves room for a folder). */
  maxBytes?: number;
  /** Used when nothing usable is left (default "unnamed"). */
  fallback?: string;
  /** Keep a trailing extension (the part after the last dot, up to 10 characters) when shortening. */
  keepExtension?: boolean;
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The longest prefix of s (by whole code points, never splitting a surrogate pair) within maxBytes. */
function truncateBytes(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = utf8Length(ch);
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/** Leading and trailing dots and spaces go: "..", ".hidden", "name." and "name " are all unsafe somewhere. */
const trimDotsAndSpaces = (s: string): string => s.replace(/^[.\s]+|[.\s]+$/gu, '');

/**
 * Turns any text into a single safe file name component: forbidden characters become "_", invisible
 * format characters are dropped, runs of
 * whitespace one space, leading/trailing dots and spaces are dropped (so "../.." cannot climb a
 * folder), Windows device names get a leading "_", lone surrogates are replaced, and the result is cut
 * to `maxBytes` of UTF-8 on a character boundary (keeping the extension when asked).
 */
export function sanitizeFileName(name: string, options: FileNameOptions = {}): string {
  const maxBytes = Math.max(8, options.maxBytes ?? 150);
  const fallback = options.fallback ?? 'unnamed';
  let s = String(name ?? '')
    .normalize('NFC')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '_')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
    .replace(/\s+/gu, ' ');
  s = trimDotsAndSpaces(s);
  if (!s) s = trimDotsAndSpaces(fallback.replace(FORBIDDEN, '_')) || 'unnamed';

  let stem = s;
  let ext = '';
  if (options.keepExtension) {
    const m = /^(.+?)(\.[^.\s]{1,10})$/u.exec(s);
    if (m) {
      stem = m[1];
      ext = m[2];
    }
  }
  if (RESERVED.test(trimDotsAndSpaces(stem.split('.')[0]))) stem = '_' + stem;
  if (utf8Length(stem + ext) > maxBytes) {
    stem = trimDotsAndSpaces(truncateBytes(stem, maxBytes - utf8Length(ext)));
    if (!stem) stem = truncateBytes(fallback, maxBytes - utf8Length(ext));
  }
  return stem + ext;
}

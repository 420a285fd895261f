// The two workbook-wide parts a worksheet's cells refer to: styles.xml, reduced to which cell
// styles show a number as a date, and sharedStrings.xml, reduced to flat strings.

import { AttrCursor, XmlScanner, attrValue, decodeXmlText, type XmlHandler } from './xlsxml.js';

/** Which cell styles (indexes into styles.xml's cellXfs) format a number as a date or time. */
export interface DateStyles {
  /** Number of cell styles; a style index at or past it does not exist. */
  count: number;
  isDate: Uint8Array;
}

export const NO_STYLES: DateStyles = { count: 0, isDate: new Uint8Array(0) };

/** Built-in number formats (ECMA-376 18.8.30) that show a date or time: 14–22 and 45–47. */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Built-in number formats that carry a format code of their own and are not dates. */
const BUILTIN_OTHER_IDS = new Set([1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 38, 39, 40, 48, 49]);

/** Built-in formats that are dates in Chinese (and other East Asian) Excel: 27–36 and 50–58. */
const CJK_DATE_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * Whether a custom format code shows a date or time: y, m, d, h or s (either case) or b (Buddhist
 * year) outside quoted text, [brackets] (colours, conditions, locales; [h] elapsed hours still
 * counts through its :mm) and the word General.
 */
export function isDateFormat(code: string): boolean {
  const f = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/General/gi, '');
  return /[ymdhs]/i.test(f) || f.includes('b');
}

/** Whether a cell style's number format (id, and the workbook's custom codes) makes a number a date. */
export function isDateFormatId(id: number, custom: Map<number, string>): boolean {
  if (!(id > 0)) return false; // 0 is General; a missing or unreadable id is General too
  const code = custom.get(id);
  if (code) return isDateFormat(code);
  if (BUILTIN_DATE_IDS.has(id)) return true;
  if (BUILTIN_OTHER_IDS.has(id)) return false;
  return CJK_DATE_IDS.has(id);
}

class StylesHandler implements XmlHandler {
  private readonly cur = new AttrCursor();
  private depth = 0;
  private numFmtsAt = -1;
  private cellXfsAt = -1;
  readonly custom = new Map<number, string>();
  readonly xfFormats: number[] = [];

  open(name: string, s: string, a: number, b: number): void {
    const d = ++this.depth;
    if (name === 'numFmts' && d === 2) this.numFmtsAt = d;
    else if (name === 'cellXfs' && d === 2) this.cellXfsAt = d;
    else if (name === 'numFmt' && this.numFmtsAt > 0 && d === this.numFmtsAt + 1) {
      const id = parseInt(attrValue(this.cur, s, a, b, 'numFmtId') ?? '', 10);
      const code = attrValue(this.cur, s, a, b, 'formatCode');
      if (Number.isInteger(id) && code) this.custom.set(id, code);
    } else if (name === 'xf' && this.cellXfsAt > 0 && d === this.cellXfsAt + 1) {
      this.xfFormats.push(parseInt(attrValue(this.cur, s, a, b, 'numFmtId') ?? '', 10));
    }
  }

  close(name: string): void {
    const d = this.depth--;
    if (d === this.numFmtsAt && name === 'numFmts') this.numFmtsAt = -1;
    if (d === this.cellXfsAt && name === 'cellXfs') this.cellXfsAt = -1;
  }

  text(): void {}
}

export async function parseStyles(chunks: AsyncIterable<string>): Promise<DateStyles> {
  const h = new StylesHandler();
  const scanner = new XmlScanner(h);
  for await (const c of chunks) scanner.push(c);
  scanner.end();
  const isDate = new Uint8Array(h.xfFormats.length);
  h.xfFormats.forEach((id, i) => {
    isDate[i] = isDateFormatId(id, h.custom) ? 1 : 0;
  });
  return { count: isDate.length, isDate };
}

class SharedStringsHandler implements XmlHandler {
  readonly strings: (string | null)[] = [];
  private inSi = false;
  private inT = false;
  private phonetic = 0;
  private raw = '';

  open(name: string): void {
    if (name === 'si') {
      this.inSi = true;
      this.raw = '';
    } else if (this.inSi) {
      if (name === 't') this.inT = this.phonetic === 0;
      else if (name === 'rPh') this.phonetic++;
    }
  }

  close(name: string): void {
    if (name === 't') this.inT = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'si') {
      // Rich text (runs of <r><t>) is flattened; phonetic guides (<rPh>) are not part of the text.
      this.strings.push(this.raw === '' ? null : ownCopy(decodeXmlText(this.raw)));
      this.inSi = false;
      this.raw = '';
    }
  }

  text(s: string, start: number, end: number): void {
    if (this.inT) this.raw += s.slice(start, end);
  }
}

/**
 * A string that holds only its own characters. V8 makes a long slice of the decoded part a view
 * into the whole 64 KB piece it came from; kept for the workbook's life, such views would keep
 * every piece of sharedStrings.xml, markup and all.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export async function parseSharedStrings(chunks: AsyncIterable<string>): Promise<(string | null)[]> {
  const h = new SharedStringsHandler();
  const scanner = new XmlScanner(h);
  for await (const c of chunks) scanner.push(c);
  scanner.end();
  return h.strings;
}

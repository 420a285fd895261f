// A streaming pre-pass over worksheet and shared-string XML, run on correctly decoded text before
// exceljs parses it. It repairs what exceljs 4.4.0's streaming reader gets wrong and records what
// it drops:
// - element prefixes (`<x:row>`, Open XML SDK output): stripped, else exceljs sees no rows at all;
// - rows / cells without the optional `r` attribute: numbered, else exceljs crashes;
// - rich inline strings (`<is><r><t>a</t></r><r><t>b</t></r></is>`): flattened, else exceljs keeps
//   only the last run; phonetic runs (`<rPh>`) dropped, else they replace the text;
// - `t="d"` (ISO 8601 date) cells: turned into text and noted, else exceljs parseFloat()s them;
// - `hidden="1"` on rows (exceljs ignores it) and `t="b"` on formula cells (exceljs returns 1/0
//   for a boolean result) are recorded per row in `meta`.
// The carry keeps any tag (or `<is>` / `<rPh>` element) cut by a chunk boundary for the next chunk.

export interface RowMeta {
  hidden?: boolean;
  /** 1-based columns of `t="b"` cells. */
  boolCols?: number[];
  /** 1-based columns of `t="d"` cells (value is ISO 8601 text). */
  isoCols?: number[];
}

const ROW_OR_CELL = /<(?:row|c)(?=[\s>/])[^>]*>/g;
const INLINE = /<is>([\s\S]*?)<\/is>/g;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;
const T_TEXT = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
const HIDDEN = /\shidden\s*=\s*["'](?:1|true)["']/;
const ROW_R = /\sr\s*=\s*["'](\d+)["']/;
const CELL_R = /\sr\s*=\s*["']([A-Za-z]+)(\d*)["']/;
const CELL_T = /\st\s*=\s*["'](\w+)["']/;

export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 0x20) - 96);
  return n;
}

export function columnLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export class XmlNormaliser {
  private carry = '';
  private prefix: RegExp | null | undefined = undefined;
  private row = 0;
  private col = 0;
  private readonly meta = new Map<number, RowMeta>();
  /** Largest column number seen in a cell reference. */
  maxColumn = 0;

  constructor(
    private readonly root: 'worksheet' | 'sst',
    private readonly sheet: boolean,
  ) {}

  /** Meta for a row, removed once taken (and anything older with it). */
  take(row: number): RowMeta | undefined {
    const m = this.meta.get(row);
    if (this.meta.size > 0) {
      for (const k of this.meta.keys()) {
        if (k > row) break;
        this.meta.delete(k);
      }
    }
    return m;
  }

  push(chunk: string): string {
    let s = this.carry + chunk;
    if (this.prefix === undefined) {
      const m = new RegExp(`<(?:([A-Za-z_][\\w.-]*):)?${this.root}[\\s>/]`).exec(s);
      if (!m) {
        if (s.length < 1 << 20) {
          this.carry = s;
          return '';
        }
        this.prefix = null;
      } else {
        this.prefix = m[1] ? new RegExp(`<(/?)${m[1].replace(/[.]/g, '\\.')}:`, 'g') : null;
      }
    }
    if (this.prefix) s = s.replace(this.prefix, '<$1');
    let cut = s.length;
    const lt = s.lastIndexOf('<');
    if (lt >= 0 && s.indexOf('>', lt) < 0) cut = lt;
    const is = s.lastIndexOf('<is>');
    if (is >= 0 && is < cut && s.indexOf('</is>', is) < 0) cut = is;
    const ph = s.lastIndexOf('<rPh');
    if (ph >= 0 && ph < cut && s.indexOf('</rPh>', ph) < 0) cut = ph;
    this.carry = s.slice(cut);
    return this.process(cut === s.length ? s : s.slice(0, cut));
  }

  end(): string {
    const s = this.carry;
    this.carry = '';
    return this.process(this.prefix ? s.replace(this.prefix, '<$1') : s);
  }

  private process(s: string): string {
    if (this.sheet) {
      if (s.includes('<is>') && (s.includes('<r>') || s.includes('<r ') || s.includes('<rPh'))) {
        s = s.replace(INLINE, (all, inner: string) => {
          if (!/<r[\s>]|<rPh[\s>]/.test(inner)) return all;
          const text = Array.from(inner.replace(PHONETIC, '').matchAll(T_TEXT), (m) => m[1]).join('');
          return `<is><t xml:space="preserve">${text}</t></is>`;
        });
      }
      s = s.replace(ROW_OR_CELL, (tag) => (tag.charCodeAt(2) === 111 /* o: <row */ ? this.rowTag(tag) : this.cellTag(tag)));
    } else if (s.includes('<rPh')) {
      s = s.replace(PHONETIC, '');
    }
    return s;
  }

  private rowTag(tag: string): string {
    const m = ROW_R.exec(tag);
    let out = tag;
    if (m) this.row = Number(m[1]);
    else {
      this.row += 1;
      out = `<row r="${this.row}"${tag.slice(4)}`;
    }
    this.col = 0;
    if (HIDDEN.test(tag)) this.note().hidden = true;
    return out;
  }

  private cellTag(tag: string): string {
    let out = tag;
    const ri = tag.indexOf(' r="');
    if (ri >= 0) {
      let n = 0;
      for (let i = ri + 4; i < tag.length; i++) {
        const ch = tag.charCodeAt(i);
        if (ch >= 65 && ch <= 90) n = n * 26 + (ch - 64);
        else if (ch >= 97 && ch <= 122) n = n * 26 + (ch - 96);
        else break;
      }
      this.col = n;
    } else {
      const m = CELL_R.exec(tag);
      if (m) this.col = columnNumber(m[1]!);
      else {
        this.col += 1;
        out = `<c r="${columnLetters(this.col)}${this.row}"${tag.slice(2)}`;
      }
    }
    if (this.col > this.maxColumn) this.maxColumn = this.col;
    const ti = tag.indexOf(' t="');
    let t: string | undefined;
    if (ti >= 0) {
      const q = tag.indexOf('"', ti + 4);
      t = tag.slice(ti + 4, q);
    } else if (tag.includes(' t=') || /\st\s*=/.test(tag)) {
      t = CELL_T.exec(tag)?.[1];
    }
    if (t === 'b') (this.note().boolCols ??= []).push(this.col);
    else if (t === 'd') {
      (this.note().isoCols ??= []).push(this.col);
      out = out.replace(/(\st\s*=\s*)(["'])d\2/, '$1$2str$2');
    }
    return out;
  }

  private note(): RowMeta {
    let m = this.meta.get(this.row);
    if (!m) {
      m = {};
      this.meta.set(this.row, m);
    }
    return m;
  }
}

/** Runs decoded XML chunks through a normaliser. */
export async function* normalised(source: AsyncIterable<string>, n: XmlNormaliser): AsyncGenerator<string> {
  for await (const chunk of source) {
    const s = n.push(chunk);
    if (s) yield s;
  }
  const s = n.end();
  if (s) yield s;
}

// HTML table exports (many ".xls" files are HTML): a small tolerant tokenizer over decoded text,
// streaming. <table> → sheet, <tr> → row, <td>/<th> → cell text (inner tags stripped, entities
// decoded, <br> → newline). colspan fills empty cells after the value; rowspan carries the value
// down into the spanned rows, so merged headers and merged unit names line up.

import { msg } from '../../i18n/message.js';
import { parse as parsePath } from 'node:path';
import { UserError } from '../../errors.js';
import type { Cell, OpenOptions, RawRow, SheetSource, TableFile } from '../source.js';
import { asUserError, iterable } from './common.js';
import { charsetToDecoder, decodeFile, detectEncoding, type EncodingChoice } from './encoding.js';

export type HtmlEvent =
  | { kind: 'table-start'; table: number }
  | { kind: 'row'; table: number; cells: Cell[] }
  | { kind: 'table-end'; table: number };

const TAG_START = /<(\/?)([A-Za-z][\w:.-]*)/y;
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xml', 'noscript']);
const MAX_SPAN_COLS = 1000;
const MAX_SPAN_ROWS = 65534;
/** A tag, comment or script longer than this is malformed HTML, not something to buffer. */
const MAX_CONSTRUCT = 8 * 1024 * 1024;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  yen: '¥',
  middot: '·',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);?/g, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return '';
      return String.fromCodePoint(cp);
    }
    const v = NAMED[e] ?? NAMED[e.toLowerCase()];
    return v ?? all;
  });
}

const COLSPAN = /\scolspan\s*=\s*["']?\s*(\d+)/i;
const ROWSPAN = /\srowspan\s*=\s*["']?\s*(\d+)/i;

function spanAttr(attrs: string, re: RegExp, max: number): number {
  if (!/span/i.test(attrs)) return 1;
  const m = re.exec(attrs);
  if (!m) return 1;
  const n = parseInt(m[1]!, 10);
  return n >= 1 ? Math.min(n, max) : 1;
}

function cellText(raw: string): Cell {
  if (raw === '') return null;
  let t = raw.replace(/[ \t\n\r\f]+/g, ' ');
  t = t.replace(/ ?\u0001 ?/g, '\n');
  t = decodeEntities(t).replace(/\u00a0/g, ' ');
  t = t.replace(/^[ \n]+|[ \n]+$/g, '');
  return t === '' ? null : t;
}

interface OpenCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/** Push decoded text in, get table events out. */
export class HtmlTableTokenizer {
  private buf = '';
  private raw: RegExp | null = null;
  private depth = 0;
  private tables = 0;
  private events: HtmlEvent[] = [];
  private inRow = false;
  private rowCells: OpenCell[] = [];
  private cell: OpenCell | null = null;
  private carry = new Map<number, { value: Cell; remaining: number }>();

  /** countOnly: only table starts and ends are reported (a cheap first pass). */
  constructor(
    private readonly file: string,
    private readonly countOnly = false,
  ) {}

  push(chunk: string): HtmlEvent[] {
    this.buf += chunk;
    this.run(false);
    return this.drain();
  }

  end(): HtmlEvent[] {
    this.run(true);
    if (this.depth >= 1) this.closeTable();
    this.depth = 0;
    return this.drain();
  }

  private drain(): HtmlEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }

  private run(final: boolean): void {
    const s = this.buf;
    let i = 0;
    while (i < s.length) {
      if (this.raw) {
        this.raw.lastIndex = i;
        const m = this.raw.exec(s);
        if (!m) {
          i = final ? s.length : Math.max(i, s.length - 16);
          break;
        }
        i = m.index + m[0].length;
        this.raw = null;
        continue;
      }
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        this.text(s.slice(i));
        i = s.length;
        break;
      }
      if (lt > i) this.text(s.slice(i, lt));
      i = lt;
      if (s.startsWith('<!--', i)) {
        const e = s.indexOf('-->', i + 4);
        if (e < 0) {
          if (final) i = s.length;
          break;
        }
        i = e + 3;
        continue;
      }
      const next = s.charCodeAt(i + 1);
      if (next === 33 /* ! */ || next === 63 /* ? */) {
        const e = s.indexOf('>', i);
        if (e < 0) {
          if (final) i = s.length;
          break;
        }
        i = e + 1;
        continue;
      }
      TAG_START.lastIndex = i;
      const m = TAG_START.exec(s);
      if (!m) {
        if (i + 1 >= s.length && !final) break;
        this.text('<');
        i++;
        continue;
      }
      const e = findTagEnd(s, i + m[0].length);
      if (e < 0) {
        if (final) i = s.length;
        break;
      }
      this.tag(m[1] === '/', m[2]!.toLowerCase(), s.slice(i + m[0].length, e));
      i = e + 1;
    }
    this.buf = s.slice(i);
    if (this.buf.length > MAX_CONSTRUCT) {
      throw new UserError(msg('html_tag_too_long', { file: this.file }), { hint: msg('html_tag_too_long_hint') });
    }
  }

  private text(t: string): void {
    if (this.depth >= 1 && this.cell) this.cell.text += t;
  }

  private tag(close: boolean, name: string, attrs: string): void {
    if (this.countOnly && name !== 'table') {
      if (!close && RAW_TEXT.has(name) && !/\/\s*$/.test(attrs)) this.raw = new RegExp(`</${name}\\s*>`, 'ig');
      return;
    }
    switch (name) {
      case 'table':
        if (!close) {
          this.depth++;
          if (this.depth === 1) {
            this.tables++;
            this.inRow = false;
            this.rowCells = [];
            this.cell = null;
            this.carry.clear();
            this.events.push({ kind: 'table-start', table: this.tables });
          } else if (this.cell) this.cell.text += ' ';
        } else if (this.depth >= 1) {
          if (this.depth === 1) this.closeTable();
          else if (this.cell) this.cell.text += ' ';
          this.depth--;
        }
        return;
      case 'tr':
        if (this.depth !== 1) {
          if (this.cell) this.cell.text += ' ';
          return;
        }
        this.finishCell();
        this.finishRow();
        if (!close) this.inRow = true;
        return;
      case 'td':
      case 'th':
        if (this.depth !== 1) {
          if (this.cell) this.cell.text += ' ';
          return;
        }
        this.finishCell();
        if (!close) {
          this.inRow = true;
          this.cell = {
            text: '',
            colspan: spanAttr(attrs, COLSPAN, MAX_SPAN_COLS),
            rowspan: spanAttr(attrs, ROWSPAN, MAX_SPAN_ROWS),
          };
        }
        return;
      case 'br':
        if (this.cell) this.cell.text += '\u0001';
        return;
      case 'p':
      case 'div':
        if (close && this.cell) this.cell.text += '\u0001';
        return;
      default:
        if (!close && RAW_TEXT.has(name) && !/\/\s*$/.test(attrs)) {
          this.raw = new RegExp(`</${name}\\s*>`, 'ig');
        }
    }
  }

  private closeTable(): void {
    this.finishCell();
    this.finishRow();
    this.carry.clear();
    this.events.push({ kind: 'table-end', table: this.tables });
  }

  private finishCell(): void {
    if (this.cell) {
      this.rowCells.push(this.cell);
      this.cell = null;
    }
  }

  private finishRow(): void {
    if (!this.inRow) return;
    const out: Cell[] = [];
    let col = 0;
    const placed = new Set<number>();
    const takeCarried = () => {
      let c = this.carry.get(col);
      while (c) {
        out[col] = c.value;
        placed.add(col);
        if (--c.remaining <= 0) this.carry.delete(col);
        col++;
        c = this.carry.get(col);
      }
    };
    const fresh = new Set<number>();
    for (const cell of this.rowCells) {
      takeCarried();
      const v = cellText(cell.text);
      for (let k = 0; k < cell.colspan; k++) {
        out[col + k] = k === 0 ? v : null;
        if (cell.rowspan > 1) {
          this.carry.set(col + k, { value: k === 0 ? v : null, remaining: cell.rowspan - 1 });
          fresh.add(col + k);
        }
      }
      col += cell.colspan;
    }
    // Spans from rows above that sit right of this row's last cell.
    for (const c of [...this.carry.keys()].sort((a, b) => a - b)) {
      if (c < col || placed.has(c) || fresh.has(c)) continue;
      const e = this.carry.get(c)!;
      out[c] = e.value;
      if (--e.remaining <= 0) this.carry.delete(c);
    }
    const cells: Cell[] = Array.from(out, (v) => (v === undefined ? null : v));
    let n = cells.length;
    while (n > 0 && cells[n - 1] === null) n--;
    cells.length = n;
    this.events.push({ kind: 'row', table: this.tables, cells });
    this.inRow = false;
    this.rowCells = [];
  }
}

/** Index of the `>` closing a tag whose attributes start at `from` (quotes respected); -1 if not yet. */
function findTagEnd(s: string, from: number): number {
  let q = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (q) {
      if (c === q) q = 0;
    } else if (c === 62 /* > */) return i;
    else if ((c === 34 || c === 39) && /[=\s]/.test(s[i - 1] ?? '')) q = c;
  }
  return -1;
}

async function* events(path: string, file: string, choice: EncodingChoice, countOnly = false): AsyncGenerator<HtmlEvent> {
  const tok = new HtmlTableTokenizer(file, countOnly);
  for await (const chunk of decodeFile(path, file, choice)) yield* tok.push(chunk);
  yield* tok.end();
}

export async function openHtml(
  path: string,
  file: string,
  size: number,
  prefix: Buffer,
  options: OpenOptions,
): Promise<TableFile> {
  const meta = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w-]+)/i.exec(prefix.toString('latin1'));
  const declared = meta ? charsetToDecoder(meta[1]!) : undefined;
  const choice = await detectEncoding(path, file, prefix, size, { override: options.encoding, declared });

  // Count the top-level tables first (one streaming pass): a lone table is named after the file.
  let count = 0;
  for await (const ev of events(path, file, choice, true)) if (ev.kind === 'table-start') count++;
  const base = parsePath(path).name || parsePath(path).base;

  async function* rowsOf(table: number, name: string): AsyncGenerator<RawRow> {
    let n = 0;
    try {
      for await (const ev of events(path, file, choice)) {
        if (ev.table !== table) continue;
        if (ev.kind === 'row') yield { row: ++n, cells: ev.cells };
        else if (ev.kind === 'table-end') return;
      }
    } catch (e) {
      throw asUserError(e, file, `table "${name}"`);
    }
  }

  return {
    path,
    format: 'html',
    encoding: choice.label,
    sheets: iterable(async function* (): AsyncGenerator<SheetSource> {
      for (let t = 1; t <= count; t++) {
        const name = count === 1 ? base : `table${t}`;
        yield { name, date1904: false, rows: iterable(() => rowsOf(t, name)) };
      }
    }),
    async dispose() {},
  };
}

// One worksheet's XML → raw rows, as the scanner (xlsxml.ts) hands over its tags: each <row>
// inside <sheetData> becomes a RawRow once it closes; what follows </sheetData> (merges,
// conditional formats, page setup) is not read.
//
// Cells come out as the loader has always seen them (they used to come from exceljs 4.4.0's
// streaming reader, plus our fixes):
// - shared strings (rich text flattened), inline strings (runs flattened, phonetic guides
//   dropped) and `t="str"` text; an empty string is an empty cell;
// - numbers as numbers, or as a Date when the cell's style (else its row's style) has a date
//   format (xlsxparts.ts), in the workbook's date system (1900 or 1904);
// - `t="b"` → true/false (also a formula's boolean result), `t="d"` (ISO 8601 text) → Date,
//   `t="e"` (#DIV/0!, #N/A…) → empty;
// - formulas → their cached result; a formula saved without one is empty and counted in
//   `uncachedFormulas`;
// - rows and cells without `r` are numbered on from the previous one; `hidden` rows are marked;
// - a merged range gives its value in its top-left cell only, the rest being empty cells (the
//   header finder fills merged header groups; header.ts).

import { msg } from '../../i18n/message.js';
import { UserError } from '../../errors.js';
import type { Cell, RawRow } from '../source.js';
import type { DateStyles } from './xlsxparts.js';
import { AttrCursor, XmlMalformed, decodeXmlText, type XmlHandler } from './xlsxml.js';

/** Excel's limit; a reference beyond it means a damaged or hostile file. */
export const MAX_COLUMNS = 16384;

// Cell types (the `t` attribute). Absent, "n" and anything unknown read as a number.
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_ISO = 6;

export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

function serialDate(serial: number, date1904: boolean): Date | null {
  const d = excelSerialToDate(serial, date1904);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `t="d"` cells: ISO 8601 date, date-time (taken as UTC, like serial dates) or time of day. */
export function isoToDate(s: string): Date | null {
  const t = s.trim();
  if (!t) return null;
  let iso = t;
  if (/^\d{1,2}:\d{2}/.test(iso)) iso = `1899-12-30T${iso}`;
  if (/T\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) iso += 'Z';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface SheetContext {
  file: string;
  /** Where, for messages: `sheet "名册"`. */
  where: string;
  strings: (string | null)[] | undefined;
  styles: DateStyles;
  date1904: boolean;
}

export class SheetRows implements XmlHandler {
  /** Rows completed so far; the reader takes them after each chunk. */
  rows: RawRow[] = [];
  /** </sheetData> was seen: nothing further is needed. */
  finished = false;

  private readonly cur = new AttrCursor();
  private inData = false;
  private inRow = false;
  private rowNo = 0;
  private rowHidden = false;
  private rowDate = false;
  private cells: Cell[] = [];
  private uncached = 0;
  private col = 0;
  private inCell = false;
  private type = T_NUMBER;
  private date = false;
  private hasFormula = false;
  private hasValue = false;
  private capture = false;
  private inInline = false;
  private phonetic = 0;
  private raw = '';

  constructor(private readonly ctx: SheetContext) {}

  open(name: string, s: string, a: number, b: number, selfClosing: boolean): void {
    switch (name) {
      case 'c':
        if (this.inRow) this.startCell(s, a, b);
        return;
      case 'v':
        if (this.inCell) {
          this.hasValue = true;
          this.raw = '';
          this.capture = !selfClosing;
        }
        return;
      case 'f':
        if (this.inCell) this.hasFormula = true;
        return;
      case 'row':
        if (this.inData) this.startRow(s, a, b);
        return;
      case 'is':
        if (this.inCell) {
          this.hasValue = true;
          this.raw = '';
          this.inInline = true;
        }
        return;
      case 't':
        if (this.inInline && this.phonetic === 0) this.capture = !selfClosing;
        return;
      case 'rPh':
        if (this.inInline) this.phonetic++;
        return;
      case 'sheetData':
        this.inData = true;
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = false;
        return;
      case 'c':
        if (this.inCell) this.endCell();
        return;
      case 'row':
        if (this.inRow) this.endRow();
        return;
      case 'is':
        this.inInline = false;
        return;
      case 'rPh':
        if (this.inInline) this.phonetic--;
        return;
      case 'sheetData':
        this.inData = false;
        this.finished = true;
        return;
    }
  }

  text(s: string, start: number, end: number): void {
    if (this.capture) this.raw += s.slice(start, end);
  }

  private startRow(s: string, a: number, b: number): void {
    const cur = this.cur;
    let r = NaN;
    let hidden = false;
    let style = -1;
    cur.reset(s, a, b);
    while (cur.next()) {
      if (cur.is('r')) r = cur.int();
      else if (cur.is('hidden')) {
        const v = cur.value();
        hidden = v === '1' || v === 'true';
      } else if (cur.is('s')) style = cur.int();
    }
    this.rowNo = Number.isNaN(r) ? this.rowNo + 1 : r;
    this.rowHidden = hidden;
    // A row's own style applies to its cells that carry none (Excel's "format whole row").
    const st = this.ctx.styles;
    this.rowDate = style >= 0 && style < st.count && st.isDate[style] === 1;
    this.inRow = true;
    this.cells = [];
    this.uncached = 0;
    this.col = 0;
  }

  private startCell(s: string, a: number, b: number): void {
    // The hot path: <c r="B7" s="3" t="s">, read in one pass without objects.
    let col = 0;
    let style = 0;
    let type = T_NUMBER;
    let i = a;
    while (i < b) {
      if (s.charCodeAt(i) <= 32) {
        i++;
        continue;
      }
      const ns = i;
      let ch = 0;
      while (i < b && (ch = s.charCodeAt(i)) !== 61 && ch > 32) i++;
      const nameLen = i - ns;
      while (i < b && s.charCodeAt(i) <= 32) i++;
      if (s.charCodeAt(i) !== 61) throw new XmlMalformed(`attribute ${s.slice(ns, ns + nameLen)} without a value`);
      i++;
      while (i < b && s.charCodeAt(i) <= 32) i++;
      const q = s.charCodeAt(i);
      if (q !== 34 && q !== 39) throw new XmlMalformed(`attribute ${s.slice(ns, ns + nameLen)} without quotes`);
      const vs = ++i;
      while (i < b && s.charCodeAt(i) !== q) i++;
      if (i >= b) throw new XmlMalformed(`attribute ${s.slice(ns, ns + nameLen)} is not closed`);
      const ve = i++;
      if (nameLen !== 1) continue;
      const name = s.charCodeAt(ns);
      if (name === 114 /* r */) {
        for (let k = vs; k < ve; k++) {
          const c = s.charCodeAt(k) | 0x20;
          if (c < 97 || c > 122) break;
          col = col * 26 + (c - 96);
          if (col > MAX_COLUMNS) break;
        }
      } else if (name === 115 /* s */) {
        style = vs < ve ? 0 : NaN;
        for (let k = vs; k < ve; k++) {
          const d = s.charCodeAt(k) - 48;
          if (d < 0 || d > 9) {
            style = NaN;
            break;
          }
          style = style * 10 + d;
        }
      } else if (name === 116 /* t */) type = cellType(s, vs, ve);
    }
    this.col = col > 0 ? col : this.col + 1;
    if (this.col > MAX_COLUMNS) {
      const { file, where } = this.ctx;
      throw new UserError(msg('xlsx_too_many_columns', { file, where, columns: this.col, max: MAX_COLUMNS }), { hint: msg('save_again_load_hint') });
    }
    const st = this.ctx.styles;
    this.date = style > 0 && style < st.count ? st.isDate[style] === 1 : this.rowDate;
    this.type = type;
    this.inCell = true;
    this.hasFormula = false;
    this.hasValue = false;
    this.inInline = false;
    this.phonetic = 0;
    this.raw = '';
  }

  private endCell(): void {
    this.inCell = false;
    this.capture = false;
    if (!this.hasValue && !this.hasFormula) return;
    const v = this.hasFormula ? this.formulaValue() : this.value();
    if (v === null) return;
    const cells = this.cells;
    const i = this.col - 1;
    while (cells.length < i) cells.push(null);
    cells[i] = v;
  }

  private value(): Cell {
    const raw = this.raw;
    switch (this.type) {
      case T_SHARED: {
        const v = this.ctx.strings?.[parseInt(raw, 10)];
        return v ?? null;
      }
      case T_STR:
      case T_INLINE: {
        const t = decodeXmlText(raw);
        return t === '' ? null : t;
      }
      case T_ISO:
        return isoToDate(decodeXmlText(raw));
      case T_ERROR:
        return null;
      case T_BOOL:
        return parseInt(raw, 10) !== 0;
      default: {
        const n = parseFloat(raw);
        if (!Number.isFinite(n)) return null;
        return this.date ? serialDate(n, this.ctx.date1904) : n;
      }
    }
  }

  /** A formula cell: its cached result, typed by `t` (str, d, b; else a number: errors are empty). */
  private formulaValue(): Cell {
    if (!this.hasValue) {
      this.uncached++;
      return null;
    }
    const t = this.type;
    if (t === T_STR || t === T_ISO) {
      const text = decodeXmlText(this.raw);
      if (t === T_ISO) return isoToDate(text);
      return text === '' ? null : text;
    }
    const n = parseFloat(this.raw);
    if (!Number.isFinite(n)) return null;
    if (t === T_BOOL) return n !== 0;
    return this.date ? serialDate(n, this.ctx.date1904) : n;
  }

  private endRow(): void {
    const out: RawRow = { row: this.rowNo, cells: this.cells };
    if (this.rowHidden) out.hidden = true;
    if (this.uncached) out.uncachedFormulas = this.uncached;
    this.rows.push(out);
    this.inRow = false;
    this.cells = [];
  }
}

function cellType(s: string, a: number, b: number): number {
  const len = b - a;
  const c = s.charCodeAt(a);
  if (len === 1) {
    switch (c) {
      case 115:
        return T_SHARED;
      case 98:
        return T_BOOL;
      case 101:
        return T_ERROR;
      case 100:
        return T_ISO;
      default:
        return T_NUMBER;
    }
  }
  if (len === 3 && s.startsWith('str', a)) return T_STR;
  if (len === 9 && s.startsWith('inlineStr', a)) return T_INLINE;
  return T_NUMBER;
}

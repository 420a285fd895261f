// Worksheet rows in a compact form that crosses a thread boundary cheaply: a few typed arrays
// (moved, not copied) and one string holding the batch's texts end to end, instead of one object
// per row and cell (a string crosses as one copy; an array of strings costs a copy and an object each).
// The sheet parser (xlsxsheet.ts) writes them in the producer (a worker thread); the reader's
// consumer (xlsxfeed.ts) turns them back into RawRows exactly as the parser used to build them.

import type { Cell, RawRow } from '../source.js';

// What a cell holds. Cells read as empty are not written at all, as before.
export const K_NUMBER = 1;
/** A date: `num` holds its time in ms since 1970 (UTC), already in range. */
export const K_DATE = 2;
/** A shared string: `num` holds its index; one that does not exist reads as empty (on the consumer's side). */
export const K_SHARED = 3;
/** Text: `num` holds where it ends in the batch's `text`; it starts where the previous text ended. */
export const K_TEXT = 4;
export const K_TRUE = 5;
export const K_FALSE = 6;

/** The arrays a batch is written into; moved to the consumer with the batch and back with its ack, to be used again. */
export interface BatchArrays {
  /** Per row: its number, the end of its cells (start: the previous row's end), hidden, uncached formulas. */
  rowNo: Float64Array;
  rowEnd: Int32Array;
  rowHidden: Uint8Array;
  rowUncached: Int32Array;
  /** Per cell: 0-based column, kind, number (value, ms or shared-string index). */
  col: Int32Array;
  kind: Uint8Array;
  num: Float64Array;
}

export interface RowBatch extends BatchArrays {
  rows: number;
  cells: number;
  text: string;
}

/** The array buffers of a batch, for postMessage's transfer list. */
export function batchBuffers(b: BatchArrays): ArrayBuffer[] {
  return [b.rowNo.buffer, b.rowEnd.buffer, b.rowHidden.buffer, b.rowUncached.buffer, b.col.buffer, b.kind.buffer, b.num.buffer] as ArrayBuffer[];
}

/** Just the arrays of a batch (its text dropped), to hand back. */
export function batchArrays(b: BatchArrays): BatchArrays {
  return { rowNo: b.rowNo, rowEnd: b.rowEnd, rowHidden: b.rowHidden, rowUncached: b.rowUncached, col: b.col, kind: b.kind, num: b.num };
}

function newArrays(rowCap: number, cellCap: number): BatchArrays {
  return {
    rowNo: new Float64Array(rowCap),
    rowEnd: new Int32Array(rowCap),
    rowHidden: new Uint8Array(rowCap),
    rowUncached: new Int32Array(rowCap),
    col: new Int32Array(cellCap),
    kind: new Uint8Array(cellCap),
    num: new Float64Array(cellCap),
  };
}

export class BatchWriter {
  rows = 0;
  cells = 0;
  private a: BatchArrays;
  /** Texts of this batch so far, and their length in all. */
  private texts: string[] = [];
  private textLen = 0;
  private rowCap: number;
  private cellCap: number;

  /** `pool`: arrays handed back by the consumer, used before new ones are made. */
  constructor(
    private readonly pool: BatchArrays[] = [],
    rowCap = 1024,
    cellCap = 16384,
  ) {
    this.rowCap = rowCap;
    this.cellCap = cellCap;
    this.a = this.fresh();
  }

  private fresh(): BatchArrays {
    for (;;) {
      const p = this.pool.pop();
      if (!p) return newArrays(this.rowCap, this.cellCap);
      if (p.rowNo.length >= this.rowCap && p.col.length >= this.cellCap) return p;
    }
  }

  cell(col: number, kind: number, num: number): void {
    if (this.cells === this.cellCap) this.growCells();
    const k = this.cells++;
    const a = this.a;
    a.col[k] = col;
    a.kind[k] = kind;
    a.num[k] = num;
  }

  text(col: number, s: string): void {
    this.textLen += s.length;
    this.cell(col, K_TEXT, this.textLen);
    this.texts.push(s);
  }

  endRow(rowNo: number, hidden: boolean, uncached: number): void {
    if (this.rows === this.rowCap) this.growRows();
    const r = this.rows++;
    const a = this.a;
    a.rowNo[r] = rowNo;
    a.rowEnd[r] = this.cells;
    a.rowHidden[r] = hidden ? 1 : 0;
    a.rowUncached[r] = uncached;
  }

  /**
   * The complete rows written so far, as a batch; the writer goes on in other arrays (these are
   * moved to the consumer). Cells of a row still open carry over to the next batch.
   */
  take(): RowBatch {
    const a = this.a;
    const rows = this.rows;
    const cells = rows > 0 ? a.rowEnd[rows - 1]! : 0;
    let openTexts = 0;
    let openFrom = this.textLen; // where the open row's texts start
    for (let k = this.cells - 1; k >= cells; k--) {
      if (a.kind[k] !== K_TEXT) continue;
      openTexts++;
      openFrom = a.num[k]! - this.texts[this.texts.length - openTexts]!.length;
    }
    const text = (openTexts ? this.texts.slice(0, this.texts.length - openTexts) : this.texts).join('');
    const batch: RowBatch = { ...a, rows, cells, text };
    const next = this.fresh();
    next.col.set(a.col.subarray(cells, this.cells));
    next.kind.set(a.kind.subarray(cells, this.cells));
    next.num.set(a.num.subarray(cells, this.cells));
    for (let k = 0; k < this.cells - cells; k++) if (next.kind[k] === K_TEXT) next.num[k] -= openFrom;
    this.texts = openTexts ? this.texts.slice(this.texts.length - openTexts) : [];
    this.textLen -= openFrom;
    this.a = next;
    this.cells -= cells;
    this.rows = 0;
    return batch;
  }

  private growRows(): void {
    this.rowCap *= 2;
    const a = this.a;
    a.rowNo = grow(a.rowNo, new Float64Array(this.rowCap));
    a.rowEnd = grow(a.rowEnd, new Int32Array(this.rowCap));
    a.rowHidden = grow(a.rowHidden, new Uint8Array(this.rowCap));
    a.rowUncached = grow(a.rowUncached, new Int32Array(this.rowCap));
  }

  private growCells(): void {
    this.cellCap *= 2;
    const a = this.a;
    a.col = grow(a.col, new Int32Array(this.cellCap));
    a.kind = grow(a.kind, new Uint8Array(this.cellCap));
    a.num = grow(a.num, new Float64Array(this.cellCap));
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/**
 * Reads a batch's rows one at a time, as the loader sees them: cells placed at their columns, gaps
 * filled with empty cells; a later cell at a column already filled replaces it; a shared string
 * that does not exist is left out (the row does not grow for it). One at a time, so a batch's rows
 * do not all live at once.
 */
export class BatchReader {
  private r = 0;
  private k = 0;
  /** Where the next text starts in the batch's text. */
  private t = 0;

  constructor(
    private readonly b: RowBatch,
    private readonly strings: (string | null)[] | undefined,
  ) {}

  next(): RawRow | undefined {
    const b = this.b;
    const r = this.r;
    if (r >= b.rows) return undefined;
    this.r = r + 1;
    const { col, kind, num, text } = b;
    const strings = this.strings;
    const end = b.rowEnd[r]!;
    const cells: Cell[] = [];
    let k = this.k;
    for (; k < end; k++) {
      let v: Cell;
      switch (kind[k]) {
        case K_TEXT: {
          const end = num[k]!;
          v = text.slice(this.t, end);
          this.t = end;
          break;
        }
        case K_NUMBER:
          v = num[k]!;
          break;
        case K_DATE:
          v = new Date(num[k]!);
          break;
        case K_SHARED:
          v = strings?.[num[k]!] ?? null;
          if (v === null) continue;
          break;
        case K_TRUE:
          v = true;
          break;
        default:
          v = false;
      }
      const i = col[k]!;
      while (cells.length < i) cells.push(null);
      cells[i] = v;
    }
    this.k = k;
    const row: RawRow = { row: b.rowNo[r]!, cells };
    if (b.rowHidden[r]) row.hidden = true;
    if (b.rowUncached[r]) row.uncachedFormulas = b.rowUncached[r];
    return row;
  }
}

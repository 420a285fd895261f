// Counting the rows of a sheet below its header as they are classified: data rows, skipped rows
// (blank, total, footer, repeated header, and gaps the reader never yields), totals and footers.
import { cellText, classifyRow, type RowClass } from './header.js';
import type { RawRow } from './source.js';

/** What the data rows of a sheet add up to: row counts, skipped rows, totals and footers seen. */
export class RowTally {
  lastRow: number;
  skipped = 0;
  dataRows = 0;
  hiddenRows = 0;
  uncachedFormulas = 0;
  readonly seenTotals: RawRow[] = [];
  /** Footer text (制表日期：…) names the data date. */
  readonly footers: string[] = [];
  constructor(headerRow: number, readonly headerKeys: string[], readonly titles: Set<string>) {
    this.lastRow = headerRow;
  }
  /** Counts a row the reader gave; true when it is a data row. */
  isData(r: RawRow): boolean {
    // Rows the reader never yields (blank rows in a workbook) are counted from the gaps.
    if (r.row > this.lastRow + 1) this.skipped += r.row - this.lastRow - 1;
    this.lastRow = Math.max(this.lastRow, r.row);
    const cls = classifyRow(r, this.headerKeys, this.titles);
    if (cls !== 'data') {
      this.other(r, cls);
      return false;
    }
    this.dataRows++;
    if (r.hidden) this.hiddenRows++;
    if (r.uncachedFormulas) this.uncachedFormulas += r.uncachedFormulas;
    return true;
  }
  /** A row that is not data: skipped; a total or footer is kept for what it says. */
  other(r: RawRow, cls: RowClass): void {
    this.skipped++;
    if (cls === 'total') this.seenTotals.push(r);
    if (cls === 'footer') this.footers.push(r.cells.map(cellText).filter(Boolean).join(' '));
  }
}

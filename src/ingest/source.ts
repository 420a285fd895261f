// What every reader (xlsx, csv/tsv, html-as-xls, converted xls) hands to the loader.

/** A cell as read: text, a number, a boolean, a date (exceljs date cells), or empty. */
export type Cell = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based row number as the user sees it in Excel (CSV: the record's number, header included). */
  row: number;
  cells: Cell[];
  /** The row is hidden or filtered out in the workbook (still data: loaded, but noted). */
  hidden?: boolean;
  /** Formula cells in this row saved without a result (read as empty; noted). */
  uncachedFormulas?: number;
}

export interface SheetSource {
  /** Sheet name; for CSV the file's base name. */
  name: string;
  /** Hidden or very hidden sheet. */
  hidden?: boolean;
  /** Workbook uses the 1904 date system (Mac Excel): Date cells are already corrected. */
  date1904: boolean;
  rows: AsyncIterable<RawRow>;
}

export type FileFormat = 'xlsx' | 'csv' | 'html' | 'xls';

export interface TableFile {
  path: string;
  format: FileFormat;
  /** For text files: the encoding used (utf-8, utf-8-bom, gb18030, utf-16le, utf-16be). */
  encoding?: string;
  /** For text files: the field delimiter found. */
  delimiter?: string;
  /** Sheets in workbook order; consume each sheet's rows before moving to the next. */
  sheets: AsyncIterable<SheetSource>;
  /** Removes temporary files (converted .xls, transcoded text). */
  dispose(): Promise<void>;
}

export interface OpenOptions {
  /** Overrides encoding detection: utf-8, gb18030 (also for gbk/gb2312), utf-16le, utf-16be. */
  encoding?: string;
}

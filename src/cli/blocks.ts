// What a view hands the output module: headings, lines, tables and diagnostics, in order (pure data).
import type { Message } from '../i18n/message.js';
import type { Lang } from '../i18n/index.js';

export interface Column<T> {
  key: string;
  title: string;
  align?: 'left' | 'right';
  format?: (value: unknown, row: T) => string;
  /** Highlight this cell (e.g. a threshold breach). */
  highlight?: (row: T) => boolean;
  /** Grey this cell (e.g. a share of too few cases). */
  dim?: (row: T) => boolean;
}

type Row = Record<string, unknown>;

export type Block =
  | { heading: string }
  | { line: string }
  | { table: Row[]; columns: Column<Row>[] }
  | { info: string }
  | { warn: string | Message; lang?: Lang }
  | { json: unknown }
  | { text: string };

/** A table block (keeps the row type's columns checked where it is built). */
export function table<T extends Row>(rows: T[], columns: Column<T>[]): Block {
  return { table: rows, columns: columns as unknown as Column<Row>[] };
}

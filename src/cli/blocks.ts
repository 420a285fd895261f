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

export type Row = Record<string, unknown>;

/** stdout: heading, line, table, json, text (as is); stderr: info, ok, warn. */
export type Block =
  | { heading: string }
  | { line: string }
  | { table: Row[]; columns: Column<Row>[] }
  | { info: string }
  | { ok: string }
  | { warn: string | Message; lang?: Lang }
  | { json: unknown }
  | { text: string };

export const heading = (text: string): Block => ({ heading: text });
export const line = (text = ''): Block => ({ line: text });

/** A table block (keeps the row type's columns checked where it is built). */
export function table<T extends Row>(rows: T[], columns: Column<T>[]): Block {
  return { table: rows, columns: columns as unknown as Column<Row>[] };
}

/** The text a person would read, for tests: headings, lines, diagnostics, table titles and cells. */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if ('table' in b) {
        const cells = b.table.map((r) => b.columns.map((c) => (c.format ? c.format(r[c.key], r) : r[c.key] == null ? '' : String(r[c.key]))).join('  '));
        return [b.columns.map((c) => c.title).join('  '), ...cells].join('\n');
      }
      if ('heading' in b) return b.heading;
      if ('line' in b) return b.line;
      if ('info' in b) return b.info;
      if ('ok' in b) return b.ok;
      if ('warn' in b) return typeof b.warn === 'string' ? b.warn : b.warn.code;
      if ('json' in b) return JSON.stringify(b.json);
      return b.text;
    })
    .join('\n');
}

// What a view returns for the terminal: blocks of text and tables, printed only through `out`.
import { out, type Column } from './output.js';

export type Row = Record<string, unknown>;

/** One thing to print: stdout (heading, line, table, raw text) or stderr (info, ok, warn). */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'line'; text: string }
  | { kind: 'table'; rows: Row[]; columns: Column<Row>[] }
  | { kind: 'raw'; text: string }
  | { kind: 'info'; text: string }
  | { kind: 'ok'; text: string }
  | { kind: 'warn'; text: string };

export const heading = (text: string): Block => ({ kind: 'heading', text });
export const line = (text = ''): Block => ({ kind: 'line', text });
export const table = (rows: Row[], columns: Column<Row>[]): Block => ({ kind: 'table', rows, columns });

/** Prints blocks in order; `lang` names the warning prefix. */
export function printBlocks(blocks: Block[], lang: 'zh' | 'en'): void {
  for (const b of blocks) {
    if (b.kind === 'heading') out.heading(b.text);
    else if (b.kind === 'line') out.line(b.text);
    else if (b.kind === 'table') out.table(b.rows, b.columns);
    else if (b.kind === 'raw') out.write(b.text);
    else if (b.kind === 'info') out.info(b.text);
    else if (b.kind === 'ok') out.ok(b.text);
    else out.warn(b.text, lang);
  }
}

/** The text a person would read, for tests: headings, lines and table cells and titles. */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      if (b.kind !== 'table') return b.text;
      const cells = b.rows.map((r) => b.columns.map((c) => (c.format ? c.format(r[c.key], r) : r[c.key] == null ? '' : String(r[c.key]))).join('  '));
      return [b.columns.map((c) => c.title).join('  '), ...cells].join('\n');
    })
    .join('\n');
}

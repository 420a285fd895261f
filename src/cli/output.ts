// The only writer to stdout/stderr and the only user of chalk: tables for people, JSON/CSV for pipes.
import chalk from 'chalk';
import { isUserError } from '../errors.js';
import { msg, say, type Message } from '../i18n/message.js';
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

export const isTty = (): boolean => Boolean(process.stdout.isTTY);
export const stderrIsTty = (): boolean => Boolean(process.stderr.isTTY);

/** Display width: CJK and other wide characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Formats rows as an aligned text table (pure; colour only when `color` is on). */
export function formatTable<T extends Record<string, unknown>>(rows: T[], columns: Column<T>[], color = false): string {
  const cells = rows.map((r) => columns.map((c) => (c.format ? c.format(r[c.key], r) : r[c.key] == null ? '' : String(r[c.key]))));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.title), ...cells.map((row) => displayWidth(row[i]))));
  const head = columns.map((c, i) => pad(c.title, widths[i], c.align ?? 'left')).join('  ');
  const lines = [color ? chalk.bold(head) : head, widths.map((w) => '─'.repeat(w)).join('  ')];
  rows.forEach((r, ri) => {
    lines.push(
      columns
        .map((c, i) => {
          const text = pad(cells[ri][i], widths[i], c.align ?? 'left');
          if (color && c.highlight?.(r)) return chalk.red.bold(text);
          return color && c.dim?.(r) ? chalk.gray(text) : text;
        })
        .join('  '),
    );
  });
  return lines.join('\n');
}

/** CSV with formula-looking text neutralised (LibreOffice evaluates =1+1 from a CSV). */
export function formatCsv(rows: Record<string, unknown>[], columns: string[]): string {
  const esc = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return [columns.map(esc).join(','), ...rows.map((r) => columns.map((c) => esc(r[c])).join(','))].join('\n') + '\n';
}

export const out = {
  /** Text to stdout exactly as given (CSV, a finished block): no newline added. */
  write(text: string): void {
    process.stdout.write(text);
  },
  line(s = ''): void {
    process.stdout.write(s + '\n');
  },
  json(value: unknown): void {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  },
  table<T extends Record<string, unknown>>(rows: T[], columns: Column<T>[]): void {
    process.stdout.write(formatTable(rows, columns, isTty() && !process.env.NO_COLOR) + '\n');
  },
  heading(s: string): void {
    process.stdout.write((isTty() ? chalk.bold.underline(s) : s) + '\n');
  },
  /** Diagnostics go to stderr so stdout stays clean data. */
  info(s: string): void {
    process.stderr.write(s + '\n');
  },
  /** A warning line, its prefix in the chosen language; a Message is rendered in that language. */
  warn(s: string | Message, lang: Lang = 'zh'): void {
    const prefix = say(msg('warning_prefix'), lang);
    const text = typeof s === 'string' ? s : say(s, lang);
    process.stderr.write((stderrIsTty() ? chalk.yellow(prefix) : prefix) + text + '\n');
  },
  ok(s: string): void {
    process.stderr.write((stderrIsTty() ? chalk.green(s) : s) + '\n');
  },
};

/** Writes an error as one actionable line (plus a hint) in the chosen language, or JSON with --json; a stack only with --debug. */
export function reportError(e: unknown, opts: { json?: boolean; debug?: boolean; lang?: Lang }): number {
  const lang = opts.lang ?? 'zh';
  const user = isUserError(e);
  // An error that is not a UserError is a bug or a library failure: its own text is the detail.
  const m: Message = user && e.msg ? e.msg : user ? msg('legacy_text', { text: e.message }) : msg('internal_error', { detail: e instanceof Error ? e.message.split('\n')[0] : String(e) });
  const hintMsg: Message | undefined = user ? (e.hintMsg ?? (e.hint ? msg('legacy_text', { text: e.hint }) : undefined)) : opts.debug ? undefined : msg('internal_error_hint');
  const message = say(m, lang);
  const hint = hintMsg ? say(hintMsg, lang) : undefined;
  if (opts.json) {
    // code and params are the message's; a UserError's broader code (bad_plan_param, io_disk_full) is its category.
    const category = user && e.code !== m.code ? { category: e.code } : {};
    process.stdout.write(JSON.stringify({ error: message, code: m.code, params: m.params ?? {}, ...category, ...(hint ? { hint, hint_code: hintMsg!.code, hint_params: hintMsg!.params ?? {} } : {}) }) + '\n');
  } else {
    const red = stderrIsTty() ? chalk.red : (s: string) => s;
    process.stderr.write(red(`jiceng: ${message}`) + '\n');
    if (hint) process.stderr.write(`${say(msg('hint_prefix'), lang)}${hint}\n`);
  }
  if (opts.debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  return user ? e.exitCode : 1;
}

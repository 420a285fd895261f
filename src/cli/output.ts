// The only writer to stdout/stderr and the only user of chalk: tables for people, JSON/CSV for pipes.
import chalk from 'chalk';
import { isUserError } from '../errors.js';
import { msg, say, type Message } from '../i18n/message.js';
import type { Lang } from '../i18n/index.js';
import { clockAt, currentEffects, diskWriter, type Effects } from './effects.js';
import type { Block } from './blocks.js';
export type { Column } from './blocks.js';

import type { Column } from './blocks.js';

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
  // A cell is one line: a header written over two lines in its sheet (受理\n时间) would break the table.
  const oneLine = (s: string): string => (/[\r\n]/.test(s) ? s.replace(/\r\n|[\r\n]/g, ' ') : s);
  const cells = rows.map((r) => columns.map((c) => oneLine(c.format ? c.format(r[c.key], r) : r[c.key] == null ? '' : String(r[c.key]))));
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

/** Where text goes: two sinks, and whether each is a terminal (colour and progress only there). */
export interface Sinks {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutTty: boolean;
  stderrTty: boolean;
  /** Colour allowed at all (NO_COLOR unset). */
  color: boolean;
  /** Progress lines allowed (a terminal, not CI). */
  progress: boolean;
}

export interface Progress {
  update(p: { file: string; sheet: string; rows: number }): void;
  done(): void;
}

/** Everything a command prints: data to stdout, diagnostics to stderr. */
export interface Output {
  /** Text to stdout exactly as given (CSV, a finished block): no newline added. */
  write(text: string): void;
  /** Text to stderr exactly as given (commander's usage errors). */
  writeErr(text: string): void;
  line(s?: string): void;
  json(value: unknown): void;
  table<T extends Record<string, unknown>>(rows: T[], columns: Column<T>[]): void;
  heading(s: string): void;
  /** Diagnostics go to stderr so stdout stays clean data. */
  info(s: string): void;
  /** A warning line, its prefix in the chosen language; a Message is rendered in that language. */
  warn(s: string | Message, lang?: Lang): void;
  ok(s: string): void;
  /** A block list from a view, in order. */
  blocks(blocks: Block[]): void;
  /** Writes an error as one line (plus a hint), or JSON; returns the exit code. */
  error(e: unknown, opts: { json?: boolean; debug?: boolean; lang?: Lang }): number;
  /** A one-line progress display on stderr, only when stderr is a terminal. */
  progress(label: (p: { file: string; sheet: string; rows: number }) => string): Progress;
  /** A diagnostic trace line (JICENG_TRACE_SQL), to stderr as is. */
  trace(s: string): void;
}

/** The Output that writes to the given sinks. */
export function outputTo(sinks: Sinks): Output {
  const o: Output = {
    write: (text) => sinks.stdout(text),
    writeErr: (text) => sinks.stderr(text),
    line: (s = '') => sinks.stdout(s + '\n'),
    json: (value) => sinks.stdout(JSON.stringify(value, null, 2) + '\n'),
    table: (rows, columns) => sinks.stdout(formatTable(rows, columns, sinks.stdoutTty && sinks.color) + '\n'),
    heading: (s) => sinks.stdout((sinks.stdoutTty ? chalk.bold.underline(s) : s) + '\n'),
    info: (s) => sinks.stderr(s + '\n'),
    warn(s, lang = 'zh') {
      const prefix = say(msg('warning_prefix'), lang);
      const text = typeof s === 'string' ? s : say(s, lang);
      sinks.stderr((sinks.stderrTty ? chalk.yellow(prefix) : prefix) + text + '\n');
    },
    ok: (s) => sinks.stderr((sinks.stderrTty ? chalk.green(s) : s) + '\n'),
    blocks(blocks) {
      for (const b of blocks) {
        if ('heading' in b) o.heading(b.heading);
        else if ('line' in b) o.line(b.line);
        else if ('table' in b) o.table(b.table, b.columns);
        else if ('info' in b) o.info(b.info);
        else if ('ok' in b) o.ok(b.ok);
        else if ('warn' in b) o.warn(b.warn, b.lang);
        else if ('json' in b) o.json(b.json);
        else o.write(b.text);
      }
    },
    error: (e, opts) => writeError(sinks, e, opts),
    progress(label) {
      const active = sinks.stderrTty && sinks.progress;
      let last = 0;
      return {
        update(p) {
          if (!active) return;
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          sinks.stderr('\r\x1b[2K' + label(p));
        },
        done() {
          if (active) sinks.stderr('\r\x1b[2K');
        },
      };
    },
    trace: (s) => sinks.stderr(s + '\n'),
  };
  return o;
}

/** The process's own stdout and stderr: the one place that touches them. */
export function terminalSinks(): Sinks {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdoutTty: Boolean(process.stdout.isTTY),
    stderrTty: Boolean(process.stderr.isTTY),
    color: !process.env.NO_COLOR,
    progress: !process.env.CI,
  };
}

/** The effects of a real run: the terminal, the machine's clock, the disk. */
export function terminalEffects(): Effects {
  return { output: outputTo(terminalSinks()), clock: clockAt(), files: diskWriter };
}

let terminal: Output | undefined;
/** The output of the run in progress, or the terminal outside a run (library use, scripts). */
export function output(): Output {
  return currentEffects()?.output ?? (terminal ??= outputTo(terminalSinks()));
}

/** The output of the current run, under the names commands have always used. */
export const out = {
  write: (text: string): void => output().write(text),
  line: (s = ''): void => output().line(s),
  json: (value: unknown): void => output().json(value),
  table: <T extends Record<string, unknown>>(rows: T[], columns: Column<T>[]): void => output().table(rows, columns),
  heading: (s: string): void => output().heading(s),
  info: (s: string): void => output().info(s),
  warn: (s: string | Message, lang: Lang = 'zh'): void => output().warn(s, lang),
  ok: (s: string): void => output().ok(s),
  blocks: (blocks: Block[]): void => output().blocks(blocks),
};

/** Writes an error through the current run's output; returns its exit code. */
export function reportError(e: unknown, opts: { json?: boolean; debug?: boolean; lang?: Lang }): number {
  return output().error(e, opts);
}

/** Writes an error as one actionable line (plus a hint) in the chosen language, or JSON with --json; a stack only with --debug. */
function writeError(sinks: Sinks, e: unknown, opts: { json?: boolean; debug?: boolean; lang?: Lang }): number {
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
    sinks.stdout(JSON.stringify({ error: message, code: m.code, params: m.params ?? {}, ...category, ...(hint ? { hint, hint_code: hintMsg!.code, hint_params: hintMsg!.params ?? {} } : {}) }) + '\n');
  } else {
    const red = sinks.stderrTty ? chalk.red : (s: string) => s;
    sinks.stderr(red(`jiceng: ${message}`) + '\n');
    if (hint) sinks.stderr(`${say(msg('hint_prefix'), lang)}${hint}\n`);
  }
  if (opts.debug && e instanceof Error && e.stack) sinks.stderr(e.stack + '\n');
  return user ? e.exitCode : 1;
}

// Delimited text (CSV, TSV, "Unicode text"): encoding detection, delimiter detection, and
// streaming parse (delimited.ts). Cells are strings (empty → null); no type guessing here.

import { msg, type Param } from '../../i18n/message.js';
import { parse as parsePath } from 'node:path';
import { DelimitedParser, RecordTooLongError, UnclosedQuoteError } from './delimited.js';
import { UserError } from '../../errors.js';
import type { Cell, OpenOptions, RawRow, SheetSource, TableFile } from '../source.js';
import { errorText, iterable } from './common.js';
import { decodeFile, detectEncoding, type EncodingChoice } from './encoding.js';

export const DELIMITERS = ['\t', ',', ';', '|'] as const;

/** Longest record the parser may buffer (characters): a runaway quote fails here, not in OOM. */
export const MAX_RECORD_CHARS = 32 * 1024 * 1024;

/** Excel's column limit (as for xlsx): a wider record is refused rather than read for minutes. */
export const MAX_FIELDS = 16384;

/** The delimiter's name for a message: tab, comma, semicolon, pipe, or the character itself. */
function delimiterMessage(d: string): Param {
  const code = { '\t': 'delimiter_tab', ',': 'delimiter_comma', ';': 'delimiter_semicolon', '|': 'delimiter_pipe' }[d];
  return code ? msg(code) : JSON.stringify(d);
}

export function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d);
}

/**
 * Picks the delimiter giving the most consistent field count (> 1) over the first 20 non-empty
 * records of `sample` (quote-aware). Ties go to tab, then comma, semicolon, pipe.
 */
export function detectDelimiter(sample: string, complete = false): string {
  const counts: number[][] = DELIMITERS.map(() => []);
  let current = DELIMITERS.map(() => 0);
  let inQuote = false;
  let nonEmpty = false;
  let records = 0;
  const endRecord = () => {
    if (nonEmpty) {
      DELIMITERS.forEach((_, k) => counts[k]!.push(current[k]! + 1));
      records++;
    }
    current = DELIMITERS.map(() => 0);
    nonEmpty = false;
  };
  for (let i = 0; i < sample.length && records < 20; i++) {
    const ch = sample[i]!;
    if (ch === '"') {
      inQuote = !inQuote;
      nonEmpty = true;
    } else if (!inQuote && (ch === '\n' || ch === '\r')) {
      endRecord();
    } else if (!inQuote) {
      const k = DELIMITERS.indexOf(ch as (typeof DELIMITERS)[number]);
      if (k >= 0) current[k]!++;
      if (ch !== ' ') nonEmpty = true;
    } else {
      nonEmpty = true;
    }
  }
  if (complete && records < 20) endRecord();
  let best: string = ',';
  let bestScore = 0;
  DELIMITERS.forEach((d, k) => {
    const freq = new Map<number, number>();
    for (const c of counts[k]!) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    let score = 0;
    for (const f of freq.values()) score = Math.max(score, f);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  });
  return best;
}

export async function openText(
  path: string,
  file: string,
  size: number,
  prefix: Buffer,
  options: OpenOptions,
): Promise<TableFile> {
  const choice = await detectEncoding(path, file, prefix, size, { override: options.encoding });
  const sample = new TextDecoder(choice.decoder).decode(prefix, { stream: true }).replace(/^\ufeff/, '');
  const delimiter = detectDelimiter(sample, prefix.length >= size);
  const name = parsePath(path).name || parsePath(path).base;
  const sheet = (): SheetSource => ({
    name,
    date1904: false,
    rows: iterable(() => csvRows(path, file, choice, delimiter)),
  });
  return {
    path,
    format: 'csv',
    encoding: choice.label,
    delimiter,
    sheets: iterable(async function* () {
      yield sheet();
    }),
    async dispose() {},
  };
}

/**
 * Streams the records of a delimited file from decoded text chunks. A hand-made iterator rather
 * than an async generator: a generator awaits every row it yields (several promise hops a row,
 * measured at a tenth of a 200,000-row load); here a row already parsed is handed out at once.
 */
export function parseDelimited(text: AsyncIterable<string>, file: string, delimiter: string): AsyncIterableIterator<RawRow> {
  return new DelimitedRows(text, file, delimiter);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true as const, value: undefined });

class DelimitedRows implements AsyncIterableIterator<RawRow> {
  private readonly parser: DelimitedParser;
  private source: AsyncIterator<string> | undefined;
  /** Records parsed from the chunks read so far, handed out from `pos` on. */
  private batch: string[][] = [];
  private pos = 0;
  /** Records handed out (the number of the last row). */
  private n = 0;
  /** The source has ended and the parser was told so. */
  private ended = false;
  /** Finished: every row handed out, failed, or returned early. */
  private done = false;
  /** Settles when the chunk being read has been parsed. */
  private reading: Promise<unknown> | undefined;
  private readonly emit = (record: string[]): void => {
    this.batch.push(record);
  };

  constructor(
    private readonly text: AsyncIterable<string>,
    private readonly file: string,
    private readonly delimiter: string,
  ) {
    this.parser = new DelimitedParser(delimiter, MAX_RECORD_CHARS);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RawRow>> {
    // A call made while chunks are being read waits its turn, as with an async generator.
    if (this.reading) return this.reading.then(() => this.next());
    if (this.pos < this.batch.length && !this.done) {
      try {
        return Promise.resolve(this.take());
      } catch (e) {
        return this.fail(e, !this.ended);
      }
    }
    const filled = this.fill();
    this.reading = filled.then(
      () => (this.reading = undefined),
      () => (this.reading = undefined),
    );
    return filled;
  }

  async return(): Promise<IteratorResult<RawRow>> {
    if (this.done) return DONE;
    this.done = true;
    if (this.source && !this.ended) await this.source.return?.();
    return DONE;
  }

  /** The next record as a row; a record wider than Excel allows stops the file. */
  private take(): IteratorResult<RawRow> {
    const record = this.batch[this.pos++]!;
    this.n++;
    if (record.length > MAX_FIELDS) {
      // Header detection is linear in the width; a million-field line would take minutes.
      throw new UserError(msg('text_too_many_fields', { file: this.file, fields: record.length, record: this.n, max: MAX_FIELDS, delimiter: delimiterMessage(this.delimiter) }), {
        hint: msg('text_too_many_fields_hint'),
      });
    }
    return { value: { row: this.n, cells: toCells(record) }, done: false };
  }

  /** Reads chunks until a record is complete (or the text ends). */
  private async fill(): Promise<IteratorResult<RawRow>> {
    if (this.done) return DONE;
    this.batch = [];
    this.pos = 0;
    this.source ??= this.text[Symbol.asyncIterator]();
    while (this.batch.length === 0) {
      if (this.ended) {
        this.done = true;
        return DONE;
      }
      let chunk: IteratorResult<string>;
      try {
        chunk = await this.source.next();
      } catch (e) {
        return this.fail(e, false);
      }
      try {
        if (chunk.done) {
          this.ended = true;
          this.parser.end(this.emit);
        } else this.parser.push(chunk.value, this.emit);
      } catch (e) {
        return this.fail(e, !chunk.done);
      }
    }
    try {
      return this.take();
    } catch (e) {
      return this.fail(e, !this.ended);
    }
  }

  /** Stops the file with a UserError naming it (and the record); closes the source when it is still open. */
  private async fail(e: unknown, closeSource: boolean): Promise<never> {
    this.done = true;
    if (closeSource) await this.source?.return?.();
    if (e instanceof UserError) throw e;
    const quote = e instanceof UnclosedQuoteError || e instanceof RecordTooLongError;
    const record = quote ? (e as UnclosedQuoteError).record : this.n + 1;
    const hint = msg(quote ? 'text_unclosed_quote_hint' : 'text_unreadable_hint');
    throw new UserError(msg('text_unreadable', { file: this.file, delimiter: delimiterMessage(this.delimiter), record, detail: errorText(e) }), { hint });
  }
}

function csvRows(path: string, file: string, choice: EncodingChoice, delimiter: string): AsyncIterableIterator<RawRow> {
  return parseDelimited(decodeFile(path, file, choice), file, delimiter);
}

/** The record as cells, in place: trailing empty fields dropped, empty fields null. */
function toCells(record: string[]): Cell[] {
  let n = record.length;
  while (n > 0 && record[n - 1] === '') n--;
  if (n !== record.length) record.length = n;
  const cells = record as Cell[];
  for (let i = 0; i < n; i++) if (record[i] === '') cells[i] = null;
  return cells;
}

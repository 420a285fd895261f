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

/** Streams the records of a delimited file from decoded text chunks. */
export async function* parseDelimited(
  text: AsyncIterable<string>,
  file: string,
  delimiter: string,
): AsyncGenerator<RawRow> {
  const parser = new DelimitedParser(delimiter, MAX_RECORD_CHARS);
  let batch: string[][] = [];
  const emit = (record: string[]): void => {
    batch.push(record);
  };
  let n = 0;
  const drain = function* (): Generator<RawRow> {
    for (const record of batch) {
      n++;
      if (record.length > MAX_FIELDS) {
        // Header detection is linear in the width; a million-field line would take minutes.
        throw new UserError(msg('text_too_many_fields', { file, fields: record.length, record: n, max: MAX_FIELDS, delimiter: delimiterMessage(delimiter) }), {
          hint: msg('text_too_many_fields_hint'),
        });
      }
      yield { row: n, cells: toCells(record) };
    }
    batch = [];
  };
  try {
    for await (const chunk of text) {
      parser.push(chunk, emit);
      yield* drain();
    }
    parser.end(emit);
    yield* drain();
  } catch (e) {
    if (e instanceof UserError) throw e;
    const quote = e instanceof UnclosedQuoteError || e instanceof RecordTooLongError;
    const record = quote ? (e as UnclosedQuoteError).record : n + 1;
    const hint = msg(quote ? 'text_unclosed_quote_hint' : 'text_unreadable_hint');
    throw new UserError(msg('text_unreadable', { file, delimiter: delimiterMessage(delimiter), record, detail: errorText(e) }), { hint });
  }
}

function csvRows(path: string, file: string, choice: EncodingChoice, delimiter: string): AsyncGenerator<RawRow> {
  return parseDelimited(decodeFile(path, file, choice), file, delimiter);
}

function toCells(record: string[]): Cell[] {
  let n = record.length;
  while (n > 0 && record[n - 1] === '') n--;
  const cells: Cell[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = record[i]!;
    cells[i] = v === '' ? null : v;
  }
  return cells;
}

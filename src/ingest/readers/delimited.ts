// A streaming parser for delimited text (RFC 4180 as Excel reads it) over decoded string chunks.
// It replaces csv-parse on the hot path: csv-parse re-encodes every string chunk to a Buffer and
// decodes each field back, which was a quarter of a 200,000-row CSV load (measured: bench/run.ts).
//
// Rules, as Excel and WPS read CSV:
// - a record ends at \r\n, \n or \r outside quotes (mixed endings in one file are fine);
// - a field that starts with " is quoted: "" inside is one quote, delimiters and line breaks are text;
//   after the closing quote, characters up to the next delimiter are kept as text (Excel does too);
// - a quote inside an unquoted field is an ordinary character;
// - an empty line is a record with no cells (its row number still counts).

export class UnclosedQuoteError extends Error {
  constructor(readonly record: number) {
    super(`a quoted field opened in record ${record} never closes`);
  }
}

export class RecordTooLongError extends Error {
  constructor(readonly record: number, readonly limit: number) {
    super(`record ${record} is longer than ${limit} characters`);
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class DelimitedParser {
  private readonly delim: number;
  /** The highest code among the delimiter, quote and line breaks: any character above it is ordinary. */
  private readonly highest: number;
  private record: string[] = [];
  /** Text of the current field carried over from earlier chunks (or gathered from a quoted field). */
  private carry = '';
  private inQuotes = false;
  /** Inside a quoted field, the previous character was a quote: either "" or the closing quote. */
  private quotePending = false;
  /** The last chunk ended with \r: a \n opening the next chunk belongs to the same line break. */
  private crPending = false;
  /** The current field was quoted and has closed: what follows up to the delimiter is appended. */
  private afterQuote = false;
  private recordChars = 0;
  /** Records completed so far (1-based number of the record being read is records + 1). */
  records = 0;

  constructor(delimiter: string, private readonly maxRecordChars = 32 * 1024 * 1024) {
    if (delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delim = delimiter.charCodeAt(0);
    this.highest = Math.max(this.delim, QUOTE, CR, LF);
  }

  /** Parses a chunk; complete records are passed to emit in order. */
  push(text: string, emit: (record: string[]) => void): void {
    const n = text.length;
    const d = this.delim;
    const hi = this.highest;
    let i = 0;
    if (n === 0) return;
    if (this.crPending) {
      this.crPending = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    let start = i; // start of the unconsumed part of the current field in this chunk
    while (i < n) {
      if (this.inQuotes) {
        // Find the next quote: everything before it is field text.
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.carry += text.slice(start, n);
          this.recordChars += n - start;
          if (this.recordChars > this.maxRecordChars) throw new RecordTooLongError(this.records + 1, this.maxRecordChars);
          return;
        }
        this.carry += text.slice(start, q);
        i = q + 1;
        start = i;
        if (i >= n) {
          // Is it "" or the closing quote? The next chunk tells.
          this.inQuotes = false;
          this.quotePending = true;
          return;
        }
        if (text.charCodeAt(i) === QUOTE) {
          this.carry += '"';
          i++;
          start = i;
          continue;
        }
        this.inQuotes = false;
        this.afterQuote = true;
        continue;
      }
      if (this.quotePending) {
        // The chunk boundary fell between a quote and what follows it.
        this.quotePending = false;
        if (text.charCodeAt(i) === QUOTE) {
          this.carry += '"';
          i++;
          start = i;
          this.inQuotes = true;
          continue;
        }
        this.afterQuote = true;
      }
      // Ordinary characters in a tight loop: only the delimiter, a line break or a quote stop it.
      let c = text.charCodeAt(i);
      while (c > hi || (c !== d && c !== LF && c !== CR && c !== QUOTE)) {
        if (++i === n) break;
        c = text.charCodeAt(i);
      }
      if (i === n) break;
      if (c === d) {
        this.endField(text, start, i);
        i++;
        start = i;
      } else if (c === LF || c === CR) {
        this.endField(text, start, i);
        emit(this.takeRecord());
        i++;
        if (c === CR) {
          if (i < n) {
            if (text.charCodeAt(i) === LF) i++;
          } else this.crPending = true;
        }
        start = i;
      } else if (c === QUOTE && start === i && this.carry === '' && !this.afterQuote) {
        this.inQuotes = true;
        i++;
        start = i;
      } else {
        i++;
      }
    }
    if (start < n) {
      this.carry += text.slice(start, n);
      this.recordChars += n - start;
      if (this.recordChars > this.maxRecordChars) throw new RecordTooLongError(this.records + 1, this.maxRecordChars);
    }
  }

  /** Ends the input: a last record without a line break is emitted; an open quote is an error. */
  end(emit: (record: string[]) => void): void {
    if (this.inQuotes) throw new UnclosedQuoteError(this.records + 1);
    this.quotePending = false;
    if (this.carry !== '' || this.record.length > 0 || this.afterQuote) {
      this.record.push(this.carry);
      this.carry = '';
      this.afterQuote = false;
      emit(this.takeRecord());
    }
  }

  private endField(text: string, start: number, end: number): void {
    const piece = text.slice(start, end);
    this.record.push(this.carry === '' ? piece : this.carry + piece);
    this.recordChars += end - start;
    this.carry = '';
    this.afterQuote = false;
  }

  private takeRecord(): string[] {
    const r = this.record;
    this.record = [];
    this.recordChars = 0;
    this.records++;
    return r;
  }
}

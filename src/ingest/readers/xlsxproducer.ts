// The producing end of an xlsx read, run in a worker thread (xlsxworker.ts) or, where there is
// none, in the reader's own thread: reads styles.xml and sharedStrings.xml, then inflates and
// scans the worksheets in workbook order into row batches (xlsxbatch.ts), posting them to the
// consumer (xlsxfeed.ts) with the workbook's strings once at the start.
//
// Flow control: at most MAX_IN_FLIGHT batches are posted and not yet taken, so memory stays flat
// however far the producer could run ahead. The consumer may `seek` to another sheet (a sheet
// read again, or left before its end): the producer drops what it was doing and starts there, and
// everything it posts carries the seek's generation so the consumer can tell stale posts apart.

import { UserError } from '../../errors.js';
import type { Message } from '../../i18n/message.js';
import { asUserError } from './common.js';
import { BatchWriter, type BatchArrays, type RowBatch } from './xlsxbatch.js';
import { XmlScanner } from './xlsxml.js';
import { NO_STYLES, parseSharedStrings, parseStyles, type DateStyles } from './xlsxparts.js';
import { SheetRows } from './xlsxsheet.js';
import { readZipEntryXml, type ZipEntry } from './zipcheck.js';

/** What the producer needs: the workbook as xlsx.ts found it (all plain data, so it can be posted). */
export interface ProducerInit {
  path: string;
  file: string;
  date1904: boolean;
  sheets: { name: string; entry: ZipEntry }[];
  styles?: ZipEntry;
  sharedStrings?: ZipEntry;
}

export type ToProducer =
  | { t: 'seek'; sheet: number; gen: number }
  /** A batch was read; its arrays come back to be written again. */
  | { t: 'ack'; gen: number; arrays?: BatchArrays };

export type FromProducer =
  | { t: 'parts'; strings: (string | null)[] | undefined }
  | { t: 'rows'; gen: number; sheet: number; batch: RowBatch }
  | { t: 'end'; gen: number; sheet: number }
  /** sheet -1: the workbook's parts (styles, shared strings) could not be read. */
  | { t: 'error'; gen: number; sheet: number; error: WireError };

/** A UserError as plain data, to cross the thread boundary and be built again unchanged. */
export interface WireError {
  message: string;
  msg?: Message;
  hint?: string;
  hintMsg?: Message;
  exitCode: number;
  code: string;
  cause?: { message: string; stack?: string };
}

export function toWire(e: UserError): WireError {
  const cause = e.cause instanceof Error ? { message: e.cause.message, stack: e.cause.stack } : undefined;
  return { message: e.message, msg: e.msg, hint: e.hint, hintMsg: e.hintMsg, exitCode: e.exitCode, code: e.code, cause };
}

export function fromWire(w: WireError): UserError {
  const e = new UserError(w.msg ?? w.message, { hint: w.hintMsg ?? w.hint, exitCode: w.exitCode as UserError['exitCode'], code: w.code });
  if (w.cause) {
    const cause = new Error(w.cause.message);
    cause.stack = w.cause.stack;
    e.cause = cause;
  }
  return e;
}

/**
 * Batches posted and not yet read by the consumer, at most: two, so the producer fills one while
 * the consumer reads the other. Four held ~50 MB more at the peak of a 200,000-row load (more
 * rows live at once outlast the loader's young generation) and were no faster.
 */
export const MAX_IN_FLIGHT = 2;
/**
 * Rows in a sheet's first batch (the loader looks for the header in the first 31 rows), then in the
 * next ones (bigger batches held more rows alive at once for no gain in speed).
 */
const FIRST_BATCH_ROWS = 64;
const BATCH_ROWS = 1024;
const BATCH_CELLS = 1 << 16;

/** Posts a message; `move`: arrays to move, not copy, across the thread boundary. */
type Post = (m: FromProducer, move?: BatchArrays) => void;

export class SheetProducer {
  private gen = 0;
  /** The sheet to produce next; sheets.length when there is nothing to do until a seek. */
  private cursor = 0;
  private inFlight = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  /** Arrays handed back by the consumer, for the next batches. */
  private readonly pool: BatchArrays[] = [];

  constructor(
    private readonly init: ProducerInit,
    private readonly post: Post,
  ) {}

  receive(m: ToProducer): void {
    if (m.t === 'ack') {
      if (m.gen === this.gen) this.inFlight--;
      if (m.arrays && this.pool.length <= MAX_IN_FLIGHT) this.pool.push(m.arrays);
    } else {
      this.gen = m.gen;
      this.cursor = m.sheet;
      this.inFlight = 0;
    }
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.gen = -1;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private waitForMessage(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Reads the parts, then produces sheets until closed. */
  async run(): Promise<void> {
    const { path, file } = this.init;
    let styles: DateStyles = NO_STYLES;
    let strings: (string | null)[] | undefined;
    try {
      if (this.init.styles) {
        try {
          styles = await parseStyles(readZipEntryXml(path, this.init.styles, file));
        } catch (e) {
          throw asUserError(e, file, 'cell styles');
        }
      }
      if (this.init.sharedStrings) {
        try {
          strings = await parseSharedStrings(readZipEntryXml(path, this.init.sharedStrings, file));
        } catch (e) {
          throw asUserError(e, file, 'shared strings');
        }
      }
    } catch (e) {
      this.post({ t: 'error', gen: this.gen, sheet: -1, error: toWire(asUserError(e, file, '')) });
      return;
    }
    this.post({ t: 'parts', strings });
    strings = undefined; // the consumer has them; the producer never needs them
    while (!this.closed) {
      const gen = this.gen;
      const k = this.cursor;
      if (k >= this.init.sheets.length) {
        await this.waitForMessage();
        continue;
      }
      const ok = await this.sheet(k, gen, styles);
      if (gen === this.gen) this.cursor = ok ? k + 1 : this.init.sheets.length;
    }
  }

  /** Produces one sheet; false when it failed (the error is posted). A seek or close cuts it short. */
  private async sheet(k: number, gen: number, styles: DateStyles): Promise<boolean> {
    const { path, file, date1904 } = this.init;
    const sheet = this.init.sheets[k]!;
    const where = `sheet "${sheet.name}"`;
    const out = new BatchWriter(this.pool);
    const rows = new SheetRows({ file, where, styles, date1904 }, out);
    const scanner = new XmlScanner(rows);
    let limit = FIRST_BATCH_ROWS;
    try {
      // The whole part is inflated even after </sheetData>: its size and checksum are checked at its end.
      for await (const text of readZipEntryXml(path, sheet.entry, file)) {
        if (gen !== this.gen) return true;
        if (scanner.stopped) continue;
        scanner.push(text);
        if (rows.finished) scanner.stopped = true;
        if (out.rows >= limit || out.cells >= BATCH_CELLS) {
          limit = BATCH_ROWS;
          if (!(await this.send(k, gen, out.take()))) return true;
        }
      }
      scanner.end();
      if (out.rows > 0 && !(await this.send(k, gen, out.take()))) return true;
    } catch (e) {
      if (gen === this.gen) this.post({ t: 'error', gen, sheet: k, error: toWire(asUserError(e, file, where)) });
      return false;
    }
    if (gen === this.gen) this.post({ t: 'end', gen, sheet: k });
    return true;
  }

  /** Posts a batch, then waits while too many are in flight; false when a seek or close made it stale. */
  private async send(k: number, gen: number, batch: RowBatch): Promise<boolean> {
    if (gen !== this.gen) return false;
    this.post({ t: 'rows', gen, sheet: k, batch }, batch);
    this.inFlight++;
    while (this.inFlight >= MAX_IN_FLIGHT && gen === this.gen) await this.waitForMessage();
    return gen === this.gen;
  }
}

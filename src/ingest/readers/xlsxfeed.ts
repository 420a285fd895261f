// The consuming end of an xlsx read: starts the producer (xlsxproducer.ts) in a worker thread, so
// inflating and scanning the XML run beside the loader's parsing and appending (2 cores do twice
// the work), and hands its batches on as RawRows. Where there is no worker (see workerUrl), the
// producer runs in this thread, through the same messages.
//
// The worker never keeps the process alive on its own (it is referenced only while a row is
// awaited) and is terminated by close(): at the end of the sheets, on dispose, on errors.

import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import type { RawRow } from '../source.js';
import { asUserError } from './common.js';
import { BatchReader, batchArrays, batchBuffers } from './xlsxbatch.js';
import { SheetProducer, fromWire, type FromProducer, type ProducerInit, type ToProducer } from './xlsxproducer.js';

type Strings = (string | null)[] | undefined;

/**
 * Below this much worksheet XML, the producer runs in the reader's thread: starting a worker
 * costs ~50 ms of CPU and ~80 ms before its first rows, about what reading 8 MB of XML costs.
 */
export const WORKER_MIN_BYTES = 8 << 20;

/**
 * The worker's script: the compiled one beside this module, for workbooks whose sheets hold at
 * least WORKER_MIN_BYTES of XML. None when it is missing (tests run from the TypeScript sources)
 * or JICENG_XLSX_WORKER=0; JICENG_XLSX_WORKER=/path/to/xlsxworker.js names one to use whatever
 * the size (tests of the worker path run from the sources with the compiled one).
 */
function workerUrl(init: ProducerInit): URL | undefined {
  const env = process.env.JICENG_XLSX_WORKER;
  if (env === '0') return undefined;
  let url: URL;
  if (env?.endsWith('.js')) url = pathToFileURL(env);
  else {
    const bytes = init.sheets.reduce((n, s) => n + s.entry.uncompressedSize, 0);
    if (bytes < WORKER_MIN_BYTES) return undefined;
    url = new URL('./xlsxworker.js', import.meta.url);
  }
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** A worker for the producer, or none when the platform refuses one (the producer then runs here). */
function startWorker(url: URL, init: ProducerInit): Worker | undefined {
  try {
    // No flags of the process (a worker inherits them, and `--input-type=module -e …` or a test
    // runner's `--require x` would stop it from starting). Everything the worker allocates dies
    // young: a smaller young generation keeps its memory down (~20 MB) at no cost in speed.
    return new Worker(url, { workerData: init, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  } catch {
    return undefined;
  }
}

export class SheetFeed {
  /** The workbook's shared strings, or the error that kept the producer from reading its parts. */
  private readonly parts: Promise<Strings>;
  private worker: Worker | undefined;
  private local: SheetProducer | undefined;
  private gen = 0;
  /** The sheet the producer's posts are for next, -1 when unknown (a sheet left before its end). */
  private pos = 0;
  private claimed = false;
  private queue: FromProducer[] = [];
  private head = 0;
  private wake: (() => void) | undefined;
  private failure: UserError | undefined;
  private closed = false;
  /** Awaits of the worker under way: while there are any, it keeps the process alive. */
  private waiting = 0;

  constructor(private readonly init: ProducerInit) {
    let settle!: { resolve: (s: Strings) => void; reject: (e: UserError) => void };
    this.parts = new Promise<Strings>((resolve, reject) => (settle = { resolve, reject }));
    this.parts.catch(() => {}); // awaited by strings(); unhandled until then is fine
    const receive = (m: FromProducer): void => {
      if (m.t === 'parts') settle.resolve(m.strings);
      else if (m.t === 'error' && m.sheet < 0) settle.reject(fromWire(m.error));
      else if (m.gen === this.gen) {
        this.queue.push(m);
        this.notify();
      }
    };
    const url = workerUrl(init);
    const worker = url && startWorker(url, init);
    if (worker) {
      const w = worker;
      w.on('message', receive);
      const fail = (e: UserError): void => {
        this.failure ??= e;
        settle.reject(this.failure);
        this.notify();
      };
      w.on('error', (e) => fail(asUserError(e, init.file, '')));
      w.on('exit', (code) => {
        // Stopped from outside (killed, out of memory): said in the user's language, as any unreadable file.
        if (!this.closed) fail(new UserError(msg('file_unreadable', { file: init.file, detail: msg('xlsx_reader_stopped', { code }) }), { hint: msg('file_unreadable_hint') }));
      });
      w.unref(); // after the listeners: adding a 'message' listener refs the worker's port again
      this.worker = w;
    } else {
      // The same producer and messages in this thread: a post is delivered on a later tick, as a worker's would be.
      const p = new SheetProducer(init, (m) => void Promise.resolve().then(() => !this.closed && receive(m)));
      this.local = p;
      void p.run().catch((e) => {
        this.failure ??= asUserError(e, init.file, '');
        settle.reject(this.failure);
        this.notify();
      });
    }
  }

  private send(m: ToProducer): void {
    if (this.worker) this.worker.postMessage(m, m.t === 'ack' && m.arrays ? batchBuffers(m.arrays) : undefined);
    else this.local?.receive(m);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Waits for what the worker sends, keeping the process alive meanwhile (else the worker never does). */
  private async awaitWorker<T>(p: Promise<T>): Promise<T> {
    const w = this.worker;
    if (!w) return p;
    if (this.waiting++ === 0) w.ref();
    try {
      return await p;
    } finally {
      if (--this.waiting === 0) w.unref();
    }
  }

  /** The workbook's shared strings, once read; throws what kept the producer from reading them. */
  strings(): Promise<Strings> {
    return this.awaitWorker(this.parts);
  }

  private async next(): Promise<FromProducer> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.head < this.queue.length) {
        const m = this.queue[this.head++]!;
        if (this.head === this.queue.length) {
          this.queue = [];
          this.head = 0;
        }
        return m;
      }
      await this.awaitWorker(new Promise<void>((resolve) => (this.wake = resolve)));
    }
  }

  /** The rows of sheet k (0-based, workbook order), in order. */
  async *rows(k: number): AsyncGenerator<RawRow> {
    const strings = await this.strings();
    if (this.claimed || this.pos !== k) {
      // Not where the producer is: it starts this sheet afresh, and what it posted before is dropped.
      this.gen++;
      this.queue = [];
      this.head = 0;
      this.pos = k;
      this.send({ t: 'seek', sheet: k, gen: this.gen });
    }
    this.claimed = true;
    const gen = this.gen;
    let done = false;
    try {
      for (;;) {
        if (gen !== this.gen) throw new Error('rows of an xlsx sheet read after another sheet was started');
        const m = await this.next();
        if (m.t === 'rows') {
          const reader = new BatchReader(m.batch, strings);
          for (let r = reader.next(); r; r = reader.next()) yield r;
          if (gen === this.gen) this.send({ t: 'ack', gen, arrays: batchArrays(m.batch) });
        } else if (m.t === 'end') {
          done = true;
          this.pos = k + 1;
          this.claimed = false;
          return;
        } else if (m.t === 'error') {
          throw fromWire(m.error);
        }
      }
    } finally {
      if (!done && gen === this.gen) {
        this.pos = -1;
        this.claimed = false;
      }
    }
  }

  /** Stops the producer (terminates the worker); the feed cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= asUserError(new Error('the xlsx reader was closed'), this.init.file, '');
    this.notify();
    this.local?.close();
    this.local = undefined;
    const w = this.worker;
    if (w) {
      this.waiting++; // for good: its exit is awaited and must keep the process alive until it comes
      w.ref();
      await w.terminate();
    }
  }
}

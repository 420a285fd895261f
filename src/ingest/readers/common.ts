// Small helpers shared by the readers: error wrapping and file reads.

import { msg, type Message } from '../../i18n/message.js';
import { open } from 'node:fs/promises';
import { UserError, isUserError } from '../../errors.js';

/** Reads up to `length` bytes at `position` (fewer at end of file). */
export async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? buf : buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Message of an unknown thrown value, on one line. */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.trim();
}

/**
 * Turns any error met while reading a file into a UserError naming the file (and the place in
 * it). UserErrors pass through untouched.
 */
export function asUserError(e: unknown, file: string, where: string, hint?: Message): UserError {
  if (isUserError(e)) return e;
  const err = new UserError(where ? msg('file_unreadable_at', { file, where, detail: errorText(e) }) : msg('file_unreadable', { file, detail: errorText(e) }), {
    hint: hint ?? msg('file_unreadable_hint'),
  });
  err.cause = e; // the original error and its stack, for --debug output
  return err;
}

/** An AsyncIterable that makes a fresh iterator each time it is iterated. */
export function iterable<T>(make: () => AsyncIterator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: make };
}

/** Drops trailing null / empty-string cells. */
export function trimTrailing<T>(cells: (T | null | '')[]): (T | null | '')[] {
  let n = cells.length;
  while (n > 0 && (cells[n - 1] === null || cells[n - 1] === '' || cells[n - 1] === undefined)) n--;
  if (n !== cells.length) cells.length = n;
  return cells;
}

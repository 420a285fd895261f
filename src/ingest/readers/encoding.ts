// Text encoding: detection (BOM → UTF-16 heuristic → strict UTF-8 → strict GB18030 → refuse) and
// a streaming, fatal decoder that turns a file into strings or fails with the byte offset of the
// first bad byte. Only Node's TextDecoder is used (see TECH-NOTES: label gb18030 for GBK too).

import { msg } from '../../i18n/message.js';
import { createReadStream } from 'node:fs';
import { UserError } from '../../errors.js';
import { readBytes } from './common.js';

/** What TextDecoder is given. */
export type DecoderName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface EncodingChoice {
  decoder: DecoderName;
  /** Reported on the TableFile: utf-8, utf-8-bom, gb18030, utf-16le, utf-16be. */
  label: string;
  /** How it was chosen. */
  source: 'bom' | 'override' | 'detected' | 'meta';
}

const CHOICES: Record<string, DecoderName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf-16': 'utf-16le',
};

export const ENCODING_CHOICES = Object.keys(CHOICES);

/** The decoder for an `--encoding` value; UserError for an unknown one. */
export function parseEncodingOption(value: string): DecoderName {
  const d = CHOICES[value.trim().toLowerCase()];
  if (!d) {
    throw new UserError(msg('bad_encoding_choice', { value }), { hint: msg('bad_encoding_choice_hint', { choices: ENCODING_CHOICES.join(', ') }), exitCode: 2 });
  }
  return d;
}

/** The decoder a `charset` name (from an HTML meta tag) stands for, if we know it. */
export function charsetToDecoder(charset: string): DecoderName | undefined {
  return CHOICES[charset.trim().toLowerCase()];
}

export function detectBom(buf: Uint8Array): { decoder: DecoderName; length: number } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { decoder: 'utf-8', length: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { decoder: 'utf-16le', length: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { decoder: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM: in the first 4 KB, NULs sit mostly on one parity (the high byte of ASCII
 * characters: tabs, digits, newlines), and the bytes decode to text without stray control
 * characters. Not "every" odd byte: CJK characters have no NUL byte, and U+xx00 characters
 * (一 U+4E00) put a NUL on the other parity.
 */
export function looksUtf16(buf: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return null;
  let odd = 0;
  let even = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  const min = Math.max(2, (n / 2) * 0.02);
  const guess = odd >= min && odd > 2 * even ? 'utf-16le' : even >= min && even > 2 * odd ? 'utf-16be' : null;
  if (!guess) return null;
  let text: string;
  try {
    text = new TextDecoder(guess, { fatal: true }).decode(buf.subarray(0, n), { stream: true });
  } catch {
    return null;
  }
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff) bad++;
  }
  return bad <= text.length * 0.01 ? guess : null;
}

/** True if `buf` decodes under `decoder` with fatal errors (an incomplete tail is allowed). */
function decodesCleanly(buf: Uint8Array, decoder: DecoderName): boolean {
  try {
    new TextDecoder(decoder, { fatal: true }).decode(buf, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const NON_ASCII = /[\x80-\xff]/;

/** Offset of the first byte >= 0x80 in the file, scanning from `from`; -1 if none. */
async function firstNonAscii(path: string, prefix: Buffer, size: number): Promise<number> {
  const m = NON_ASCII.exec(prefix.toString('latin1'));
  if (m) return m.index;
  if (prefix.length >= size) return -1;
  let pos = prefix.length;
  for await (const chunk of createReadStream(path, { start: prefix.length, highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    const mm = NON_ASCII.exec(b.toString('latin1'));
    if (mm) return pos + mm.index;
    pos += b.length;
  }
  return -1;
}

export interface DetectOptions {
  override?: string;
  /** A charset declared inside the file (HTML meta): breaks a tie when both UTF-8 and GB18030 decode. */
  declared?: DecoderName;
}

/**
 * Chooses the encoding of a text file. `prefix` is the first bytes of the file (64 KB or all).
 * Detection looks at a 64 KB window starting at the first non-ASCII byte, so a file whose first
 * 64 KB are plain ASCII (IDs, numbers) and whose Chinese text comes later is still judged on
 * its Chinese text.
 */
export async function detectEncoding(
  path: string,
  file: string,
  prefix: Buffer,
  size: number,
  options: DetectOptions = {},
): Promise<EncodingChoice> {
  const bom = detectBom(prefix);
  if (options.override) {
    const decoder = parseEncodingOption(options.override);
    return { decoder, label: decoder === 'utf-8' && bom?.decoder === 'utf-8' ? 'utf-8-bom' : decoder, source: 'override' };
  }
  if (bom) return { decoder: bom.decoder, label: bom.decoder === 'utf-8' ? 'utf-8-bom' : bom.decoder, source: 'bom' };
  const u16 = looksUtf16(prefix);
  if (u16) return { decoder: u16, label: u16, source: 'detected' };

  const start = await firstNonAscii(path, prefix, size);
  if (start < 0) return { decoder: 'utf-8', label: 'utf-8', source: 'detected' };
  const window =
    start + 65536 <= prefix.length ? prefix.subarray(start, start + 65536) : await readBytes(path, start, 65536);
  const isLast = start + window.length >= size;
  const utf8 = decodesCleanly(window, 'utf-8') && (!isLast || completes(window, 'utf-8'));
  const gb = decodesCleanly(window, 'gb18030') && (!isLast || completes(window, 'gb18030'));
  // A declared GBK charset only breaks a tie on little evidence: UTF-8 Chinese often also parses
  // as GB18030, while real GB18030 text almost never passes a strict UTF-8 check for long, and
  // pages copied from a template often declare gb2312 while being saved as UTF-8.
  let nonAscii = 0;
  for (let i = 0; i < window.length && nonAscii < 64; i++) if (window[i]! >= 0x80) nonAscii++;
  if (utf8 && !(gb && options.declared === 'gb18030' && nonAscii < 64)) {
    return { decoder: 'utf-8', label: 'utf-8', source: 'detected' };
  }
  if (gb) return { decoder: 'gb18030', label: 'gb18030', source: options.declared === 'gb18030' ? 'meta' : 'detected' };
  const bad = start + Math.max(0, firstInvalidOffset(window, 0, 'utf-8', isLast));
  throw new UserError(msg('encoding_unknown', { file, offset: bad }), { hint: msg('encoding_unknown_hint') });
}

function completes(buf: Uint8Array, decoder: DecoderName): boolean {
  try {
    new TextDecoder(decoder, { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

const NAMES: Record<DecoderName, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GB18030/GBK',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

function decodeError(file: string, choice: EncodingChoice, offset: number): UserError {
  const other =
    choice.decoder === 'utf-8' ? 'gb18030' : choice.decoder === 'gb18030' ? 'utf-8' : 'utf-8 or --encoding gb18030';
  const code = choice.source === 'override' ? 'encoding_bad_byte_override' : choice.source === 'bom' ? 'encoding_bad_byte_bom' : 'encoding_bad_byte';
  return new UserError(msg(code, { file, encoding: NAMES[choice.decoder], offset }), { hint: msg('encoding_bad_byte_hint', { other }) });
}

/**
 * Streams a file as decoded text. Decoding is fatal: an invalid byte anywhere throws a UserError
 * naming its byte offset (never U+FFFD garbage). The BOM, if any, is dropped.
 */
export async function* decodeFile(
  path: string,
  file: string,
  choice: EncodingChoice,
  chunkSize = 1 << 16,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(choice.decoder, { fatal: true, ignoreBOM: false });
  let offset = 0;
  let prev: Buffer = Buffer.alloc(0);
  let first = true;
  // A detected GB18030 file can hide a pasted UTF-8 section that decodes "cleanly" into nonsense
  // (UTF-8 bytes pair up as valid GBK codes): look for lines that are plainly UTF-8 Chinese.
  // With --encoding gb18030 the user has vouched for the file: no check.
  const utf8Lines = choice.decoder === 'gb18030' && choice.source !== 'override' ? new Utf8LineDetector() : undefined;
  const stream = createReadStream(path, { highWaterMark: chunkSize });
  try {
    for await (const c of stream) {
      const chunk = c as Buffer;
      if (utf8Lines) {
        const at = utf8Lines.feed(chunk, offset);
        if (at >= 0) throw utf8SectionError(file, at);
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw decodeError(file, choice, locate(prev, chunk, offset, choice.decoder, false));
      }
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      offset += chunk.length;
      prev = chunk;
      if (text.length > 0) yield text;
    }
    if (utf8Lines) {
      const at = utf8Lines.end();
      if (at >= 0) throw utf8SectionError(file, at);
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw decodeError(file, choice, locate(prev, Buffer.alloc(0), offset, choice.decoder, true));
    }
    if (tail.length > 0) yield first && tail.charCodeAt(0) === 0xfeff ? tail.slice(1) : tail;
  } finally {
    stream.destroy();
  }
}

function utf8SectionError(file: string, offset: number): UserError {
  return new UserError(msg('encoding_mixed', { file, offset }), { hint: msg('encoding_mixed_hint') });
}

/**
 * Finds a line of UTF-8 Chinese inside a file being decoded as GB18030: a line whose non-ASCII
 * bytes are all well-formed UTF-8 with at least MIN_CJK three-byte CJK sequences (lead byte E3–E9,
 * U+3000–U+9FFF). Real GBK text passes that test only by accident: a run of GBK characters forms
 * one such sequence with a probability near 1 %, so four in a line, with every other byte of the
 * line also fitting, is about one line in 10^8. Returns the absolute offset of the line's first
 * non-ASCII byte, or -1. State carries across chunks.
 */
export class Utf8LineDetector {
  static readonly MIN_CJK = 4;
  private lineStart = -1; // offset of the line's first non-ASCII byte
  private ok = true; // every non-ASCII byte so far in this line is well-formed UTF-8
  private cjk = 0;
  private need = 0; // continuation bytes still expected
  private lo = 0x80;
  private hi = 0xbf;
  private isCjk = false;

  feed(buf: Uint8Array, base: number): number {
    const n = buf.length;
    for (let i = 0; i < n; i++) {
      const b = buf[i]!;
      if (this.need > 0) {
        if (b >= this.lo && b <= this.hi) {
          this.lo = 0x80;
          this.hi = 0xbf;
          if (--this.need === 0 && this.isCjk) this.cjk++;
          continue;
        }
        this.ok = false;
        this.need = 0;
        this.lo = 0x80;
        this.hi = 0xbf;
      }
      if (b < 0x80) {
        if (b === 0x0a && this.lineStart >= 0) {
          if (this.ok && this.cjk >= Utf8LineDetector.MIN_CJK) return this.lineStart;
          this.lineStart = -1;
          this.ok = true;
          this.cjk = 0;
        }
        continue;
      }
      if (this.lineStart < 0) this.lineStart = base + i;
      if (!this.ok) {
        // This line is settled: skip to its end.
        const nl = indexOfNewline(buf, i + 1);
        if (nl < 0) return -1;
        i = nl - 1;
        continue;
      }
      this.isCjk = false;
      if (b >= 0xc2 && b <= 0xdf) this.need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.need = 2;
        this.isCjk = b >= 0xe3 && b <= 0xe9;
        if (b === 0xe0) this.lo = 0xa0;
        if (b === 0xed) this.hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.need = 3;
        if (b === 0xf0) this.lo = 0x90;
        if (b === 0xf4) this.hi = 0x8f;
      } else this.ok = false;
    }
    return -1;
  }

  /** At the end of the file: the last line, if it has no newline. */
  end(): number {
    return this.lineStart >= 0 && this.ok && this.need === 0 && this.cjk >= Utf8LineDetector.MIN_CJK ? this.lineStart : -1;
  }
}

function indexOfNewline(buf: Uint8Array, from: number): number {
  return buf.indexOf(0x0a, from);
}

/**
 * Absolute offset of the first invalid byte, knowing that everything before `prev` decoded
 * cleanly and that decoding failed within `chunk` (which starts at absolute `chunkStart`).
 * Validation restarts at a character boundary inside `prev`.
 */
function locate(prev: Buffer, chunk: Buffer, chunkStart: number, decoder: DecoderName, final: boolean): number {
  const buf = Buffer.concat([prev, chunk]);
  const base = chunkStart - prev.length;
  let from = 0;
  if (decoder === 'utf-8') {
    while (from < prev.length && (buf[from]! & 0xc0) === 0x80) from++;
  } else if (decoder === 'gb18030') {
    // Bytes below 0x30 are never the 2nd..4th byte of a GB18030 sequence: a boundary.
    let i = prev.length - 1;
    while (i >= 0 && buf[i]! >= 0x30) i--;
    from = i >= 0 ? i : 0;
  } else {
    from = base % 2 === 0 ? 0 : 1;
    const lowSurrogate = (i: number) => {
      const u = decoder === 'utf-16le' ? buf[i]! | (buf[i + 1]! << 8) : (buf[i]! << 8) | buf[i + 1]!;
      return u >= 0xdc00 && u <= 0xdfff;
    };
    if (from + 1 < prev.length && lowSurrogate(from)) from += 2;
  }
  const at = firstInvalidOffset(buf, from, decoder, final);
  return base + (at >= 0 ? at : prev.length);
}

/**
 * Index of the first invalid byte in `buf` from `from`, following the WHATWG decoders; -1 if all
 * valid. An incomplete sequence at the end counts as invalid only when `final`.
 */
export function firstInvalidOffset(buf: Uint8Array, from: number, decoder: DecoderName, final: boolean): number {
  const n = buf.length;
  if (decoder === 'utf-8') {
    let i = from;
    while (i < n) {
      const b = buf[i]!;
      if (b < 0x80) {
        i++;
        continue;
      }
      let need: number;
      let lo = 0x80;
      let hi = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lo = 0xa0;
        if (b === 0xed) hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lo = 0x90;
        if (b === 0xf4) hi = 0x8f;
      } else return i;
      for (let k = 1; k <= need; k++) {
        if (i + k >= n) return final ? i : -1;
        const t = buf[i + k]!;
        if (k === 1 ? t < lo || t > hi : t < 0x80 || t > 0xbf) return i;
      }
      i += need + 1;
    }
    return -1;
  }
  if (decoder === 'gb18030') {
    let i = from;
    while (i < n) {
      const b = buf[i]!;
      if (b <= 0x80) {
        i++;
        continue;
      }
      if (b === 0xff) return i;
      if (i + 1 >= n) return final ? i : -1;
      const b2 = buf[i + 1]!;
      if (b2 >= 0x30 && b2 <= 0x39) {
        if (i + 3 >= n) return final ? i : -1;
        const b3 = buf[i + 2]!;
        const b4 = buf[i + 3]!;
        if (b3 < 0x81 || b3 > 0xfe || b4 < 0x30 || b4 > 0x39) return i;
        const pointer = ((b - 0x81) * 10 + (b2 - 0x30)) * 1260 + (b3 - 0x81) * 10 + (b4 - 0x30);
        if ((pointer > 39419 && pointer < 189000) || pointer > 1237575) return i;
        i += 4;
        continue;
      }
      if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) {
        i += 2;
        continue;
      }
      return i;
    }
    return -1;
  }
  // UTF-16: unpaired surrogates.
  const le = decoder === 'utf-16le';
  let i = from;
  while (i + 1 < n) {
    const u = le ? buf[i]! | (buf[i + 1]! << 8) : (buf[i]! << 8) | buf[i + 1]!;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 3 >= n) return final ? i : -1;
      const v = le ? buf[i + 2]! | (buf[i + 3]! << 8) : (buf[i + 2]! << 8) | buf[i + 3]!;
      if (v < 0xdc00 || v > 0xdfff) return i;
      i += 4;
      continue;
    }
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    i += 2;
  }
  return i < n && final ? i : -1;
}

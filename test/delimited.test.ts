import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DelimitedParser, UnclosedQuoteError } from '../src/ingest/readers/delimited.js';

/** Parses text split at the given cut points, as the reader does with its 64 KB chunks. */
function parse(text: string, delimiter = ',', cuts: number[] = []): string[][] {
  const p = new DelimitedParser(delimiter);
  const out: string[][] = [];
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    p.push(text.slice(at, c), (r) => out.push(r));
    at = c;
  }
  p.push(text.slice(at), (r) => out.push(r));
  p.end((r) => out.push(r));
  return out;
}

describe('DelimitedParser', () => {
  it('reads quoted fields, doubled quotes, embedded breaks and mixed line endings', () => {
    expect(parse('a,b\r\n"x,1","he said ""hi"""\n"two\r\nlines",\rlast')).toEqual([
      ['a', 'b'],
      ['x,1', 'he said "hi"'],
      ['two\r\nlines', ''],
      ['last'],
    ]);
  });

  it('keeps quotes inside unquoted fields, and text after a closing quote, as Excel does', () => {
    expect(parse('5"2,ab"c\n"q"tail,z\n')).toEqual([
      ['5"2', 'ab"c'],
      ['qtail', 'z'],
    ]);
  });

  it('gives an empty line as a record of one empty field, so row numbers stay true', () => {
    expect(parse('a\n\nb\r\n\r\n')).toEqual([['a'], [''], ['b'], ['']]);
  });

  it('refuses a quote that never closes, naming the record', () => {
    expect(() => parse('a\n"open\nb\n')).toThrow(UnclosedQuoteError);
    try {
      parse('a\n"open\nb\n');
    } catch (e) {
      expect((e as UnclosedQuoteError).record).toBe(2);
    }
  });

  it('is independent of where the chunks are cut (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '中', '"', ',', '\t', '\r', '\n', ' ', '𠀀'), maxLength: 6 });
    const table = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom(',', '\t'), fc.array(fc.nat(), { maxLength: 6 }), (rows, delim, rawCuts) => {
        // Serialise the way Excel does: quote a field holding a quote, the delimiter or a line break.
        const quoteIt = (f: string): string => (/["\r\n]/.test(f) || f.includes(delim) ? `"${f.replace(/"/g, '""')}"` : f);
        // A record of one empty field is an empty line: write it quoted so it stays a field.
        const text = rows.map((r) => (r.length === 1 && r[0] === '' ? '""' : r.map(quoteIt).join(delim))).join('\r\n') + '\r\n';
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        expect(parse(text, delim, cuts)).toEqual(rows);
      }),
      { seed: 20261122, numRuns: 500 },
    );
  });
});

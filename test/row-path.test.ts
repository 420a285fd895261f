// The CSV tokenizer, the row iterator, classifyRow and the row parser's dates after their speed-ups:
// each held to a plain reference (written out here from the rules it implements) over random input.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DelimitedParser, UnclosedQuoteError } from '../src/ingest/readers/delimited.js';
import { parseDelimited } from '../src/ingest/readers/text.js';
import { classifyRow, singleRowHeader, type RowClass } from '../src/ingest/header.js';
import { FOOTER_WORDS, KINDS, PLAUSIBLE_DATE_FROM, TOTAL_WORDS, fieldOf } from '../src/contract/kinds.js';
import { mapColumns } from '../src/ingest/mapping.js';
import { compileRowParser } from '../src/ingest/rows.js';
import { parseValue } from '../src/ingest/values.js';
import { normalizeKey } from '../src/contract/normalize.js';
import type { Cell, RawRow } from '../src/ingest/source.js';

/** RFC 4180 as Excel reads it, one character at a time (the rules at the top of delimited.ts). */
function referenceRecords(text: string, delim: string): string[][] | { unclosed: number } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  // As the parser has always read it: a lone "" as the very last text of a file is no record.
  let closedLast = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (state === 'quoted') {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        state = 'closed';
        closedLast = i === text.length - 1;
      }
    } else if (c === delim) {
      record.push(field);
      field = '';
      state = 'start';
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      state = 'start';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else if (c === '"' && state === 'start') {
      state = 'quoted';
    } else {
      field += c;
      if (state === 'start') state = 'plain';
    }
  }
  if (state === 'quoted') return { unclosed: records.length + 1 };
  if (field !== '' || record.length > 0 || (state === 'closed' && !closedLast)) records.push([...record, field]);
  return records;
}

function parseInChunks(text: string, delim: string, cuts: number[]): string[][] | { unclosed: number } {
  const p = new DelimitedParser(delim);
  const out: string[][] = [];
  let at = 0;
  try {
    for (const c of [...cuts].sort((a, b) => a - b)) {
      p.push(text.slice(at, c), (r) => out.push(r));
      at = c;
    }
    p.push(text.slice(at), (r) => out.push(r));
    p.end((r) => out.push(r));
  } catch (e) {
    if (e instanceof UnclosedQuoteError) return { unclosed: e.record };
    throw e;
  }
  return out;
}

describe('DelimitedParser against the character-by-character rules', () => {
  it('reads the same records wherever the chunks are cut, quotes in odd places included (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '7', '中', '"', ',', ';', '\t', '\r', '\n', ' ', '𠀀'), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.constantFrom(',', '\t', ';'), fc.array(fc.nat(), { maxLength: 6 }), (t, delim, rawCuts) => {
        const cuts = rawCuts.map((c) => c % (t.length + 1));
        expect(parseInChunks(t, delim, cuts)).toEqual(referenceRecords(t, delim));
      }),
      { numRuns: 5000 },
    );
  });

  it('splits a plain export line as written', () => {
    expect(parseInChunks('案件编号,办案单位,涉案金额\r\nB341,城关派出所,\r\n', ',', [17])).toEqual([
      ['案件编号', '办案单位', '涉案金额'],
      ['B341', '城关派出所', ''],
    ]);
  });
});

async function* chunks(parts: string[], closed: { value: boolean }): AsyncGenerator<string> {
  try {
    for (const p of parts) yield p;
  } finally {
    closed.value = true;
  }
}

describe('parseDelimited rows', () => {
  it('numbers the records, drops trailing empty cells and gives empty cells as null', async () => {
    const rows: RawRow[] = [];
    for await (const r of parseDelimited(chunks(['a,,b,,\n', '\nx,"y', '",\n'], { value: false }), 't.csv', ',')) rows.push(r);
    expect(rows).toEqual([
      { row: 1, cells: ['a', null, 'b'] },
      { row: 2, cells: [] },
      { row: 3, cells: ['x', 'y'] },
    ]);
  });

  it('closes the text when the reader stops early, and is done after', async () => {
    const closed = { value: false };
    const it = parseDelimited(chunks(['a\nb\n', 'c\n'], closed), 't.csv', ',');
    expect((await it.next()).value).toEqual({ row: 1, cells: ['a'] });
    await it.return!();
    expect(closed.value).toBe(true);
    expect((await it.next()).done).toBe(true);
  });

  it('hands out the rows before an unclosed quote, then names its record', async () => {
    const rows: number[] = [];
    const run = async (): Promise<void> => {
      for await (const r of parseDelimited(chunks(['a\nb\n"open\n', 'c\n'], { value: false }), 't.csv', ',')) rows.push(r.row);
    };
    await expect(run()).rejects.toMatchObject({ message: expect.stringContaining('3') });
    expect(rows).toEqual([1, 2]);
  });
});

// classifyRow as it read before it was made faster (the rules, without the shortcuts).
const TOTAL_RE = new RegExp(`^(全县|全局|全所|全部|本页|本表)?(${TOTAL_WORDS.join('|')}|共计)`);
const FOOTER_RE = new RegExp(`^(${FOOTER_WORDS.join('|')}|注[:：]|备注[:：]|说明[:：]|数据来源)`);
function referenceClassify(cells: Cell[], headerKeys: string[], titles: Set<string>): RowClass {
  const texts = cells.map((c) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim())).filter(Boolean);
  if (texts.length === 0) return 'blank';
  const [first = '', second = ''] = texts;
  if (titles.size && texts.length <= 2 && titles.has(normalizeKey(first + second))) return 'header';
  const f = normalizeKey(first);
  const s2 = normalizeKey(second);
  const mayBe = (s: string): boolean => [...s.slice(0, 3)].some((ch) => /[合总小制审填负导打共全本注备说数]/.test(ch));
  if (mayBe(first) || mayBe(second)) {
    if (TOTAL_RE.test(f) && f.length <= 12) return 'total';
    if (texts.length >= 2 && TOTAL_RE.test(s2) && s2.length <= 12 && /^\d*$/.test(f)) return 'total';
    if (texts.length <= 3 && FOOTER_RE.test(f)) return 'footer';
  }
  let same = 0;
  let named = 0;
  headerKeys.forEach((key, i) => {
    if (!key) return;
    named++;
    const c = cells[i];
    if (typeof c === 'string' && c.length >= key.length && (c.includes(key[0]) || c.includes(key[0].toUpperCase())) && normalizeKey(c) === key) same++;
  });
  return named >= 2 && same / named >= 0.6 ? 'header' : 'data';
}

describe('classifyRow against its rules', () => {
  it('classifies random rows as the rules do (property)', () => {
    const cell = fc.oneof(
      fc.constantFrom<Cell>(
        null, '', ' ', '　', '合计', '全县合计', '小计', '总计：', '1', '12', '制表人：张三', '注：含刑事', '备注:', '数据来源：系统',
        '案件编号', ' 案件编号 ', '办案单位', '案件 编号', 'ab', 'AB', 'Ａb', 'case id', 'CASE ID', '城关派出所', 'B34118251040000000001',
        '2026-09-30 12:04:00', '共计', '审核', '某县公安局案件台账', 12, 0, true,
      ),
      fc.string({ unit: fc.constantFrom('合', '计', '案', '件', 'a', 'A', ' ', '1', '注', '：'), maxLength: 6 }),
    );
    const keySets = fc.constantFrom<string[]>(
      ['案件编号', '办案单位', '', 'ab'],
      ['caseid', '办案单位', '案件编号'],
      ['案件编号'],
      [],
    );
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 7 }), keySets, fc.boolean(), (cells, keys, withTitle) => {
        const titles = new Set(withTitle ? [normalizeKey('某县公安局案件台账')] : []);
        const row: RawRow = { row: 5, cells };
        expect(classifyRow(row, keys, titles)).toBe(referenceClassify(cells, keys, titles));
      }),
      { numRuns: 10000 },
    );
  });
});

describe('compileRowParser date columns against the rules', () => {
  // A case export's header; its 受理时间 (required) and 立案时间 (optional) columns take random spellings.
  const headerRow: RawRow = { row: 1, cells: ['案件编号', '办案单位', '案件类别', '受理时间', '立案时间'] };
  const header = singleRowHeader(headerRow);
  const mapping = mapColumns('cases', header);
  const ctx = { date1904: false, today: '2026-09-30', horizon: '2027-09-30', postKeywords: [] };
  const parse = compileRowParser('cases', mapping, header, ctx);
  const at = (name: string): number => KINDS.cases.fields.findIndex((f) => f.name === name);

  /** What a date cell comes to under the rules: its text, or the reject / flag code. */
  function expected(raw: Cell, name: string): { value: string | null } | { code: string } {
    const f = fieldOf('cases', name);
    const p = parseValue(raw, f);
    if (!p.ok) return { code: f.required ? p.message.code : 'flag_not_a_date' };
    if (p.value === null) return f.required ? { code: 'reject_required_empty' } : { value: null };
    const v = String(p.value);
    const d = v.slice(0, 10);
    if (d < PLAUSIBLE_DATE_FROM) return { code: f.required ? 'reject_date_before' : 'flag_date_too_early' };
    if (d > ctx.today) return { code: f.required ? 'reject_date_in_future' : 'flag_date_in_future' };
    return { value: v };
  }

  it('gives each date the value, reject or flag the rules give (property)', () => {
    const d2 = fc.integer({ min: 0, max: 32 }).map((n) => String(n).padStart(2, '0'));
    const ymd = fc.tuple(fc.constantFrom('1949', '1950', '1999', '2026', '2027', '2100'), d2, d2).map(([y, m, d]) => `${y}-${m}-${d}`);
    const date = fc.oneof(
      ymd,
      fc.tuple(ymd, fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([d, h, m]) => `${d} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`),
      fc.constantFrom<Cell>(null, '', '-', '2026/9/30', '2026年9月30日 10时', '2026-09-30T10:00:00', '2026-09-30 10:00', '1950-01-01 00:00:00', '2026-09-30 23:59:59', '2026-10-01'),
      // xlsx date cells (UTC fields are the wall clock), around the plausible range's ends too.
      fc.date({ min: new Date(Date.UTC(1890, 0, 1)), max: new Date(Date.UTC(2030, 11, 31)), noInvalidDate: true }),
      fc.constantFrom<Cell>(
        new Date(Date.UTC(1950, 0, 1)), new Date(Date.UTC(1949, 11, 31, 23, 59, 59, 600)), new Date(Date.UTC(2026, 8, 30, 23, 59, 59)),
        new Date(Date.UTC(2026, 8, 30, 23, 59, 59, 700)), new Date(Date.UTC(2026, 9, 1)), new Date(Date.UTC(1899, 11, 30, 8)), new Date(NaN),
      ),
    );
    fc.assert(
      fc.property(date, date, (received, filed) => {
        const out = parse(['A341', '城关派出所', '刑事', received, filed], 2);
        const r = expected(received, 'received_at');
        const fl = expected(filed, 'filed_at');
        if ('code' in r) {
          expect(out).toMatchObject({ ok: false, column: '受理时间', reason: { code: r.code } });
          return;
        }
        expect(out.ok).toBe(true);
        if (!out.ok) return;
        expect(out.values[at('received_at')]).toBe(r.value);
        if ('code' in fl) {
          expect(out.values[at('filed_at')]).toBeNull();
          expect(out.flags?.map((x) => x.code)).toEqual([fl.code]);
        } else {
          expect(out.values[at('filed_at')]).toBe(fl.value);
          expect(out.flags).toBeUndefined();
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseDelimited asked for rows without waiting', () => {
  it('hands them out in order, as an async generator would', async () => {
    const it = parseDelimited(chunks(['a\nb', '\nc\n'], { value: false }), 't.csv', ',');
    const got = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(got.map((r) => (r.done ? 'done' : r.value.cells[0]))).toEqual(['a', 'b', 'c', 'done']);
  });
});

// The row loop's fast paths give exactly what the general parsers give: plainValueText against
// parseValue, over real-looking spellings and random text (differential, with fast-check).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fieldOf, KINDS, type Field } from '../src/contract/kinds.js';
import { parseDate, parseDateTime, parseValue } from '../src/ingest/values.js';
import { plainCellReader, plainCellText, plainValueText } from '../src/ingest/values/parse-value.js';
import type { Cell } from '../src/ingest/source.js';

const FIELDS: Field[] = Object.values(KINDS).flatMap((k) => k.fields);

/** parseValue's answer as the loader stores it: the text, null for empty, undefined for a failure. */
function general(raw: Cell, f: Field): string | null | undefined {
  const p = parseValue(raw, f, { date1904: false });
  if (!p.ok) return undefined;
  return p.value === null ? null : String(p.value);
}

const d2 = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
const year = fc.oneof(fc.integer({ min: 1890, max: 2100 }), fc.integer({ min: 0, max: 9999 })).map((n) => String(n).padStart(4, '0'));
const isoDate = fc.tuple(year, d2, d2).map(([y, m, d]) => `${y}-${m}-${d}`);
const isoDateTime = fc.tuple(isoDate, d2, d2, d2, fc.constantFrom(' ', 'T', '  ', '')).map(([d, h, mi, s, sep]) => `${d}${sep}${h}:${mi}:${s}`);
const ids = fc.oneof(
  fc.stringMatching(/^[A-Z]?\d{6,22}$/),
  fc.constantFrom('1e5', '1.5E+17', '="00123456789"', "'0012345678", '016532', '-', 'N/A', 'null', '无', '   12345678901  ', '１２３４５６７８９'),
);
const money = fc.oneof(
  fc.stringMatching(/^-?\d{1,16}(\.\d{1,4})?$/),
  fc.constantFrom('0', '00', '007', '25249', '1234567890123', '12345678901234', '1,234.5', '1.2万', '', ' 5 '),
);
const words = fc.constantFrom(
  '是', '否', 'Y', 'N', 'y', 'yes', 'No', '√', '×', '重大', '一般', '重大案件', '无', '有', '', ' ', '-', '/', '——',
  '刑事', '治安', '刑事案件', '受理', '破案', '查结', '结案', '未破案', '群众报警', '上级交办', '城关派出所', ' 城关派出所 ',
  '电信网络诈骗', '殴打  他人', '盗窃\t', 'ａｂｃ', '0', '1', 'true',
);
const anyText = fc.string({
  unit: fc.constantFrom('0', '1', '2', '9', '-', ':', ' ', '.', '/', 'e', 'E', '+', 'A', '是', '年', '　', '\t', '\n', '\u00a0', '\u200b', '\u2028', '\ufeff', '\u001f', '=', '"', "'", '无'),
  maxLength: 24,
});
const spelling = fc.oneof(isoDate, isoDateTime, ids, money, words, anyText, fc.string({ maxLength: 12 }));

describe('plainValueText (the row loop fast path)', () => {
  it('answers the commonest spellings itself, with the values worked by hand', () => {
    expect(plainValueText('2026-09-30 12:04:00', fieldOf('cases', 'received_at'))).toBe('2026-09-30 12:04:00');
    expect(plainValueText('2026-09-30', fieldOf('cases', 'received_at'))).toBe('2026-09-30 00:00:00');
    expect(plainValueText('2024-02-29', fieldOf('staffing', 'hire_date'))).toBe('2024-02-29');
    expect(plainValueText('B34118251040000000001', fieldOf('cases', 'case_id'))).toBe('B34118251040000000001');
    expect(plainValueText('016532', fieldOf('cases', 'officer'))).toBe('016532');
    expect(plainValueText('25249', fieldOf('cases', 'amount'))).toBe('25249.00');
    expect(plainValueText('1200', fieldOf('stations', 'villages'))).toBe('1200');
    expect(plainCellText(36.5, fieldOf('stations', 'area_km2'))).toBe('36.5');
    expect(plainValueText('0', fieldOf('cases', 'amount'))).toBe('0.00');
    expect(plainValueText('否', fieldOf('cases', 'is_major'))).toBe('false');
    expect(plainValueText('青石镇派出所', fieldOf('cases', 'station'))).toBe('青石镇派出所');
  });

  it('leaves to the general parser what it must not decide', () => {
    expect(plainValueText('2023-02-29', fieldOf('staffing', 'hire_date'))).toBeUndefined(); // no such day: the parser gives the reason
    expect(plainValueText('2026-09-30 24:00:00', fieldOf('cases', 'received_at'))).toBeUndefined();
    expect(plainValueText('1899-12-31', fieldOf('staffing', 'hire_date'))).toBeUndefined();
    expect(plainValueText('2026-09-30 12:04:00', fieldOf('staffing', 'hire_date'))).toBeUndefined(); // a date field drops the time: general path
    expect(plainValueText('1.5E+17', fieldOf('cases', 'case_id'))).toBeUndefined();
    expect(plainValueText('n/a', fieldOf('cases', 'officer'))).toBeUndefined(); // a placeholder: empty, by the general path
    expect(plainValueText('="00123456789"', fieldOf('cases', 'case_id'))).toBeUndefined();
    expect(plainValueText('007', fieldOf('cases', 'amount'))).toBeUndefined();
    expect(plainValueText('012', fieldOf('stations', 'villages'))).toBeUndefined();
    expect(plainValueText('12.50', fieldOf('stations', 'area_km2'))).toBeUndefined(); // the parser gives 12.5
    expect(plainCellText(-3, fieldOf('stations', 'villages'))).toBeUndefined(); // negative: the parser's reason
    expect(plainValueText('12345678901234', fieldOf('cases', 'amount'))).toBeUndefined();
    expect(plainValueText(' 城关派出所', fieldOf('cases', 'station'))).toBeUndefined();
    expect(plainValueText('-', fieldOf('cases', 'station'))).toBeUndefined();
  });

  it('gives exactly what parseValue gives whenever it answers (property, every field of every kind)', () => {
    fc.assert(
      fc.property(spelling, fc.constantFrom(...FIELDS), (raw, f) => {
        // parseValue first: an enum's fast path answers only texts the parser has seen.
        const want = general(raw, f);
        const fast = plainValueText(raw, f);
        if (fast !== undefined) expect(fast).toBe(want);
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees with the dates parsers on every plain ISO spelling, valid or not (property)', () => {
    fc.assert(
      fc.property(fc.oneof(isoDate, isoDateTime), (raw) => {
        const dt = parseDateTime(raw);
        const d = parseDate(raw);
        const fastDt = plainValueText(raw, fieldOf('cases', 'received_at'));
        const fastD = plainValueText(raw, fieldOf('staffing', 'hire_date'));
        if (fastDt !== undefined) expect(dt).toEqual({ ok: true, value: fastDt });
        if (fastD !== undefined) expect(d).toEqual({ ok: true, value: fastD });
        // And it answers every valid one of the two plain shapes.
        if (dt.ok && dt.value === raw) expect(fastDt).toBe(raw);
      }),
      { numRuns: 20000 },
    );
  });

  it('reads Date cells, whole numbers and empty cells as parseValue does (property, every field of every kind)', () => {
    const dates = fc.oneof(
      fc.integer({ min: -2_300_000_000_000, max: 253_402_400_000_000 }).map((ms) => new Date(ms)),
      fc.constantFrom(new Date(NaN), new Date(Date.UTC(1899, 11, 30, 10, 30)), new Date(Date.UTC(1899, 11, 31)), new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 600)), new Date(Date.UTC(2026, 8, 30, 12, 4, 0, 499))),
    );
    const numbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e15, -1e15 + 1, 2 ** 53, 2 ** 53 - 1, 25249, 0.5, NaN, Infinity));
    const cell: fc.Arbitrary<Cell> = fc.oneof(dates, numbers, fc.constant(null), fc.boolean(), spelling);
    fc.assert(
      fc.property(cell, fc.constantFrom(...FIELDS), (raw, f) => {
        const want = general(raw, f);
        const fast = plainCellText(raw, f);
        if (fast !== undefined) expect(fast).toBe(want);
        // The per-column reader the row loop uses.
        const byColumn = plainCellReader(f)(raw);
        if (byColumn !== undefined) expect(byColumn).toBe(want);
      }),
      { numRuns: 30000 },
    );
    // And it answers the xlsx commonest cells itself, worked by hand.
    expect(plainCellText(new Date(Date.UTC(2026, 8, 30, 12, 4, 0)), fieldOf('cases', 'received_at'))).toBe('2026-09-30 12:04:00');
    expect(plainCellText(new Date(Date.UTC(2026, 8, 30, 12, 4, 0)), fieldOf('staffing', 'hire_date'))).toBe('2026-09-30');
    expect(plainCellText(25249, fieldOf('cases', 'amount'))).toBe('25249.00');
    expect(plainCellText(null, fieldOf('cases', 'filed_at'))).toBeNull();
    expect(plainCellText(new Date(Date.UTC(1899, 11, 30, 10, 30)), fieldOf('cases', 'received_at'))).toBeUndefined();
  });
});

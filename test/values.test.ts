import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fieldOf, KINDS, type Field } from '../src/contract/kinds.js';
import {
  parseBool,
  parseDate,
  parseDateTime,
  parseEnum,
  parseId,
  parseInteger,
  parseMoney,
  parseNumber,
  parseQuarter,
  parseText,
  parseValue,
  previousQuarter,
  quarterOf,
  residentIdCheckChar,
  validateResidentId,
  type Parsed,
} from '../src/ingest/values.js';

const EMPTY = { ok: true, value: null };
function okv<T>(value: T): Parsed<T> {
  return { ok: true, value };
}
/** A failure with this English reason (it also carries the reason as a catalog message). */
function bad(reason: string): { ok: false; reason: string } {
  return expect.objectContaining({ ok: false, reason }) as { ok: false; reason: string };
}
/** Reason of a failed parse (the test fails if it parsed). */
function reasonOf(r: Parsed<unknown>): string {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.reason;
}
/** exceljs-style Date: UTC fields carry the wall-clock value. */
function xd(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h, mi, s, ms));
}

describe('parseDate', () => {
  it('accepts every common spelling', () => {
    const spellings = [
      '2026-07-01',
      '2026/7/1',
      '2026/07/01',
      '2026.07.01',
      '2026.7.1',
      '2026-7-1',
      '2026年7月1日',
      '2026年07月01日',
      '2026年7月1号',
      '2026年7月1',
      '20260701',
      ' 2026-07-01 ',
      '\t2026/7/1\n',
      '2026 年 7 月 1 日',
      '２０２６－０７－０１',
      '２０２６年７月１日',
      '２０２６／７／１',
      '　2026-07-01　',
    ];
    for (const s of spellings) expect(parseDate(s), s).toEqual(okv('2026-07-01'));
  });

  it('drops a time of day but still validates it', () => {
    const withTime = [
      '2026-07-01 10:30',
      '2026-07-01 10:30:15',
      '2026-07-01T10:30:00',
      '2026-07-01 10:30:15.250',
      '2026/7/1 8:05',
      '2026-7-1 8:05',
      '2026年7月1日 10时30分',
      '2026年7月1日10时30分15秒',
      '20260701 10:30',
      '20260701103015',
      '202607011030',
      '2026/7/1 下午 3:05',
    ];
    for (const s of withTime) expect(parseDate(s), s).toEqual(okv('2026-07-01'));
    expect(parseDate('2026-07-01 25:00')).toEqual(bad('hour 25 out of range'));
    expect(parseDate('2026-07-01 10:61')).toEqual(bad('minute 61 out of range'));
  });

  it('validates the calendar, leap years included', () => {
    expect(parseDate('2024-02-29')).toEqual(okv('2024-02-29'));
    expect(parseDate('2000-02-29')).toEqual(okv('2000-02-29'));
    expect(parseDate('2026-02-29')).toEqual(bad('day 29 out of range'));
    expect(parseDate('1900-02-29')).toEqual(bad('day 29 out of range'));
    expect(parseDate('2100-02-29')).toEqual(bad('day 29 out of range'));
    expect(parseDate('2026-02-30')).toEqual(bad('day 30 out of range'));
    expect(parseDate('2026-04-31')).toEqual(bad('day 31 out of range'));
    expect(parseDate('2026-13-01')).toEqual(bad('month 13 out of range'));
    expect(parseDate('2026-00-10')).toEqual(bad('month 0 out of range'));
    expect(parseDate('2026-01-00')).toEqual(bad('day 0 out of range'));
    expect(parseDate('2026年13月1日')).toEqual(bad('month 13 out of range'));
    expect(parseDate('20260230')).toEqual(bad('day 30 out of range'));
    expect(parseDate('2026/2/30')).toEqual(bad('day 30 out of range'));
    expect(parseDate('1899-12-31')).toEqual(bad('year out of range'));
    expect(parseDate('2026-12-31')).toEqual(okv('2026-12-31'));
  });

  it('reports a missing day or month', () => {
    expect(parseDate('2026年7月')).toEqual(bad('day missing'));
    expect(parseDate('2026年07月')).toEqual(bad('day missing'));
    expect(parseDate('2026-07')).toEqual(bad('day missing'));
    expect(parseDate('2026/7')).toEqual(bad('day missing'));
    expect(parseDate('202607')).toEqual(bad('day missing'));
    expect(parseDate('2026年')).toEqual(bad('month and day missing'));
    expect(parseDate('2026')).toEqual(bad('month and day missing'));
  });

  it('rejects what is not a date, without echoing it', () => {
    for (const s of ['abc', '7/1/2026', '26-7-1', '2026-07-01abc', '2026-07/01', '2026-07-0110:30', '2026-07-01Z', '1.10105E+17', '2026年7月1日下雨']) {
      expect(parseDate(s), s).toEqual(bad('not a date'));
    }
    expect(parseDate(true)).toEqual(bad('a yes/no value, not a date'));
    expect(parseDate(false)).toEqual(bad('a yes/no value, not a date'));
    expect(parseDate(new Date(NaN))).toEqual(bad('not a date'));
  });

  it('treats blanks and placeholders as empty', () => {
    for (const v of [null, undefined, '', '   ', '\u3000', '-', '—', '/', '无', '--', '——']) expect(parseDate(v as never)).toEqual(EMPTY);
  });

  it('reads Excel serial numbers (1900 system, with its fake 1900-02-29)', () => {
    expect(parseDate(1)).toEqual(okv('1900-01-01'));
    expect(parseDate(2)).toEqual(okv('1900-01-02'));
    expect(parseDate(59)).toEqual(okv('1900-02-28'));
    expect(parseDate(60)).toEqual(bad('Excel serial 60 (1900-02-29) does not exist'));
    expect(parseDate(61)).toEqual(okv('1900-03-01'));
    expect(parseDate(367)).toEqual(okv('1901-01-01'));
    expect(parseDate(25569)).toEqual(okv('1970-01-01'));
    expect(parseDate(36526)).toEqual(okv('2000-01-01'));
    expect(parseDate(45108)).toEqual(okv('2023-07-01'));
    expect(parseDate(45351)).toEqual(okv('2024-02-29'));
    expect(parseDate(46204)).toEqual(okv('2026-07-01'));
    expect(parseDate(46204.75)).toEqual(okv('2026-07-01'));
    expect(parseDate(46204.99999)).toEqual(okv('2026-07-01')); // 23:59:59.1
    // The date is that of the time rounded to the second, as parseDateTime reports it.
    expect(parseDate(46204.999999)).toEqual(okv('2026-07-02')); // 23:59:59.9 → next midnight
    expect(parseDate(2958465)).toEqual(okv('9999-12-31'));
  });

  it('reads Excel serials in the 1904 system', () => {
    const o = { date1904: true };
    expect(parseDate(0, o)).toEqual(okv('1904-01-01'));
    expect(parseDate(1, o)).toEqual(okv('1904-01-02'));
    expect(parseDate(59, o)).toEqual(okv('1904-02-29'));
    expect(parseDate(46204 - 1462, o)).toEqual(okv('2026-07-01'));
    expect(parseDate(45108 - 1462, o)).toEqual(okv('2023-07-01'));
    expect(parseDate('44742', o)).toEqual(okv('2026-07-01'));
    expect(parseDate(-1, o)).toEqual(bad('number out of date range'));
    expect(parseDate(2958465 - 1462, o)).toEqual(okv('9999-12-31'));
    expect(parseDate(2958465, o)).toEqual(bad('number out of date range'));
  });

  it('rejects implausible serials', () => {
    expect(parseDate(0)).toEqual(bad('time without a date'));
    expect(parseDate(0.5)).toEqual(bad('time without a date'));
    expect(parseDate(-5)).toEqual(bad('number out of date range'));
    expect(parseDate(2958466)).toEqual(bad('number out of date range'));
    expect(parseDate(1e12)).toEqual(bad('number out of date range'));
    expect(parseDate(NaN)).toEqual(bad('not a date'));
    expect(parseDate(Infinity)).toEqual(bad('not a date'));
    // A bare year typed as a number is not read as a 1905 serial.
    expect(parseDate(1990)).toEqual(bad('a year without month and day'));
    expect(parseDate(2026)).toEqual(bad('a year without month and day'));
  });

  it('reads a 5-digit numeric string as a serial, an 8-digit one as yyyymmdd', () => {
    expect(parseDate('46204')).toEqual(okv('2026-07-01'));
    expect(parseDate('46204.5')).toEqual(okv('2026-07-01'));
    expect(parseDate(' 45108 ')).toEqual(okv('2023-07-01'));
    expect(parseDate('４６２０４')).toEqual(okv('2026-07-01'));
    expect(parseDate('20260701')).toEqual(okv('2026-07-01'));
    expect(parseDate('19491231')).toEqual(okv('1949-12-31'));
  });

  it('reads exceljs Date objects by their UTC fields', () => {
    expect(parseDate(xd(2026, 7, 1))).toEqual(okv('2026-07-01'));
    expect(parseDate(xd(2026, 7, 1, 23, 59, 59))).toEqual(okv('2026-07-01'));
    expect(parseDate(xd(2024, 2, 29, 8))).toEqual(okv('2024-02-29'));
    expect(parseDate(xd(1949, 10, 1))).toEqual(okv('1949-10-01'));
    expect(parseDate(xd(1899, 12, 30, 10, 30))).toEqual(bad('time without a date'));
    expect(parseDate(xd(1850, 1, 1))).toEqual(bad('year out of range'));
  });
});

describe('parseDateTime', () => {
  it('adds midnight to a plain date', () => {
    for (const s of ['2026-07-01', '2026/7/1', '2026.07.01', '2026年7月1日', '20260701', '２０２６年７月１日']) {
      expect(parseDateTime(s), s).toEqual(okv('2026-07-01 00:00:00'));
    }
  });

  it('reads every time spelling', () => {
    const cases: Array<[string, string]> = [
      ['2026-07-01 10:30', '2026-07-01 10:30:00'],
      ['2026-07-01 10:30:15', '2026-07-01 10:30:15'],
      ['2026-07-01T10:30:00', '2026-07-01 10:30:00'],
      ['2026-07-01T10:30:00.999', '2026-07-01 10:30:00'],
      ['2026-7-1 8:05', '2026-07-01 08:05:00'],
      ['2026/7/1 8:05:09', '2026-07-01 08:05:09'],
      ['2026.07.01 23:59:59', '2026-07-01 23:59:59'],
      ['2026年7月1日 10时30分', '2026-07-01 10:30:00'],
      ['2026年7月1日10时30分15秒', '2026-07-01 10:30:15'],
      ['2026年07月01日 10时', '2026-07-01 10:00:00'],
      ['2026年7月1日 10点30分', '2026-07-01 10:30:00'],
      ['2026年7月1日 10:30', '2026-07-01 10:30:00'],
      ['20260701 10:30', '2026-07-01 10:30:00'],
      ['202607011030', '2026-07-01 10:30:00'],
      ['20260701103015', '2026-07-01 10:30:15'],
      ['２０２６－０７－０１　１０：３０', '2026-07-01 10:30:00'],
      ['  2026-07-01   10:30  ', '2026-07-01 10:30:00'],
      ['2026/7/1 下午 3:05', '2026-07-01 15:05:00'],
      ['2026/7/1 上午 12:05', '2026-07-01 00:05:00'],
      ['2026/7/1 3:05 PM', '2026-07-01 15:05:00'],
      ['2026/7/1 12:00 PM', '2026-07-01 12:00:00'],
      ['2026-07-01 00:00:00', '2026-07-01 00:00:00'],
      ['2026-07-01 23:59:59', '2026-07-01 23:59:59'],
    ];
    for (const [s, want] of cases) expect(parseDateTime(s), s).toEqual(okv(want));
  });

  it('validates the time', () => {
    expect(parseDateTime('2026-07-01 24:00:00')).toEqual(bad('hour 24 out of range'));
    expect(parseDateTime('2026-07-01 10:60')).toEqual(bad('minute 60 out of range'));
    expect(parseDateTime('2026-07-01 10:30:60')).toEqual(bad('second 60 out of range'));
    expect(parseDateTime('2026年7月1日 25时')).toEqual(bad('hour 25 out of range'));
    expect(parseDateTime('20260701253000')).toEqual(bad('hour 25 out of range'));
    expect(parseDateTime('2026/7/1 下午 13:05')).toEqual(bad('hour 13 out of range'));
    expect(parseDateTime('2026-02-30 10:00:00')).toEqual(bad('day 30 out of range'));
    expect(parseDateTime('2026-07-01 10:30:00+08:00')).toEqual(bad('not a date'));
    expect(parseDateTime('2026-07-01 ten')).toEqual(bad('not a date'));
  });

  it('reads the fraction of an Excel serial as the time of day', () => {
    expect(parseDateTime(46204)).toEqual(okv('2026-07-01 00:00:00'));
    expect(parseDateTime(46204.5)).toEqual(okv('2026-07-01 12:00:00'));
    expect(parseDateTime(46204.4375)).toEqual(okv('2026-07-01 10:30:00'));
    expect(parseDateTime(46204 + (10 * 3600 + 30 * 60 + 15) / 86400)).toEqual(okv('2026-07-01 10:30:15'));
    expect(parseDateTime(46204.99999)).toEqual(okv('2026-07-01 23:59:59'));
    expect(parseDateTime(46204.999999999)).toEqual(okv('2026-07-02 00:00:00'));
    expect(parseDateTime('46204.75')).toEqual(okv('2026-07-01 18:00:00'));
    expect(parseDateTime(61.25)).toEqual(okv('1900-03-01 06:00:00'));
    expect(parseDateTime(0.5, { date1904: true })).toEqual(okv('1904-01-01 12:00:00'));
    expect(parseDateTime(44742.5, { date1904: true })).toEqual(okv('2026-07-01 12:00:00'));
  });

  it('reads exceljs Date objects, rounding milliseconds', () => {
    expect(parseDateTime(xd(2026, 7, 1, 10, 30, 15))).toEqual(okv('2026-07-01 10:30:15'));
    expect(parseDateTime(xd(2026, 7, 1, 10, 29, 59, 999))).toEqual(okv('2026-07-01 10:30:00'));
    expect(parseDateTime(xd(2026, 7, 1))).toEqual(okv('2026-07-01 00:00:00'));
    expect(parseDateTime(xd(2026, 12, 31, 23, 59, 59))).toEqual(okv('2026-12-31 23:59:59'));
  });

  it('treats blanks as empty and booleans as errors', () => {
    expect(parseDateTime(null)).toEqual(EMPTY);
    expect(parseDateTime(' ')).toEqual(EMPTY);
    expect(parseDateTime('-')).toEqual(EMPTY);
    expect(parseDateTime(true)).toEqual(bad('a yes/no value, not a date'));
    expect(parseDateTime('2026年7月')).toEqual(bad('day missing'));
  });
});

describe('parseNumber', () => {
  it('reads plain numbers and numeric text', () => {
    expect(parseNumber(42)).toEqual(okv(42));
    expect(parseNumber(3.25)).toEqual(okv(3.25));
    expect(parseNumber(-0)).toEqual(okv(0));
    expect(Object.is((parseNumber(-0) as { value: number }).value, 0)).toBe(true);
    expect(parseNumber('42')).toEqual(okv(42));
    expect(parseNumber('007')).toEqual(okv(7));
    expect(parseNumber('3.25')).toEqual(okv(3.25));
    expect(parseNumber('-3.5')).toEqual(okv(-3.5));
    expect(parseNumber('+12')).toEqual(okv(12));
    expect(parseNumber('.5')).toEqual(okv(0.5));
    expect(parseNumber('12.')).toEqual(okv(12));
    expect(parseNumber('  12  ')).toEqual(okv(12));
    expect(parseNumber('1.5e3')).toEqual(okv(1500));
    expect(parseNumber('0')).toEqual(okv(0));
  });

  it('reads thousands separators, full-width forms and spaces', () => {
    expect(parseNumber('1,234')).toEqual(okv(1234));
    expect(parseNumber('1,234,567.89')).toEqual(okv(1234567.89));
    expect(parseNumber('１２,３４５')).toEqual(okv(12345));
    expect(parseNumber('１２，３４５')).toEqual(okv(12345));
    expect(parseNumber('１２３４５')).toEqual(okv(12345));
    expect(parseNumber('１２．５')).toEqual(okv(12.5));
    expect(parseNumber('－１２')).toEqual(okv(-12));
    expect(parseNumber('\u221212')).toEqual(okv(-12));
    expect(parseNumber('＋１２')).toEqual(okv(12));
    expect(parseNumber('12 345')).toEqual(okv(12345));
    expect(parseNumber('- 12')).toEqual(okv(-12));
    expect(parseNumber('\u300012\u3000')).toEqual(okv(12));
    expect(parseNumber('12\u00a0')).toEqual(okv(12));
  });

  it('drops a trailing unit word', () => {
    const cases: Array<[string, number]> = [
      ['12人', 12], ['12 人', 12], ['3名', 3], ['5个', 5], ['7件', 7], ['2起', 2], ['4次', 4],
      ['1.5小时', 1.5], ['300元', 300], ['12.5平方公里', 12.5], ['1,200人', 1200], ['１２人', 12],
      ['8人次', 8], ['12.5km2', 12.5], ['12.5 km²', 12.5],
    ];
    for (const [s, n] of cases) expect(parseNumber(s), s).toEqual(okv(n));
  });

  it('refuses 万 and 亿 rather than guessing the magnitude', () => {
    expect(parseNumber('1.2万')).toEqual(bad('uses 万; give the full number'));
    expect(parseNumber('3万人')).toEqual(bad('uses 万; give the full number'));
    expect(parseNumber('5万元')).toEqual(bad('uses 万; give the full number'));
    expect(parseNumber('1亿')).toEqual(bad('uses 亿; give the full number'));
  });

  it('rejects what is not a number', () => {
    for (const s of ['1.2.3', 'abc', '12a', 'a12', '1,2', '12,34', '1,2345', ',123', '12%', '人', 'e5', '.', '+', '-', '--5', '1 2', '0x10', 'Infinity', 'NaN', '1e999', '12天']) {
      const r = parseNumber(s);
      if (s === '-' ) expect(r, s).toEqual(EMPTY);
      else expect(r, s).toEqual(bad('not a number'));
    }
    expect(parseNumber(NaN)).toEqual(bad('not a number'));
    expect(parseNumber(Infinity)).toEqual(bad('not a number'));
    expect(parseNumber(-Infinity)).toEqual(bad('not a number'));
    expect(parseNumber(true)).toEqual(bad('a yes/no value, not a number'));
    expect(parseNumber(xd(2026, 7, 1))).toEqual(bad('a date, not a number'));
  });

  it('treats blanks and placeholders as empty', () => {
    for (const v of [null, undefined, '', '  ', '-', '—', '/', '无', '暂无', 'N/A', '－']) expect(parseNumber(v as never), String(v)).toEqual(EMPTY);
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers in any spelling', () => {
    expect(parseInteger(12)).toEqual(okv(12));
    expect(parseInteger(12.0)).toEqual(okv(12));
    expect(parseInteger('12')).toEqual(okv(12));
    expect(parseInteger('12.0')).toEqual(okv(12));
    expect(parseInteger('12.00')).toEqual(okv(12));
    expect(parseInteger('１２,３４５')).toEqual(okv(12345));
    expect(parseInteger('12人')).toEqual(okv(12));
    expect(parseInteger('-3')).toEqual(okv(-3));
    expect(parseInteger('0')).toEqual(okv(0));
  });

  it('rejects fractions and unsafe magnitudes', () => {
    expect(parseInteger('12.5')).toEqual(bad('not a whole number'));
    expect(parseInteger(12.5)).toEqual(bad('not a whole number'));
    expect(parseInteger('0.1')).toEqual(bad('not a whole number'));
    expect(parseInteger(2 ** 60)).toEqual(bad('number too large'));
    expect(parseInteger('abc')).toEqual(bad('not a number'));
    expect(parseInteger('2万')).toEqual(bad('uses 万; give the full number'));
  });

  it('passes empty through', () => {
    expect(parseInteger(null)).toEqual(EMPTY);
    expect(parseInteger('')).toEqual(EMPTY);
    expect(parseInteger('-')).toEqual(EMPTY);
  });
});

describe('parseMoney', () => {
  it('gives exactly two decimals', () => {
    const cases: Array<[string | number, string]> = [
      ['1,234.5', '1234.50'],
      ['1234', '1234.00'],
      ['0', '0.00'],
      ['0.5', '0.50'],
      ['.5', '0.50'],
      ['12.34', '12.34'],
      ['1,234,567.89', '1234567.89'],
      ['１２，３４５．６', '12345.60'],
      ['¥1,200', '1200.00'],
      ['￥1,200', '1200.00'],
      ['1200元', '1200.00'],
      ['+5', '5.00'],
      ['-12.5', '-12.50'],
      ['0012.5', '12.50'],
      ['1.5e3', '1500.00'],
      ['1e-3', '0.00'],
      ['5e-3', '0.01'],
      [1234.5, '1234.50'],
      [1234, '1234.00'],
      [0, '0.00'],
      [-0, '0.00'],
      [0.1 + 0.2, '0.30'],
      [1.005, '1.01'],
      [1e-7, '0.00'],
      [123456789.12, '123456789.12'],
      [1e15, '1000000000000000.00'],
    ];
    for (const [v, want] of cases) expect(parseMoney(v), String(v)).toEqual(okv(want));
  });

  it('rounds half away from zero on the decimal digits', () => {
    const cases: Array<[string, string]> = [
      ['1.005', '1.01'],
      ['1.004', '1.00'],
      ['1.0049999', '1.00'],
      ['2.675', '2.68'],
      ['0.125', '0.13'],
      ['0.135', '0.14'],
      ['-1.005', '-1.01'],
      ['-2.675', '-2.68'],
      ['-0.004', '0.00'],
      ['9.995', '10.00'],
      ['99.999', '100.00'],
      ['0.994', '0.99'],
      ['1234.5678', '1234.57'],
      ['1,234.565', '1234.57'],
      ['9999999999999.995', '10000000000000.00'],
      ['9999999999999999.99', '9999999999999999.99'],
      ['1234567890123456.785', '1234567890123456.79'],
    ];
    for (const [v, want] of cases) expect(parseMoney(v), v).toEqual(okv(want));
  });

  it('rejects bad amounts', () => {
    expect(parseMoney('abc')).toEqual(bad('not a number'));
    expect(parseMoney('1.2.3')).toEqual(bad('not a number'));
    expect(parseMoney('3万元')).toEqual(bad('uses 万; give the full number'));
    expect(parseMoney('12345678901234567')).toEqual(bad('amount too large'));
    expect(parseMoney('9999999999999999.995')).toEqual(bad('amount too large'));
    expect(parseMoney(1e21)).toEqual(bad('amount too large'));
    expect(parseMoney(NaN)).toEqual(bad('not a number'));
    expect(parseMoney(true)).toEqual(bad('a yes/no value, not a number'));
    expect(parseMoney(xd(2026, 7, 1))).toEqual(bad('a date, not a number'));
  });

  it('treats blanks as empty', () => {
    for (const v of [null, undefined, '', ' ', '-', '无', '/']) expect(parseMoney(v as never)).toEqual(EMPTY);
  });
});

describe('parseBool', () => {
  it('reads yes', () => {
    for (const v of ['是', '有', 'Y', 'y', 'yes', 'YES', 'true', 'TRUE', '1', '√', '✓', ' 是 ', '是\u3000', 'Ｙ', '１',
      '基本级', '中级', '高级', '基本级执法资格', '高级执法资格', '重大', '重特大', '特大', '特别重大', '已取得', '已取得执法资格', '重大案件']) {
      expect(parseBool(v), v).toEqual(okv(true));
    }
    expect(parseBool(true)).toEqual(okv(true));
    expect(parseBool(1)).toEqual(okv(true));
  });

  it('reads no, 无 included', () => {
    for (const v of ['否', '无', 'N', 'n', 'no', 'No', 'false', 'FALSE', '0', '×', '一般', '较大', '未取得', '未取得执法资格', '一般案件', '０']) {
      expect(parseBool(v), v).toEqual(okv(false));
    }
    expect(parseBool(false)).toEqual(okv(false));
    expect(parseBool(0)).toEqual(okv(false));
  });

  it('rejects anything else', () => {
    for (const v of ['也许', '是否', 'abc', '2', '无级', 'maybe']) expect(parseBool(v), v).toEqual(bad('not yes/no'));
    expect(parseBool(2)).toEqual(bad('not yes/no'));
    expect(parseBool(0.5)).toEqual(bad('not yes/no'));
    expect(parseBool(xd(2026, 7, 1))).toEqual(bad('not yes/no'));
  });

  it('treats blanks and dash placeholders as empty', () => {
    for (const v of [null, undefined, '', '  ', '-', '—', '/']) expect(parseBool(v as never)).toEqual(EMPTY);
  });
});

describe('parseEnum', () => {
  const caseType = fieldOf('cases', 'case_type');
  const unitKind = fieldOf('stations', 'unit_kind');
  const source = fieldOf('cases', 'source');
  const caseStatus = fieldOf('cases', 'status');
  const satisfaction = fieldOf('petitions', 'satisfaction');
  const indicator = fieldOf('ledger', 'indicator');
  const result = fieldOf('findings', 'result');

  it('matches aliases and codes exactly, tolerant of case, spacing and width', () => {
    expect(parseEnum('刑事', caseType)).toEqual(okv('criminal'));
    expect(parseEnum('治安', caseType)).toEqual(okv('public_security'));
    expect(parseEnum('行政', caseType)).toEqual(okv('public_security'));
    expect(parseEnum('criminal', caseType)).toEqual(okv('criminal'));
    expect(parseEnum('Criminal', caseType)).toEqual(okv('criminal'));
    expect(parseEnum(' PUBLIC_SECURITY ', caseType)).toEqual(okv('public_security'));
    expect(parseEnum('刑 事', caseType)).toEqual(okv('criminal'));
    expect(parseEnum('派出所', unitKind)).toEqual(okv('station'));
    expect(parseEnum('看守所', unitKind)).toEqual(okv('detention'));
    expect(parseEnum('交巡警', unitKind)).toEqual(okv('traffic'));
    expect(parseEnum('基本满意', satisfaction)).toEqual(okv('basically'));
    expect(parseEnum('不满意', satisfaction)).toEqual(okv('dissatisfied'));
    expect(parseEnum('满意', satisfaction)).toEqual(okv('satisfied'));
    expect(parseEnum('不合格', result)).toEqual(okv('defect'));
    expect(parseEnum('PASS', result)).toEqual(okv('pass'));
    expect(parseEnum('不予立案', caseStatus)).toEqual(okv('not_filed'));
    expect(parseEnum(110, source)).toEqual(okv('public_report'));
    expect(parseEnum('１１０', source)).toEqual(okv('public_report'));
  });

  it('falls back to the longest contained alias', () => {
    expect(parseEnum('刑事案件', caseType)).toEqual(okv('criminal'));
    expect(parseEnum('治安案件', caseType)).toEqual(okv('public_security'));
    expect(parseEnum('行政(治安)案件', caseType)).toEqual(okv('public_security'));
    expect(parseEnum('城关派出所', unitKind)).toEqual(okv('station'));
    expect(parseEnum('刑侦大队', unitKind)).toEqual(okv('specialist'));
    expect(parseEnum('治安管理大队', unitKind)).toEqual(okv('specialist'));
    expect(parseEnum('县看守所', unitKind)).toEqual(okv('detention'));
    expect(parseEnum('交警大队', unitKind)).toEqual(okv('traffic'));
    expect(parseEnum('交巡警大队', unitKind)).toEqual(okv('traffic'));
    expect(parseEnum('局机关', unitKind)).toEqual(okv('hq'));
    expect(parseEnum('群众报警(110)', source)).toEqual(okv('public_report'));
    expect(parseEnum('群众报警（110）', source)).toEqual(okv('public_report'));
    expect(parseEnum('110报警', source)).toEqual(okv('public_report'));
    expect(parseEnum('上级交办件', source)).toEqual(okv('referral'));
    expect(parseEnum('决定不予立案', caseStatus)).toEqual(okv('not_filed'));
    expect(parseEnum('已结案', caseStatus)).toEqual(okv('closed'));
    expect(parseEnum('很不满意', satisfaction)).toEqual(okv('dissatisfied'));
    expect(parseEnum('非常满意', satisfaction)).toEqual(okv('satisfied'));
  });

  it('fails on ties between codes and on negated matches', () => {
    expect(parseEnum('刑事治安', caseType)).toEqual(bad('ambiguous; matches both 刑事 and 治安'));
    expect(parseEnum('派出所警务室', unitKind)).toEqual(bad('ambiguous; matches both 派出所 and 警务室'));
    expect(reasonOf(parseEnum('未破案', caseStatus))).toMatch(/^unknown value; expected one of: /);
    expect(reasonOf(parseEnum('不太满意', satisfaction))).toMatch(/^unknown value; expected one of: /);
  });

  it('lists the expected values when nothing matches', () => {
    expect(parseEnum('民事', caseType)).toEqual(bad('unknown value; expected one of: 刑事, 治安'));
    expect(parseEnum('哨所', unitKind)).toEqual(bad('unknown value; expected one of: 派出所, 警务室, 机关, 刑侦, 交警, 看守所'));
    expect(parseEnum(true, caseType)).toEqual(bad('unknown value; expected one of: 刑事, 治安'));
  });

  it('keeps unmatched values of an open enum as written', () => {
    expect(parseEnum('刑事案件受理数', indicator)).toEqual(okv('criminal_cases_received'));
    expect(parseEnum(' 盗窃案件  受理数 ', indicator)).toEqual(okv('盗窃案件 受理数'));
  });

  it('treats blanks and placeholders as empty', () => {
    for (const v of [null, undefined, '', '  ', '-', '/', '无', '—']) expect(parseEnum(v as never, caseType)).toEqual(EMPTY);
  });

  it('flags a spelling shared by two codes', () => {
    const f: Field = { name: 'x', type: 'enum', aliases: [], codes: { a: ['同'], b: ['同'] } };
    expect(parseEnum('同', f)).toEqual(bad('ambiguous value; matches more than one code'));
  });

  it('builds one table per field (new Field objects get their own)', () => {
    const f1: Field = { name: 'x', type: 'enum', aliases: [], codes: { a: ['甲'] } };
    const f2: Field = { name: 'x', type: 'enum', aliases: [], codes: { b: ['甲'] } };
    expect(parseEnum('甲', f1)).toEqual(okv('a'));
    expect(parseEnum('甲', f2)).toEqual(okv('b'));
    expect(parseEnum('甲', f1)).toEqual(okv('a'));
  });

  it('maps every alias of every enum field in the contract onto its own code', () => {
    for (const kind of Object.values(KINDS)) {
      for (const f of kind.fields) {
        if (f.type !== 'enum') continue;
        for (const [code, aliases] of Object.entries(f.codes ?? {})) {
          expect(parseEnum(code, f), `${kind.name}.${f.name} ${code}`).toEqual(okv(code));
          for (const a of aliases) expect(parseEnum(a, f), `${kind.name}.${f.name} ${a}`).toEqual(okv(code));
        }
      }
    }
  });
});

describe('parseId', () => {
  const LOST = 'stored as a number and lost digits; format the column as text in the source';

  it('keeps identifiers as text, leading zeros intact', () => {
    expect(parseId('001234')).toEqual(okv('001234'));
    expect(parseId('A3301022026070001')).toEqual(okv('A3301022026070001'));
    expect(parseId('2026-001')).toEqual(okv('2026-001'));
    expect(parseId(' 001234 ')).toEqual(okv('001234'));
    expect(parseId('0012 34')).toEqual(okv('001234'));
    expect(parseId('１１０１０５１９４９１２３１００２Ｘ')).toEqual(okv('11010519491231002X'));
    expect(parseId('ａｂｃ１２３')).toEqual(okv('abc123'));
    expect(parseId("'001234")).toEqual(okv('001234'));
    expect(parseId("'11010519491231002X")).toEqual(okv('11010519491231002X'));
    expect(parseId('\t11010519491231002X')).toEqual(okv('11010519491231002X'));
    expect(parseId('="001234"')).toEqual(okv('001234'));
    expect(parseId('138 0013 8000')).toEqual(okv('13800138000'));
  });

  it('accepts numbers that are exact integers', () => {
    expect(parseId(1234)).toEqual(okv('1234'));
    expect(parseId(13800138000)).toEqual(okv('13800138000'));
    expect(parseId(110105491231002)).toEqual(okv('110105491231002'));
    expect(parseId(Number.MAX_SAFE_INTEGER)).toEqual(okv('9007199254740991'));
  });

  it('refuses numbers that lost digits', () => {
    expect(parseId(110105199001011234)).toEqual(bad(LOST));
    expect(parseId(1.10105199001011e17)).toEqual(bad(LOST));
    expect(parseId(12.5)).toEqual(bad(LOST));
    expect(parseId(2 ** 53)).toEqual(bad(LOST));
    expect(parseId('1.10105E+17')).toEqual(bad(LOST));
    expect(parseId('1.10105e17')).toEqual(bad(LOST));
    expect(parseId(' 1.10105E+17 ')).toEqual(bad(LOST));
    expect(parseId('１．１０１０５Ｅ＋１７')).toEqual(bad(LOST));
  });

  it('rejects other cell types and treats blanks as empty', () => {
    expect(parseId(true)).toEqual(bad('a yes/no value, not an identifier'));
    expect(parseId(xd(2026, 7, 1))).toEqual(bad('a date, not an identifier'));
    for (const v of [null, undefined, '', '   ', "'", '-', '无', '/', '—']) expect(parseId(v as never), String(v)).toEqual(EMPTY);
  });
});

describe('parseText', () => {
  it('cleans strings', () => {
    expect(parseText('城关派出所')).toEqual(okv('城关派出所'));
    expect(parseText('  城关  派出所 ')).toEqual(okv('城关 派出所'));
    expect(parseText('\u3000城关派出所\u3000')).toEqual(okv('城关派出所'));
    expect(parseText('社区\n民警')).toEqual(okv('社区 民警'));
    expect(parseText('a\tb')).toEqual(okv('a b'));
    expect(parseText('所长')).toEqual(okv('所长'));
    expect(parseText('0')).toEqual(okv('0'));
  });

  it('renders numbers, dates and booleans', () => {
    expect(parseText(12)).toEqual(okv('12'));
    expect(parseText(12.0)).toEqual(okv('12'));
    expect(parseText(12.5)).toEqual(okv('12.5'));
    expect(parseText(-0)).toEqual(okv('0'));
    expect(parseText(xd(2026, 7, 1))).toEqual(okv('2026-07-01'));
    expect(parseText(xd(2026, 7, 1, 10, 30))).toEqual(okv('2026-07-01 10:30:00'));
    expect(parseText(true)).toEqual(okv('是'));
    expect(parseText(false)).toEqual(okv('否'));
    expect(parseText(NaN)).toEqual(bad('not a number'));
  });

  it('treats blanks and placeholders as empty', () => {
    for (const v of [null, undefined, '', '   ', '\u3000', '-', ' - ', '—', '/', '无', '暂无']) expect(parseText(v as never), String(v)).toEqual(EMPTY);
  });
});

describe('residentIdCheckChar / validateResidentId', () => {
  const today = { today: '2026-07-01' };

  it('computes the MOD 11-2 check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44030519900307123')).toBe('6'); // Σ digit × weight = 248; 248 mod 11 = 6 → '10X98765432'[6] = '6'
    expect(() => residentIdCheckChar('1234')).toThrow(RangeError);
  });

  it('accepts valid 18-digit IDs', () => {
    expect(validateResidentId('11010519491231002X')).toEqual({ valid: true });
    expect(validateResidentId('11010519491231002x')).toEqual({ valid: true });
    for (const first17 of ['44030519900307123', '33010220010101001', '51010719560615888', '11010520000229005']) {
      const id = first17 + residentIdCheckChar(first17);
      expect(validateResidentId(id, today), id).toEqual({ valid: true });
    }
  });

  it('rejects a wrong check character', () => {
    expect(validateResidentId('110105194912310020')).toEqual({ valid: false, reason: 'bad check digit' });
    expect(validateResidentId('110105194912310021')).toEqual({ valid: false, reason: 'bad check digit' });
    const first17 = '44030519900307123';
    const good = residentIdCheckChar(first17);
    const wrong = good === '0' ? '1' : '0';
    expect(validateResidentId(first17 + wrong)).toEqual({ valid: false, reason: 'bad check digit' });
    // a single-digit typo is caught
    expect(validateResidentId('11010519491231003X')).toEqual({ valid: false, reason: 'bad check digit' });
  });

  it('rejects a bad embedded birth date', () => {
    const withCheck = (first17: string): string => first17 + residentIdCheckChar(first17);
    expect(validateResidentId(withCheck('11010519491331002'), today)).toEqual({ valid: false, reason: 'bad birth date' });
    expect(validateResidentId(withCheck('11010520010229002'), today)).toEqual({ valid: false, reason: 'bad birth date' });
    expect(validateResidentId(withCheck('11010518991231002'), today)).toEqual({ valid: false, reason: 'bad birth date' });
    expect(validateResidentId(withCheck('11010520260702002'), today)).toEqual({ valid: false, reason: 'bad birth date' });
    expect(validateResidentId(withCheck('11010520260701002'), today)).toEqual({ valid: true });
    expect(validateResidentId(withCheck('11010530000101002'))).toEqual({ valid: false, reason: 'bad birth date' });
  });

  it('handles the old 15-digit form', () => {
    expect(validateResidentId('110105491231002')).toEqual({ valid: true });
    expect(validateResidentId('110105000101002')).toEqual({ valid: true }); // 1900-01-01
    expect(validateResidentId('110105000229002')).toEqual({ valid: false, reason: 'bad birth date' }); // 1900 is not a leap year
  });

  it('rejects wrong lengths and characters, never echoing the number', () => {
    expect(validateResidentId('')).toEqual({ valid: false, reason: 'wrong length' });
    expect(validateResidentId('1101051949123100')).toEqual({ valid: false, reason: 'wrong length' });
    expect(validateResidentId('11010519491231002X1')).toEqual({ valid: false, reason: 'wrong length' });
    expect(validateResidentId('1101051949123100XX')).toEqual({ valid: false, reason: 'not digits' });
    expect(validateResidentId('11010549123100X')).toEqual({ valid: false, reason: 'not digits' });
    expect(validateResidentId('110105491331002')).toEqual({ valid: false, reason: 'bad birth date' });
    for (const s of ['110105194912310020', '110105491331002', '123']) {
      const r = validateResidentId(s);
      expect(r.reason ?? '').not.toContain(s);
    }
  });
});

describe('parseQuarter / quarterOf / previousQuarter', () => {
  const q3 = { year: 2026, q: 3, label: '2026Q3', start: '2026-07-01', end: '2026-09-30' };

  it('accepts every spelling', () => {
    for (const s of ['2026Q3', '2026q3', '2026-Q3', '2026-q3', '2026 Q3', '2026_Q3', '2026/Q3', '2026.Q3', '2026年Q3',
      '2026年第三季度', '2026年第3季度', '2026年3季度', '2026年三季度', '2026年第三季', '2026第三季度', '2026年度第三季度',
      '２０２６Ｑ３', '２０２６年第３季度', ' 2026 年 第 三 季度 ', '2026\u3000Q3']) {
      expect(parseQuarter(s), s).toEqual(q3);
    }
  });

  it('gives each quarter its inclusive bounds', () => {
    expect(parseQuarter('2026Q1')).toEqual({ year: 2026, q: 1, label: '2026Q1', start: '2026-01-01', end: '2026-03-31' });
    expect(parseQuarter('2026年第二季度')).toEqual({ year: 2026, q: 2, label: '2026Q2', start: '2026-04-01', end: '2026-06-30' });
    expect(parseQuarter('2026年四季度')).toEqual({ year: 2026, q: 4, label: '2026Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(parseQuarter('2024年第一季度')?.end).toBe('2024-03-31');
  });

  it('rejects non-quarters', () => {
    for (const s of ['2026Q5', '2026Q0', '2026年第五季度', 'Q3', '2026', '2026-07', '26Q3', '2026Q3x', '', '第三季度', '1850Q1']) {
      expect(parseQuarter(s), s).toBeNull();
    }
  });

  it('quarterOf maps a date to its quarter', () => {
    expect(quarterOf('2026-01-01')).toBe('2026Q1');
    expect(quarterOf('2026-03-31')).toBe('2026Q1');
    expect(quarterOf('2026-04-01')).toBe('2026Q2');
    expect(quarterOf('2026-06-30')).toBe('2026Q2');
    expect(quarterOf('2026-07-01')).toBe('2026Q3');
    expect(quarterOf('2026-09-30')).toBe('2026Q3');
    expect(quarterOf('2026-10-01')).toBe('2026Q4');
    expect(quarterOf('2026-12-31')).toBe('2026Q4');
    expect(quarterOf('2026-08-15 10:30:00')).toBe('2026Q3');
    expect(() => quarterOf('2026/7/1')).toThrow(RangeError);
    expect(() => quarterOf('2026-13-01')).toThrow(RangeError);
  });

  it('previousQuarter steps back across years', () => {
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
    expect(previousQuarter('2026Q2')).toBe('2026Q1');
    expect(previousQuarter('2026Q1')).toBe('2025Q4');
    expect(previousQuarter('2026Q4')).toBe('2026Q3');
    expect(previousQuarter('2026年第一季度')).toBe('2025Q4');
    expect(() => previousQuarter('nope')).toThrow(RangeError);
  });
});

describe('parseValue', () => {
  const f = (kind: keyof typeof KINDS, name: string): Field => fieldOf(kind, name);

  it('dispatches on the field type', () => {
    expect(parseValue(' A001 ', f('cases', 'case_id'), {})).toEqual(okv('A001'));
    expect(parseValue(' 城关  派出所 ', f('stations', 'station_name'), {})).toEqual(okv('城关 派出所'));
    expect(parseValue('1,234人', f('stations', 'population_resident'), {})).toEqual(okv(1234));
    expect(parseValue('12.5', f('stations', 'area_km2'), {})).toEqual(okv(12.5));
    expect(parseValue('1,234.5', f('cases', 'amount'), {})).toEqual(okv('1234.50'));
    expect(parseValue('2026年7月1日', f('ledger', 'date'), {})).toEqual(okv('2026-07-01'));
    expect(parseValue('2026/7/1 8:05', f('cases', 'received_at'), {})).toEqual(okv('2026-07-01 08:05:00'));
    expect(parseValue('基本级', f('staffing', 'law_enforcement_qualified'), {})).toEqual(okv(true));
    expect(parseValue('无', f('staffing', 'law_enforcement_qualified'), {})).toEqual(okv(false));
    expect(parseValue('刑事案件', f('cases', 'case_type'), {})).toEqual(okv('criminal'));
    expect(parseValue(44742, f('ledger', 'date'), { date1904: true })).toEqual(okv('2026-07-01'));
    expect(parseValue(46204, f('ledger', 'date'), {})).toEqual(okv('2026-07-01'));
  });

  it('rejects negative counts and measures, not negative money', () => {
    expect(parseValue('-3', f('stations', 'villages'), {})).toEqual(bad('negative value'));
    expect(parseValue(-3, f('headcount', 'sworn'), {})).toEqual(bad('negative value'));
    expect(parseValue('-1.5', f('ledger', 'hours'), {})).toEqual(bad('negative value'));
    expect(parseValue('0', f('ledger', 'hours'), {})).toEqual(okv(0));
    expect(parseValue('-0', f('stations', 'villages'), {})).toEqual(okv(0));
    expect(parseValue('-12.5', f('cases', 'amount'), {})).toEqual(okv('-12.50'));
  });

  it('passes failures and empties through', () => {
    expect(parseValue('12.5', f('stations', 'villages'), {})).toEqual(bad('not a whole number'));
    expect(parseValue('2026-02-30', f('ledger', 'date'), {})).toEqual(bad('day 30 out of range'));
    expect(parseValue('-', f('stations', 'villages'), {})).toEqual(EMPTY);
    expect(parseValue(null, f('cases', 'case_type'), {})).toEqual(EMPTY);
    expect(parseValue('', f('cases', 'amount'), {})).toEqual(EMPTY);
    expect(parseValue('无', f('staffing', 'person_id'), {})).toEqual(EMPTY);
  });

  it('handles every field of every kind without throwing', () => {
    const samples = [null, '', 'x', '1', 1, -1, 0.5, true, xd(2026, 7, 1), '2026-07-01', '无', '-', 'NaN', 1e30];
    for (const kind of Object.values(KINDS)) {
      for (const field of kind.fields) {
        for (const v of samples) {
          const r = parseValue(v as never, field, {});
          expect(typeof r.ok).toBe('boolean');
        }
      }
    }
  });
});

describe('properties (fast-check)', () => {
  it('no parser throws, whatever the cell', () => {
    const fields = Object.values(KINDS).flatMap((k) => k.fields);
    const cell = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.stringMatching(/^[0-9０-９年月日时分秒:\-/. T上下午]{0,24}$/),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.date({ noInvalidDate: false }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(cell, fc.boolean(), (v, d1904) => {
        for (const f of fields) parseValue(v, f, { date1904: d1904 });
        if (typeof v === 'string') {
          parseQuarter(v);
          validateResidentId(v);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('parseMoney matches exact decimal rounding of random amounts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.stringMatching(/^[0-9]{0,6}$/), fc.boolean(), (int, frac, neg) => {
        const text = (neg ? '-' : '') + int.toString() + (frac ? '.' + frac : '');
        // reference: scale to 10^-6, round half away from zero to cents
        const micros = int * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
        let cents = micros / 10_000n;
        if (micros % 10_000n >= 5_000n) cents += 1n;
        const s = cents.toString().padStart(3, '0');
        const want = (neg && cents !== 0n ? '-' : '') + s.slice(0, -2) + '.' + s.slice(-2);
        expect(parseMoney(text)).toEqual(okv(want));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseDateTime round-trips every serial minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 80000 }), fc.integer({ min: 0, max: 1439 }), (day, minute) => {
        // A whole number from 1900 to 2100 is read as a bare year and refused on purpose (a 年份 column
        // mapped as a date), never as serial day 1900 = 1905-03-14: that case has its own test.
        fc.pre(!(minute === 0 && day >= 1900 && day <= 2100));
        const r = parseDateTime(day + minute / 1440);
        expect(r.ok).toBe(true);
        const v = (r as { value: string }).value;
        const js = new Date(Date.UTC(1899, 11, 30) + day * 86400000 + minute * 60000).toISOString();
        expect(v).toBe(js.slice(0, 10) + ' ' + js.slice(11, 19));
        expect(parseDateTime(v)).toEqual(okv(v));
        expect(parseDate(v.replace(/-/g, '/'))).toEqual(okv(v.slice(0, 10)));
      }),
      { numRuns: 2000 },
    );
  });
});

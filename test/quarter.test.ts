// The one quarter resolver (src/quarter.ts): spellings, refusals as catalog codes, ranges, and the
// latest quarter with data of a real workspace.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  latestQuarterOf, latestQuarterWithData, parseQuarter, parseQuarterOrThrow, parseQuarterRange, previousQuarter,
  quarterOf, quarterRange, quarterSql, quartersWithData, resolveQuarter,
} from '../src/quarter.js';
import { UserError, EXIT } from '../src/errors.js';
import { say } from '../src/i18n/message.js';
import { initWorkspace, openWorkspace, type Workspace } from '../src/workspace.js';
import { tmp } from './helpers.js';

/** The UserError a call throws (fails the test when it throws nothing or something else). */
function refusal(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
async function refusalOf(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('parseQuarter: every spelling either resolver accepted', () => {
  const q3 = { year: 2026, q: 3, label: '2026Q3', start: '2026-07-01', end: '2026-09-30' };
  it.each([
    '2026Q3', '2026q3', '2026-Q3', '2026-q3', '2026 Q3', '2026_Q3', '2026/Q3', '2026.Q3', '2026年Q3',
    '2026年第三季度', '2026年第3季度', '2026年3季度', '2026年三季度', '2026第三季度', '2026年度第三季度', '２０２６Ｑ３',
  ])('%s → 2026Q3', (s) => {
    expect(parseQuarter(s)).toEqual(q3);
    expect(parseQuarterOrThrow(s)).toEqual(q3);
  });

  it('gives each quarter its exact bounds, leap year or not', () => {
    expect(parseQuarter('2024Q1')).toEqual({ year: 2024, q: 1, label: '2024Q1', start: '2024-01-01', end: '2024-03-31' });
    expect(parseQuarter('2025q2')).toEqual({ year: 2025, q: 2, label: '2025Q2', start: '2025-04-01', end: '2025-06-30' });
    expect(parseQuarter('2025-Q4')).toEqual({ year: 2025, q: 4, label: '2025Q4', start: '2025-10-01', end: '2025-12-31' });
  });
});

describe('parseQuarterOrThrow: one refusal, bad_quarter, for the metrics, the report, the trend and the sample alike', () => {
  it.each(['2026Q5', '2026Q0', 'Q3', '2026', '26Q3', '2026Q3x', '', '第三季度', '1850Q1', '2026年第五季度'])('refuses %j', (s) => {
    const e = refusal(() => parseQuarterOrThrow(s));
    expect(e.code).toBe('bad_quarter');
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.msg!.params!.value).toBe(s);
  });

  it('names the option and the accepted forms in zh and en', () => {
    const e = refusal(() => parseQuarterOrThrow('2026Q5'));
    expect(say(e.msg!, 'zh')).toBe('无法识别季度“2026Q5”');
    expect(say(e.msg!, 'en')).toBe('cannot read quarter "2026Q5"');
    expect(say(e.hintMsg!, 'zh')).toBe('写作 2026Q3、2026-Q3、2026年第三季度 或 2026年3季度');
    expect(say(e.hintMsg!, 'en')).toBe('write it as 2026Q3, 2026-Q3, 2026年第三季度 or 2026年3季度');
    const c = refusal(() => parseQuarterOrThrow('next', 'comparison_quarter'));
    expect(say(c.msg!, 'zh')).toBe('无法识别对比季度“next”');
    expect(say(c.msg!, 'en')).toBe('cannot read comparison quarter "next"');
  });
});

describe('quarterOf, previousQuarter, ranges', () => {
  it('quarterOf: the quarter of a day, edges included', () => {
    expect(['2026-03-31', '2026-04-01', '2026-09-30 23:59:59', '2026-10-01'].map(quarterOf)).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4']);
    expect(() => quarterOf('2026-00-01')).toThrow(RangeError);
  });

  it('previousQuarter steps back across a year', () => {
    expect(previousQuarter('2026Q1')).toBe('2025Q4');
    expect(previousQuarter('2026-q3')).toBe('2026Q2');
    expect(() => previousQuarter('2026Q5')).toThrow(RangeError);
  });

  it('parseQuarterRange: A..B in any spelling, inclusive, across years', () => {
    expect(parseQuarterRange('2025Q3..2026Q2')).toEqual(['2025Q3', '2025Q4', '2026Q1', '2026Q2']);
    expect(parseQuarterRange('2026q1 .. 2026年第一季度')).toEqual(['2026Q1']);
    expect(quarterRange(parseQuarter('2026Q2')!, parseQuarter('2026Q1')!)).toEqual([]);
  });

  it.each(['2026Q3..2026Q1', '2026Q1', '2026Q1..', '..2026Q1', '2026Q5..2026Q6', '2026Q1..2026Q2..2026Q3'])('parseQuarterRange refuses %j with trend_bad_range', (s) => {
    const e = refusal(() => parseQuarterRange(s));
    expect(e.code).toBe('trend_bad_range');
    expect(e.exitCode).toBe(EXIT.usage);
    expect(say(e.msg!, 'en')).toBe(`cannot read the quarter range "${s}"`);
  });
});

describe('the latest quarter with data of a workspace', () => {
  let ws: Workspace;
  let empty: Workspace;
  beforeAll(async () => {
    const dir = tmp();
    await initWorkspace(dir);
    ws = await openWorkspace(dir);
    // Cases in 2025Q4 (2) and 2026Q2 (1, a minor administrative one), a ledger row in 2026Q3, a petition in 2026Q1.
    await ws.db.run(`INSERT INTO cases (case_id, station, case_type, is_major, received_at) VALUES
      ('A1', '城关派出所', 'criminal', true, TIMESTAMP '2025-10-01 00:00:00'),
      ('A2', '城关派出所', 'public_security', NULL, TIMESTAMP '2025-12-31 23:59:00'),
      ('A3', '城关派出所', 'administrative', false, TIMESTAMP '2026-04-02 09:00:00')`);
    await ws.db.run(`INSERT INTO ledger (station, "date") VALUES ('城关派出所', DATE '2026-07-15')`);
    await ws.db.run(`INSERT INTO petitions (petition_id, received_at, station) VALUES ('P1', DATE '2026-02-01', '城关派出所')`);
    const dir2 = tmp();
    await initWorkspace(dir2);
    empty = await openWorkspace(dir2);
  });
  afterAll(() => {
    ws?.close();
    empty?.close();
  });

  it('counts rows per quarter, oldest first', async () => {
    expect(await quartersWithData(ws.db)).toEqual([
      { quarter: '2025Q4', cases: 2, ledger: 0, petitions: 0 },
      { quarter: '2026Q1', cases: 0, ledger: 0, petitions: 1 },
      { quarter: '2026Q2', cases: 1, ledger: 0, petitions: 0 },
      { quarter: '2026Q3', cases: 0, ledger: 1, petitions: 0 },
    ]);
  });

  it('defaults to the latest quarter with cases (a later ledger row does not count)', async () => {
    expect((await latestQuarterWithData(ws.db))?.label).toBe('2026Q2');
    expect(await resolveQuarter(ws.db, undefined)).toEqual({ year: 2026, q: 2, label: '2026Q2', start: '2026-04-01', end: '2026-06-30' });
    expect((await resolveQuarter(ws.db, '')).label).toBe('2026Q2');
  });

  it('takes a given quarter with data in any spelling', async () => {
    expect((await resolveQuarter(ws.db, '2026年第三季度')).label).toBe('2026Q3');
    expect((await resolveQuarter(ws.db, '2025q4')).label).toBe('2025Q4');
  });

  it('refuses a quarter without data, listing the quarters that have some', async () => {
    const e = await refusalOf(resolveQuarter(ws.db, '2024Q1'));
    expect(e.code).toBe('no_data_for_quarter');
    expect(say(e.msg!, 'zh')).toBe('2024Q1 没有案件、台账或信访数据');
    expect(say(e.hintMsg!, 'en')).toBe(
      'quarters with data: 2025Q4 (cases 2, ledger 0, petitions 0); 2026Q1 (cases 0, ledger 0, petitions 1); 2026Q2 (cases 1, ledger 0, petitions 0); 2026Q3 (cases 0, ledger 1, petitions 0)',
    );
    expect((await refusalOf(resolveQuarter(ws.db, '2026Q9'))).code).toBe('bad_quarter');
  });

  it('refuses a default in a workspace without cases', async () => {
    const e = await refusalOf(resolveQuarter(empty.db, undefined));
    expect(e.code).toBe('no_default_quarter');
    expect(say(e.msg!, 'en')).toBe('no case records in the workspace, so there is no default quarter');
    expect(await latestQuarterWithData(empty.db)).toBeNull();
  });

  it('latestQuarterOf: the quarter of the latest day a query returns', async () => {
    const backtrack = `SELECT received_at FROM cases WHERE case_type IN ('criminal', 'public_security') AND coalesce(is_major, true)`;
    expect((await latestQuarterOf(ws.db, backtrack))?.label).toBe('2025Q4');
    expect(await latestQuarterOf(empty.db, backtrack)).toBeNull();
  });

  it('quarterSql labels a DATE and a TIMESTAMP as quarterOf does, and keeps NULL', async () => {
    const r = await ws.db.all<{ a: string; b: string; c: string | null }>(
      `SELECT ${quarterSql(`DATE '2026-09-30'`)} AS a, ${quarterSql(`TIMESTAMP '2026-10-01 00:00:00'`)} AS b, ${quarterSql('CAST(NULL AS DATE)')} AS c`,
    );
    expect(r).toEqual([{ a: '2026Q3', b: '2026Q4', c: null }]);
  });
});

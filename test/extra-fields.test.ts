// A CSV row with a value past its header's last field: an unquoted comma (1,000 in an old GBK
// export) shifts every field after it, and 1,000 yuan loaded as 1. The row is rejected whole, with
// the column and the header's width, the same on the Node path and the SQL path; a trailing comma
// or blank fields past the header are nothing.
import { describe, it, expect, afterEach } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { initWorkspace, openWorkspace } from '../src/workspace.js';
import { loadFile } from '../src/ingest/load.js';
import { tmp, writeText } from './helpers.js';

const TODAY = '2026-11-30';
const saved = { node: process.env.JICENG_NODE_ROWS, sql: process.env.JICENG_SQL_ROWS };
afterEach(() => {
  for (const [k, v] of [['JICENG_NODE_ROWS', saved.node], ['JICENG_SQL_ROWS', saved.sql]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

/** 60 cases; row numbers are the file's (header = 1). */
function casesCsv(dir: string): string {
  const lines = ['案件编号,办案单位,案件类别,受理时间,涉案金额'];
  for (let i = 0; i < 60; i++) {
    let amount = '800';
    if (i === 3) amount = '1,000'; // row 5: one field too many
    if (i === 10) amount = '500,'; // row 12: a trailing comma, nothing past the header
    if (i === 20) amount = '500,\u3000, '; // row 22: blank fields past the header
    if (i === 30) amount = '500, ,x'; // row 32: a value in the 7th column
    lines.push(`C${i},城关派出所,刑事,2026-08-02,${amount}`);
  }
  const path = join(dir, '案件台账.csv');
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

async function load(path: 'node' | 'sql'): Promise<{ rejects: unknown[]; cases: unknown[]; loaded: number }> {
  if (path === 'node') process.env.JICENG_NODE_ROWS = '1';
  else process.env.JICENG_SQL_ROWS = '1';
  const dir = tmp();
  await initWorkspace(dir);
  const ws = await openWorkspace(dir);
  try {
    await loadFile(ws, writeText(join(dir, '单位.csv'), [['单位编码', '单位名称', '单位类别'], ['S01', '城关派出所', '派出所']], 'utf-8'), { today: TODAY });
    const [r] = await loadFile(ws, casesCsv(dir), { today: TODAY });
    return {
      loaded: r.rows_loaded,
      rejects: await ws.db.all(`SELECT "row", "column", code, params, reason FROM rejects ORDER BY "row"`),
      cases: await ws.db.all(`SELECT case_id, CAST(amount AS DOUBLE) AS amount, _row FROM cases WHERE case_id IN ('C2', 'C3', 'C10', 'C20', 'C30') ORDER BY _row`),
    };
  } finally {
    ws.close();
  }
}

describe('a CSV row wider than its header', () => {
  it('is rejected whole with the column and the header width, on both paths alike', async () => {
    const node = await load('node');
    const sql = await load('sql');
    expect(node.loaded).toBe(58);
    expect(node.rejects).toEqual([
      { row: 5, column: '6', code: 'reject_extra_fields', params: '{"column":"6","width":"5"}', reason: expect.stringContaining('(column 6; the header has 5)') },
      { row: 32, column: '7', code: 'reject_extra_fields', params: '{"column":"7","width":"5"}', reason: expect.stringContaining('(column 7; the header has 5)') },
    ]);
    expect(node.cases).toEqual([
      { case_id: 'C2', amount: 800, _row: 4 },
      { case_id: 'C10', amount: 500, _row: 12 },
      { case_id: 'C20', amount: 500, _row: 22 },
    ]);
    expect(sql).toEqual(node);
  });
});

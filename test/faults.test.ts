import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { chmodSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Database } from '../src/db/database.js';
import { cli, cliAsync, tmp, writeText } from './helpers.js';

// These tests read the English messages (zh is the default language).
process.env.JICENG_LANG = 'en';

const HEADER = '案件编号,办案单位,案件类别,案由,受理时间,案件来源,涉案金额\n';

/** A cases CSV big enough that loading takes a while, so a kill lands mid-load. */
async function bigCases(path: string, rows: number, prefix: string): Promise<string> {
  const out = createWriteStream(path);
  out.write(HEADER);
  for (let i = 0; i < rows; i++) {
    const d = 1 + (i % 28);
    const line = `${prefix}${String(i).padStart(8, '0')},城关派出所,${i % 3 ? '刑事' : '治安'},盗窃,2026/8/${d} 10:${String(i % 60).padStart(2, '0')},群众报警,${i % 1000}.50\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

async function snapshot(dir: string): Promise<unknown> {
  const db = await Database.open(join(dir, 'jiceng.duckdb'), { readOnly: true });
  try {
    return await db.all(`SELECT (SELECT count(*)::INT FROM cases) AS cases, (SELECT count(*)::INT FROM loads) AS loads,
      (SELECT count(*)::INT FROM rejects) AS rejects, (SELECT coalesce(sum(amount), 0)::DOUBLE FROM cases) AS amount,
      (SELECT string_agg(DISTINCT _file, ',' ORDER BY _file) FROM cases) AS files`);
  } finally {
    db.close();
  }
}

describe('kill -9 during a load', () => {
  it('leaves the workspace exactly as it was before that load, every time', async () => {
    const dir = tmp();
    expect(cli(['init', dir]).code).toBe(0);
    const first = writeText(join(dir, 'first.csv'), [HEADER.trim().split(','), ['K1', '城关派出所', '刑事', '盗窃', '2026-07-01', '群众报警', '10']], 'utf-8');
    expect(cli(['load', first, '-w', dir]).code).toBe(0);
    const big = await bigCases(join(dir, 'big.csv'), 150_000, 'B');
    const before = await snapshot(dir);
    const complete = [{ cases: 150_001, loads: 2, rejects: 0, amount: 75_000_010, files: 'big.csv,first.csv' }];
    // Kill at several points: while reading, while merging, near commit.
    for (const delay of [300, 900, 1600, 2400, 3200]) {
      const child = cliAsync(['load', big, '-w', dir]);
      // Listen before waiting: a child that ends within the delay has emitted 'close' already.
      const closed = once(child, 'close');
      await new Promise((r) => setTimeout(r, delay));
      const exited = child.exitCode !== null;
      child.kill('SIGKILL');
      await closed;
      const now = await snapshot(dir);
      if (exited) break; // the machine was fast enough to finish: nothing more to learn from later kills
      // Killed after its commit but before it exited (closing the database takes a moment): the load is
      // then whole. Either way, never a part of it: Σ (i mod 1000 + 0.50) over 150,000 rows is 75,000,000.
      if (JSON.stringify(now) === JSON.stringify(complete)) break;
      expect(now).toEqual(before);
    }
    // The workspace is still usable and the file loads completely afterwards.
    const done = cli(['load', big, '-w', dir, '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout).files[0].rows_loaded).toBe(150_000);
    const after = (await snapshot(dir)) as Array<{ cases: number }>;
    expect(after[0].cases).toBe(150_001);
  }, 240_000);
});

describe('two processes on one workspace', () => {
  it('the second waits briefly, then fails with "workspace is busy" and leaves the workspace intact', async () => {
    const dir = tmp();
    expect(cli(['init', dir]).code).toBe(0);
    const f = writeText(join(dir, 'c.csv'), [HEADER.trim().split(','), ['K1', '城关派出所', '刑事', '盗窃', '2026-07-01', '群众报警', '10']], 'utf-8');
    const holder = await Database.open(join(dir, 'jiceng.duckdb'));
    try {
      const r = cli(['load', f, '-w', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^jiceng: workspace is busy: another jiceng process is using .*jiceng\.duckdb$/m);
      expect(r.stderr).toMatch(/^hint: wait for it to finish, then run the command again$/m);
    } finally {
      holder.close();
    }
    expect(cli(['load', f, '-w', dir]).code).toBe(0);
  });
});

describe('a workspace that cannot be written', () => {
  it('a read-only workspace folder gives one clear line', () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; simulate with a workspace path that is a file instead.
      const dir = tmp();
      writeFileSync(join(dir, 'jiceng.duckdb'), 'not a database');
      const r = cli(['status', '-w', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toMatch(/^jiceng: cannot open workspace database .*jiceng\.duckdb/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return;
    }
    const dir = tmp();
    expect(cli(['init', dir]).code).toBe(0);
    chmodSync(dir, 0o555);
    const r = cli(['load', dir, '-w', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/workspace .* is read-only/);
  });

  it('a workspace from a newer jiceng is refused with a clear message', async () => {
    const dir = tmp();
    expect(cli(['init', dir]).code).toBe(0);
    const db = await Database.open(join(dir, 'jiceng.duckdb'));
    await db.run(`UPDATE meta SET value = '999' WHERE key = 'schema_version'`);
    db.close();
    const r = cli(['status', '-w', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was written by a newer jiceng \(schema 999; this is \d+\)/);
  });
});

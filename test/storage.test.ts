// A full disk, a read-only disk, /dev/full: one clear line each, and the workspace as it was.
// The real full-disk test needs a small tmpfs (root with mount rights); elsewhere it is skipped and
// the error mapping is tested with the error messages DuckDB and Node actually produce.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Database } from '../src/db/database.js';
import { initWorkspace } from '../src/workspace.js';
import { UserError } from '../src/errors.js';
import { classifyIoError, ioUserError, writeFileSafely } from '../src/util/fs-errors.js';
import { cli, tmp } from './helpers.js';

// These tests read the English messages (zh is the default language).
process.env.JICENG_LANG = 'en';

/** Real error texts, as measured (DuckDB 1.5 on a full tmpfs; Node 20). */
const DUCKDB_WAL_FULL = 'TransactionContext Error: Failed to commit: Could not write file "/ws/jiceng.duckdb.wal": No space left on device';
const DUCKDB_CHECKPOINT_FULL = 'IO Error: Could not write file "/ws/jiceng.duckdb": No space left on device';
const DUCKDB_READ_ONLY = 'IO Error: Could not write file "/ws/jiceng.duckdb.wal": Read-only file system';
const DUCKDB_PERMISSION = 'IO Error: Could not write file "/ws/jiceng.duckdb.wal": Permission denied';
const DUCKDB_CONVERSION = 'Conversion Error: Could not convert string \'x\' to INT32';

describe('classifyIoError / ioUserError', () => {
  it('recognises Node errno codes and DuckDB I/O messages, and nothing else', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(classifyIoError(enospc)).toBe('disk_full');
    expect(classifyIoError(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('read_only');
    expect(classifyIoError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission');
    expect(classifyIoError(new Error(DUCKDB_WAL_FULL))).toBe('disk_full');
    expect(classifyIoError(new Error(DUCKDB_CHECKPOINT_FULL))).toBe('disk_full');
    expect(classifyIoError(new Error(DUCKDB_READ_ONLY))).toBe('read_only');
    expect(classifyIoError(new Error(DUCKDB_PERMISSION))).toBe('permission');
    expect(classifyIoError(new Error(DUCKDB_CONVERSION))).toBeUndefined();
    expect(classifyIoError(new Error('Binder Error: column "x" not found'))).toBeUndefined();
  });

  it('turns a full disk under the workspace into one line with a hint', () => {
    const e = ioUserError(new Error(DUCKDB_WAL_FULL), { path: '/data/ws/jiceng.duckdb', what: 'workspace', rolledBack: true })!;
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe('disk full while writing the workspace /data/ws/jiceng.duckdb; nothing was saved: the workspace is as it was before');
    expect(e.hint).toBe('free space on that disk (see `df -h /data/ws`), or use a folder on a disk with more room, then run the command again');
    expect(e.exitCode).toBe(1);
    expect(e.code).toBe('io_disk_full');
    expect(ioUserError(new Error(DUCKDB_CONVERSION), { path: '/x', what: 'file' })).toBeUndefined();
  });

  it('Database.run maps a storage failure and passes other errors through', async () => {
    const db = await Database.open(':memory:');
    try {
      await expect(db.run(`SELECT CAST('x' AS INTEGER)`)).rejects.toThrow(/Conversion Error/);
      expect(db.mapError(new Error(DUCKDB_WAL_FULL))).toBeInstanceOf(UserError);
    } finally {
      db.close();
    }
  });
});

describe('writeFileSafely', () => {
  it('writes through a temporary file and leaves nothing else behind', async () => {
    const dir = tmp();
    const p = join(dir, '报告.html');
    await writeFileSafely(p, '<p>一</p>', { what: 'report' });
    await writeFileSafely(p, async (t) => writeFileSync(t, '<p>二</p>'), { what: 'report' });
    expect(readFileSync(p, 'utf8')).toBe('<p>二</p>');
    expect(readdirSync(dir)).toEqual(['报告.html']);
  });

  it('/dev/full: one line saying the disk is full', async () => {
    const e = await writeFileSafely('/dev/full', 'x'.repeat(10_000), { what: 'report' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe('disk full while writing the report /dev/full');
    expect(existsSync('/dev/full')).toBe(true);
  });

  it('a failing writer leaves the previous file untouched and no temporary file', async () => {
    const dir = tmp();
    const p = join(dir, 'book.xlsx');
    writeFileSync(p, 'old');
    const e = await writeFileSafely(p, async (t) => {
      writeFileSync(t, 'half');
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }, { what: 'workbook' }).catch((x: unknown) => x);
    expect((e as UserError).message).toBe(`disk full while writing the workbook ${p}`);
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['book.xlsx']);
  });

  it('a missing folder, a file in the way, a folder as the target: each one line', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), '');
    const msg = async (p: string) => ((await writeFileSafely(p, 'x', { what: 'report' }).catch((x: unknown) => x)) as UserError).message;
    expect(await msg(join(dir, 'nope', 'r.html'))).toBe(`cannot write the report ${join(dir, 'nope', 'r.html')}: the folder ${join(dir, 'nope')} does not exist`);
    expect(await msg(join(dir, 'afile', 'r.html'))).toBe(`cannot write the report ${join(dir, 'afile', 'r.html')}: part of that path is a file, not a folder`);
    expect(await msg(dir)).toBe(`cannot write the report to ${dir}: it is a folder`);
  });
});

// ---------------------------------------------------------------------------------------------
// The real thing: a 4 MB tmpfs.

function tryMount(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const probe = tmp('jiceng-mount-probe-');
const canMount = process.platform === 'linux' && process.getuid?.() === 0 && tryMount(probe, '64k');
if (canMount) execFileSync('umount', [probe]);

async function casesCsv(path: string, rows: number): Promise<string> {
  const out = createWriteStream(path);
  out.write('案件编号,办案单位,案件类别,案由,受理时间,涉案金额\n');
  for (let i = 0; i < rows; i++) {
    if (!out.write(`K${String(i).padStart(8, '0')},城关派出所,刑事,盗窃案件描述${i},2026-07-${String(1 + (i % 28)).padStart(2, '0')},${i % 1000}.50\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

async function state(ws: string): Promise<unknown> {
  const bytes = createHash('sha256').update(readFileSync(join(ws, 'jiceng.duckdb'))).digest('hex');
  const db = await Database.open(join(ws, 'jiceng.duckdb'), { readOnly: true });
  try {
    return { bytes, ...(await db.one(`SELECT (SELECT count(*)::INT FROM cases) AS cases, (SELECT count(*)::INT FROM loads) AS loads, (SELECT count(*)::INT FROM rejects) AS rejects`)) };
  } finally {
    db.close();
  }
}

describe.skipIf(!canMount)('on a real full disk (a 4 MB tmpfs)', () => {
  const mnt = tmp('jiceng-tmpfs-');
  const ws = join(mnt, 'ws');
  let mounted = false;
  beforeAll(async () => {
    mounted = tryMount(mnt, '4m');
    await initWorkspace(ws);
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', mnt]);
  });

  it('a load that fills the disk fails with one line, exit 1, and the workspace is as before and still works', async () => {
    const small = await casesCsv(join(tmp(), 'small.csv'), 3);
    expect(cli(['load', small, '-w', ws]).code).toBe(0);
    const big = await casesCsv(join(tmp(), 'big.csv'), 60_000);
    const before = await state(ws);
    const r = cli(['load', big, '-w', ws, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `jiceng: disk full while writing the workspace ${ws}/jiceng.duckdb; nothing was saved: the workspace is as it was before\n` +
        `hint: free space on that disk (see \`df -h ${ws}\`), or use a folder on a disk with more room, then run the command again\n`,
    );
    expect(await state(ws)).toEqual(before);
    // DuckDB may leave an empty WAL behind; nothing else is new.
    for (const f of readdirSync(ws)) {
      expect(['jiceng.duckdb', 'jiceng.json', 'jiceng.duckdb.wal']).toContain(f);
      if (f.endsWith('.wal')) expect(statSync(join(ws, f)).size).toBe(0);
    }
    expect(cli(['status', '-w', ws]).code).toBe(0);
    const again = cli(['load', await casesCsv(join(tmp(), 'more.csv'), 2), '-w', ws, '--json']);
    expect(again.code).toBe(0);
  }, 120_000);

  it('a read-only disk: load refuses with one line; status still reads; a report cannot be written there', async () => {
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const before = await state(ws);
      const r = cli(['load', await casesCsv(join(tmp(), 'ro.csv'), 2), '-w', ws]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`jiceng: workspace ${ws} is read-only\nhint: make the folder writable, or copy the workspace somewhere writable\n`);
      expect(cli(['status', '-w', ws]).code).toBe(0);
      expect(await state(ws)).toEqual(before);
      const e = (await writeFileSafely(join(mnt, 'report.html'), 'x', { what: 'report' }).catch((x: unknown) => x)) as UserError;
      expect(e.message).toBe(`cannot write the report ${join(mnt, 'report.html')}: the disk or folder is read-only`);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
  });

  it('a workspace that cannot even be created on a full disk: one line', () => {
    mkdirSync(join(mnt, 'filler'), { recursive: true });
    try {
      writeFileSync(join(mnt, 'filler', 'fill'), Buffer.alloc(8 * 1024 * 1024));
    } catch {
      // ENOSPC: the disk is now full, as wanted
    }
    const ws2 = join(mnt, 'ws2');
    const r = cli(['init', ws2]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `jiceng: disk full while writing the workspace settings ${ws2}/jiceng.json\n` +
        `hint: free space on that disk (see \`df -h ${ws2}\`), or use a folder on a disk with more room, then run the command again\n`,
    );
    expect(readdirSync(ws2)).toEqual([]);
  });
});

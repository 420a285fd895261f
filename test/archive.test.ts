// The bundle's archive writers: what system tar and a zip reader get back, and the same bytes every time.
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import JSZip from 'jszip';
import { finalize, walk, type Entry } from '../scripts/bundle/entries.js';
import { writeTarGz, readTgz } from '../scripts/bundle/tar.js';
import { writeZip } from '../scripts/bundle/zip.js';
import { tmp } from './helpers.js';

const dir = tmp('jiceng-archive-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const long = `top/${'node_modules/some-package-with-a-long-name/'.repeat(5)}lib/index.js`; // 230 characters
const raw = (): Entry[] => [
    { path: 'top/jiceng', type: 'file', mode: 0o755, data: Buffer.from('#!/bin/sh\necho hi\n') },
    { path: 'top/app/fixtures/demo/案件台账_2026Q3.csv', type: 'file', mode: 0o644, data: Buffer.from('案件编号\nA1\n') },
    { path: long, type: 'file', mode: 0o644, data: Buffer.from('export {};\n') },
    { path: 'top/empty.txt', type: 'file', mode: 0o644, data: Buffer.alloc(0) },
];
const entries = (): Entry[] => finalize(raw());
const MTIME = 1767225600; // 2026-01-01T00:00:00Z

describe('writeTarGz', () => {
  it('GNU tar unpacks long and Chinese names, modes and the fixed time; the same files in another order give the same bytes', async () => {
    const a = join(dir, 'a.tar.gz');
    const b = join(dir, 'b.tar.gz');
    await writeTarGz(a, entries(), MTIME);
    await writeTarGz(b, finalize(raw().reverse()), MTIME); // whatever order the files were found in
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const gz = readFileSync(a);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, gz[8], 3]); // no name flag, mtime 0, OS Unix

    const out = join(dir, 'x');
    mkdirSync(out);
    const r = spawnSync('tar', ['-xzf', a, '-C', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(readFileSync(join(out, long), 'utf8')).toBe('export {};\n');
    expect(readFileSync(join(out, 'top/app/fixtures/demo/案件台账_2026Q3.csv'), 'utf8')).toBe('案件编号\nA1\n');
    expect(statSync(join(out, 'top/jiceng')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'top/empty.txt')).mode & 0o777).toBe(0o644);
    expect(statSync(join(out, 'top/jiceng')).mtimeMs).toBe(MTIME * 1000);

    const listing = spawnSync('tar', ['-tzvf', a, '--numeric-owner'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(listing.every((l) => l.includes(' 0/0 '))).toBe(true);
    // folders come before what they hold, in byte order
    expect(listing[0]).toMatch(/^d.* top\/$/);
  });

  it('readTgz reads back what writeTarGz wrote, long and Chinese names included', async () => {
    const a = join(dir, 'r.tar.gz');
    await writeTarGz(a, entries(), MTIME);
    const files = readTgz(readFileSync(a));
    expect(files.map((f) => f.path).sort()).toEqual([long, 'top/app/fixtures/demo/案件台账_2026Q3.csv', 'top/empty.txt', 'top/jiceng'].sort());
    expect(gunzipSync(readFileSync(a)).length % 512).toBe(0);
  });
});

describe('writeZip', () => {
  it('a zip reader gets names, contents and Unix modes back; two writes are byte-identical', async () => {
    const a = join(dir, 'a.zip');
    const b = join(dir, 'b.zip');
    writeZip(a, entries(), MTIME);
    writeZip(b, entries(), MTIME);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const zip = await JSZip.loadAsync(readFileSync(a));
    expect(await zip.file('top/app/fixtures/demo/案件台账_2026Q3.csv')!.async('string')).toBe('案件编号\nA1\n');
    expect(await zip.file(long)!.async('string')).toBe('export {};\n');
    expect(zip.file('top/jiceng')!.unixPermissions).toBe(0o100755);
    expect(zip.files['top/'].dir).toBe(true);
    expect(zip.file('top/jiceng')!.date.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('walk', () => {
  it('normalises modes to 0755 for executables and 0644 for the rest, and refuses symbolic links', () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(src, 'run.sh'), 0o700);
    writeFileSync(join(src, 'sub', 'data.txt'), 'x');
    chmodSync(join(src, 'sub', 'data.txt'), 0o600);
    const got = walk(src, 'top').map((e) => [e.path, e.type, e.mode.toString(8)]);
    expect(got.sort()).toEqual([['top/run.sh', 'file', '755'], ['top/sub', 'dir', '755'], ['top/sub/data.txt', 'file', '644']]);
    spawnSync('ln', ['-s', 'run.sh', join(src, 'link')]);
    expect(() => walk(src, 'top')).toThrow(/symbolic link/);
  });
});

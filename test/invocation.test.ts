// The command the hints print: the bundle launcher as typed (or `jiceng` when it is on the PATH), `npx jiceng`, or `jiceng`.
import { describe, it, expect, afterAll } from 'vitest';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invocationOf } from '../src/cli/invocation.js';
import { CATALOG } from '../src/i18n/catalog/index.js';
import { cli, tmp } from './helpers.js';

const dir = tmp('jiceng-invocation-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundle = join(dir, 'jiceng-0.1.0-linux-x64');
mkdirSync(bundle);
writeFileSync(join(bundle, 'jiceng'), '#!/bin/sh\n');
chmodSync(join(bundle, 'jiceng'), 0o755);
const onPath = join(dir, 'bin');
mkdirSync(onPath);
symlinkSync(join(bundle, 'jiceng'), join(onPath, 'jiceng'));
const otherPath = join(dir, 'other');
mkdirSync(otherPath);
writeFileSync(join(otherPath, 'jiceng'), '#!/bin/sh\n');
chmodSync(join(otherPath, 'jiceng'), 0o755);

describe('invocationOf', () => {
  const linux = (env: Record<string, string>) => invocationOf({ env, platform: 'linux' });

  it('a bundle launcher run in place is named by the path it was started with', () => {
    expect(linux({ JICENG_LAUNCHER: './jiceng', PATH: '/usr/bin' })).toBe('./jiceng');
    expect(linux({ JICENG_LAUNCHER: join(bundle, 'jiceng'), PATH: '/usr/bin' })).toBe(join(bundle, 'jiceng'));
    expect(linux({ JICENG_LAUNCHER: '/opt/my tools/jiceng', PATH: '/usr/bin' })).toBe(`'/opt/my tools/jiceng'`);
  });

  it('a launcher that `jiceng` on the PATH leads to (here through a symlink) is plain jiceng', () => {
    expect(linux({ JICENG_LAUNCHER: join(bundle, 'jiceng'), PATH: `/usr/bin:${onPath}` })).toBe('jiceng');
    expect(linux({ JICENG_LAUNCHER: join(onPath, 'jiceng'), PATH: onPath })).toBe('jiceng');
  });

  it('a different jiceng earlier on the PATH does not count', () => {
    expect(linux({ JICENG_LAUNCHER: join(bundle, 'jiceng'), PATH: `${otherPath}:${onPath}` })).toBe(join(bundle, 'jiceng'));
  });

  it('npx jiceng / npm exec jiceng is npx jiceng; npx of another tool that runs jiceng is not', () => {
    expect(linux({ npm_command: 'exec', npm_lifecycle_script: "'jiceng'", PATH: '' })).toBe('npx jiceng');
    expect(linux({ npm_command: 'exec', npm_lifecycle_script: 'jiceng demo', PATH: '' })).toBe('npx jiceng');
    expect(linux({ npm_command: 'exec', npm_lifecycle_script: 'vitest', PATH: '' })).toBe('jiceng');
    expect(linux({ npm_command: 'run-script', npm_lifecycle_event: 'test', PATH: '' })).toBe('jiceng');
  });

  it('otherwise (a global npm install) jiceng', () => {
    expect(linux({ PATH: onPath })).toBe('jiceng');
  });

  it('Windows: the .cmd launcher found through PATHEXT is jiceng; elsewhere its full path, quoted when it has spaces', () => {
    const win = join(dir, 'win');
    mkdirSync(win);
    writeFileSync(join(win, 'jiceng.cmd'), '@echo off\r\n');
    expect(invocationOf({ env: { JICENG_LAUNCHER: join(win, 'jiceng.cmd'), Path: win, PATHEXT: '.EXE;.CMD' }, platform: 'win32' })).toBe('jiceng');
    expect(invocationOf({ env: { JICENG_LAUNCHER: 'C:\\Program Files\\jiceng\\jiceng.cmd', Path: '' }, platform: 'win32' })).toBe('"C:\\Program Files\\jiceng\\jiceng.cmd"');
  });
});

describe('hints', () => {
  it('no catalog text names a jiceng command literally: hints write {jiceng}, so they work as printed', () => {
    const literal = /(^|[^{\w])jiceng (init|load|status|metrics|report|sample|plan|demo)\b/;
    // "not a jiceng sample workbook" names a kind of file, not a command to type.
    const nouns = new Set(['sample_not_a_workbook']);
    for (const [code, entry] of Object.entries(CATALOG)) {
      if (nouns.has(code)) continue;
      expect(entry.zh, code).not.toMatch(literal);
      expect(entry.en, code).not.toMatch(literal);
    }
  });

  it('init prints the command it was run with: npx jiceng under npx, the launcher under a bundle', () => {
    const viaNpx = cli(['init', join(dir, 'ws1'), '--lang', 'en'], { env: { npm_command: 'exec', npm_lifecycle_script: 'jiceng', JICENG_LAUNCHER: '' } });
    expect(viaNpx.stderr).toBe(`Created workspace ${join(dir, 'ws1')}\nNext: npx jiceng load <exports> -w ${join(dir, 'ws1')}\n`);
    const viaLauncher = cli(['init', join(dir, 'ws2'), '--lang', 'en'], { env: { JICENG_LAUNCHER: './jiceng', PATH: '/usr/bin:/bin' } });
    expect(viaLauncher.stderr).toBe(`Created workspace ${join(dir, 'ws2')}\nNext: ./jiceng load <exports> -w ${join(dir, 'ws2')}\n`);
    const missing = cli(['status', '-w', join(dir, 'nothing'), '--lang', 'en'], { env: { JICENG_LAUNCHER: './jiceng', PATH: '/usr/bin:/bin' } });
    expect(missing.stderr).toContain(`hint: run \`./jiceng init ${join(dir, 'nothing')}\` first`);
  });
});

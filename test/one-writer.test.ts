// Only the output module writes to the terminal: no process.stdout, process.stderr or console elsewhere in src/.
import { describe, it, expect, vi } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, tmp } from './helpers.js';
import { runCli } from './cli.js';

/** The output module, and run.ts, whose EPIPE guard listens on the streams without writing to them. */
const ALLOWED = new Set(['src/cli/output.ts', 'src/cli/run.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('one writer', () => {
  it('no module but the output module touches process.stdout, process.stderr or console', () => {
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (ALLOWED.has(rel)) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/process\.(stdout|stderr)|\bconsole\./.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the check sees a direct write (a line like the ones it forbids matches)', () => {
    expect(/process\.(stdout|stderr)|\bconsole\./.test("process.stdout.write('x')")).toBe(true);
    expect(/process\.(stdout|stderr)|\bconsole\./.test('console.log(1)')).toBe(true);
  });

  it('a run with injected effects writes nothing to the process streams: all of it reaches the effects', async () => {
    const o = vi.spyOn(process.stdout, 'write');
    const e = vi.spyOn(process.stderr, 'write');
    try {
      const dir = tmp('jiceng-effects-');
      const init = await runCli(['init', dir, '--lang', 'en']);
      const bad = await runCli(['status', '--bogus', '--lang', 'en']);
      const help = await runCli(['init', '--help', '--lang', 'en']);
      expect(init.stderr).toBe(`Created workspace ${dir}\nNext: jiceng load <exports> -w ${dir}\n`);
      expect(bad.code).toBe(2);
      expect(bad.stderr.split('\n')[0]).toBe("jiceng: unknown option '--bogus'");
      expect(help.stdout).toMatch(/^Usage: jiceng init/);
      expect(o).not.toHaveBeenCalled();
      expect(e).not.toHaveBeenCalled();
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  });
});

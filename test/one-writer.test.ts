// Only the output module writes to the terminal: no process.stdout, process.stderr or console elsewhere in src/.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers.js';

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
});

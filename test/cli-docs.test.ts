import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../src/cli/main.js';
import { ROOT, cli } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('every command', () => {
  const program = buildProgram();
  const names = program.commands.map((c) => c.name());

  it('has a description and is documented in the README', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const c of program.commands) {
      expect(c.description(), c.name()).not.toBe('');
      expect(readme, `README lacks \`jiceng ${c.name()}\``).toContain(`jiceng ${c.name()}`);
      for (const sub of c.commands) {
        expect(sub.description(), `${c.name()} ${sub.name()}`).not.toBe('');
        expect(readme, `README lacks \`jiceng ${c.name()} ${sub.name()}\``).toContain(`jiceng ${c.name()} ${sub.name()}`);
      }
    }
  });

  it('answers --help with exit 0', () => {
    for (const name of names) {
      const r = cli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain(`Usage: jiceng ${name}`);
    }
  });

  it('refuses an unknown command with exit 2', () => {
    const r = cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

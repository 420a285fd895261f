import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../src/cli/main.js';
import { ROOT, cli, tmp, writeText } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('every command', () => {
  let program: Awaited<ReturnType<typeof buildProgram>>;
  beforeAll(async () => {
    program = await buildProgram();
  });

  it('has a description and is documented in the README', () => {
    expect(program.commands.map((c) => c.name())).toEqual(['init', 'load', 'inspect', 'mappings', 'status', 'metrics', 'report', 'sample', 'plan', 'export', 'demo']);
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
    for (const name of program.commands.map((c) => c.name())) {
      const r = cli([name, '--help', '--lang', 'en']);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain(`Usage: jiceng ${name}`);
    }
  });

  it('refuses an unknown command with exit 2', () => {
    const r = cli(['frobnicate', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('output into a closed pipe', () => {
  it('`jiceng status --flags --json | head -c 100` ends quietly, without an EPIPE stack', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = tmp();
    expect(cli(['init', dir]).code).toBe(0);
    const rows = Array.from({ length: 3000 }, (_, i) => [`P${i}`, '不存在的派出所', '社区民警', '民警', '2026-09-30']);
    const f = writeText(join(dir, 'roster.csv'), [['警号', '所在单位', '岗位', '人员类别', '统计日期'], ...rows], 'utf-8');
    expect(cli(['load', f, '-w', dir]).code).toBe(0);
    const bin = JSON.stringify(join(ROOT, 'bin', 'jiceng.js'));
    const r = spawnSync('bash', ['-c', `node ${bin} status --flags --json -w ${JSON.stringify(dir)} | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.status).toBe(0);
  });
});

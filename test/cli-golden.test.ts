// CLI output on the demo county, in zh and en, compared exactly with golden files under test/golden/cli/.
// On a mismatch the new text is written beside the golden file as <name>-changed.txt for diffing;
// to accept it, rename that file over the golden one. Only the workspace path is normalised.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmp } from './helpers.js';
import { runCli } from './cli.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'cli');
const DEMO = join(ROOT, 'fixtures', 'demo');
/** A fixed day after the demo's quarters, so nothing depends on the machine's date. */
const NOW = new Date('2026-11-20T10:00:00+08:00');

function golden(name: string, text: string): void {
  const file = join(GOLDEN, `${name}.txt`);
  const changed = join(GOLDEN, `${name}-changed.txt`);
  mkdirSync(GOLDEN, { recursive: true });
  const want = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (want === text) rmSync(changed, { force: true });
  else writeFileSync(changed, text);
  expect(text, `diff ${file} ${changed}`).toBe(want);
}

for (const lang of ['zh', 'en'] as const) {
  describe(`demo county CLI output (${lang})`, () => {
    let ws = '';
    let loaded = { code: -1, stdout: '', stderr: '' };
    /** The workspace path varies from run to run; everything else is the demo's own. */
    const norm = (s: string): string => s.split(ws).join('<workspace>');
    const run = async (args: string[]) => {
      const r = await runCli([...args, '-w', ws, '--lang', lang], { now: NOW });
      return { ...r, stdout: norm(r.stdout), stderr: norm(r.stderr) };
    };

    beforeAll(async () => {
      ws = tmp('jiceng-golden-');
      expect((await runCli(['init', ws, '--lang', lang])).code).toBe(0);
      loaded = await run(['load', DEMO]);
    }, 120_000);
    afterAll(() => rmSync(ws, { recursive: true, force: true }));

    it('load of the demo exports: one line per sheet, then the summary', () => {
      expect(loaded.code).toBe(0);
      golden(`load.${lang}`, loaded.stdout + '--- stderr\n' + loaded.stderr);
    });

    it('status', async () => {
      const r = await run(['status']);
      expect(r.code).toBe(0);
      golden(`status.${lang}`, r.stdout + '--- stderr\n' + r.stderr);
    });

    it('metrics --list', async () => {
      const r = await run(['metrics', '--list']);
      expect(r.code).toBe(0);
      golden(`metrics-list.${lang}`, r.stdout + '--- stderr\n' + r.stderr);
    });

    it('metrics of 2026Q3', async () => {
      const r = await run(['metrics', '--quarter', '2026Q3']);
      expect(r.code).toBe(0);
      golden(`metrics-2026Q3.${lang}`, r.stdout + '--- stderr\n' + r.stderr);
    });

    it('inspect of the roster', async () => {
      const r = await run(['inspect', join(DEMO, '警力花名册_2026Q3.xlsx')]);
      golden(`inspect-roster.${lang}`, `exit ${r.code}\n` + r.stdout + '--- stderr\n' + r.stderr);
    });
  });
}

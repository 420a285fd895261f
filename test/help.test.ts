// Help of every command in both languages, compared exactly with golden files under test/golden/help/.
// On a mismatch the new text is written beside the golden file as <name>-changed.txt for diffing;
// to accept it, rename that file over the golden one.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli } from './helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'help');
const COMMANDS = [
  [], ['init'], ['load'], ['inspect'], ['mappings'], ['mappings', 'forget'], ['status'], ['metrics'], ['report'], ['plan'], ['export'], ['demo'],
  ['sample'], ['sample', 'draw'], ['sample', 'verify'], ['sample', 'size'], ['sample', 'findings'], ['sample', 'list'], ['sample', 'workbook'],
];
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;

describe('help', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const cmd of COMMANDS) {
      const name = cmd.length ? cmd.join('-') : 'jiceng';
      it(`${name} in ${lang} matches ${name}.${lang}.txt`, () => {
        const r = cli([...cmd, '--help', '--lang', lang]);
        expect(r.code).toBe(0);
        const file = join(GOLDEN, `${name}.${lang}.txt`);
        const changed = join(GOLDEN, `${name}.${lang}-changed.txt`);
        mkdirSync(GOLDEN, { recursive: true });
        const want = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
        if (want === r.stdout) rmSync(changed, { force: true });
        else writeFileSync(changed, r.stdout);
        expect(r.stdout, `diff ${file} ${changed}`).toBe(want);
      });
    }
  }

  it('in zh carries no English heading or commander phrase', () => {
    const r = cli(['load', '--help']);
    for (const english of ['Usage', 'Options', 'Commands', 'Arguments', 'display help', 'default:', '[options]']) {
      expect(r.stdout).not.toContain(english);
    }
  });

  it('in en carries no Chinese outside data examples (quarter spellings, header names, units)', () => {
    for (const cmd of COMMANDS) {
      const r = cli([...cmd, '--help', '--lang', 'en']);
      const stripped = r.stdout
        .replace(/\d{4}年(第三|3)季度/g, '')
        .replace(/基层|统计日期|刑事=\d+|治安=\d+|诈骗=\d+|盗窃=\d+|刑侦大队|倒查样本_/g, '');
      expect(stripped, cmd.join(' ')).not.toMatch(CJK);
    }
  });

  it('follows JICENG_LANG when --lang is not given, and --lang over it', () => {
    expect(cli(['init', '--help'], { env: { JICENG_LANG: 'en' } }).stdout).toMatch(/^Usage: jiceng init/);
    expect(cli(['init', '--help', '--lang', 'zh'], { env: { JICENG_LANG: 'en' } }).stdout).toMatch(/^用法： jiceng init/);
  });
});

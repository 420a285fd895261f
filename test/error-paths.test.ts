// Every error path of the CLI we can reach, run in zh and in en: in zh no English sentence outside
// data, paths and flags; in en no Chinese interface word. --json prints code, params and the text.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmp, writeText } from './helpers.js';

let ws: string;
let empty: string;
let dir: string;
beforeAll(() => {
  dir = tmp();
  ws = join(dir, 'ws');
  empty = join(dir, 'empty');
  mkdirSync(empty);
  expect(cli(['init', ws]).code).toBe(0);
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'fake.xlsx'), '%PDF-1.4 not a workbook');
  writeFileSync(join(dir, 'bad.json'), '{');
});

/** [args, what the error is about] — each one exits non-zero with one line (and a hint). */
const PATHS = (): string[][] => [
  ['metrcs'],
  ['status', '--bogus'],
  ['load'],
  ['init', 'a', 'b'],
  ['status', '-w', empty],
  ['metrics', '-w', ws, '--quarter', '2026Q5'],
  ['metrics', '-w', ws],
  ['metrics', '-w', ws, '--metric', 'nonsense', '--quarter', '2026Q3'],
  ['load', join(dir, 'missing.csv'), '-w', ws],
  ['load', join(dir, 'empty.csv'), '-w', ws],
  ['load', join(dir, 'fake.xlsx'), '-w', ws],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--kind', 'nonsense'],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--as-of', 'yesterday'],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--as-of', '2099-01-01'],
  ['metrics', '-w', ws, '--quarter', '2026Q3', '--as-of', '2099-01-01'],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--map', join(dir, 'bad.json')],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--map', join(dir, 'no-such-map.json')],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--kind', 'petitions'],
  ['load', join(dir, 'empty.csv'), '-w', ws, '--encoding', 'ebcdic'],
  ['report', '-w', ws, '--format', 'pdf'],
  ['report', '-w', ws, '--quarter', '2026Q3', '--out', join(dir, 'empty.csv', 'sub')],
  ['demo', '--out', join(dir, 'empty.csv')],
  ['plan', '-w', ws, '--set', 'nonsense=1'],
  ['plan', '-w', ws, '--vary', 'hours_per_case=20'],
  ['sample', 'draw', '-w', ws, '--rate', '2'],
  ['sample', 'verify', '-w', ws, join(dir, 'nothing.xlsx')],
  ['sample', 'size', '--tolerable', '0.01', '--expected', '0.05'],
  ['sample', 'list', '-w', empty],
];

/** The output with data removed: paths, flags, commands, quoted values, codes and numbers. */
function prose(text: string): string {
  return text
    .replace(/Expected property name.*$/gm, '') // Node's own JSON.parse text, shown as the detail
    .split(dir).join('')
    .replace(/jiceng [a-z-]+(?: [a-z-]+)?/g, '')
    .replace(/--?[a-z][\w-]*(?:[= ][\w.=±%,-]+)?/g, '')
    .replace(/`[^`]*`|"[^"]*"|“[^”]*”|'[^']*'/g, '')
    .replace(/\b[a-z]+_[a-z_]+\b|\b\w+\.(?:csv|xlsx|xls|json|duckdb|sql)\b|\b(?:utf-\d+\w*|gb18030|xlsx|html|csv|tsv|txt|NEWDIR|DIR|JSON|PDF|Excel|WPS|zh|en)\b/gi, '');
}

describe('every error path', () => {
  it('in zh: one line and a hint, no English sentence outside data, paths and flags', () => {
    for (const args of PATHS()) {
      const r = cli([...args, '--lang', 'zh']);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      expect(r.stderr, args.join(' ')).toMatch(/^jiceng: /);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
      expect(prose(r.stderr), `${args.join(' ')}\n${r.stderr}`).not.toMatch(/\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/);
      expect(r.stderr).not.toMatch(/^hint:/m);
    }
  });

  it('in en: no Chinese interface word', () => {
    for (const args of PATHS()) {
      const r = cli([...args, '--lang', 'en']);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      // Data: quarter spellings users may type, and example mapping JSON with Chinese headers.
      expect(r.stderr.replace(/\d{4}年第三季度|\d{4}年3季度|\{"[^\n]*\}/g, ''), `${args.join(' ')}\n${r.stderr}`).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    }
  });

  it('--json prints the code, its parameters and the text in the chosen language', () => {
    const zh = JSON.parse(cli(['metrics', '-w', ws, '--quarter', '2026Q5', '--json']).stdout);
    expect(zh).toEqual({
      error: '无法识别季度“2026Q5”',
      code: 'bad_quarter',
      params: { what: { code: 'what_quarter' }, value: '2026Q5' },
      hint: '写作 2026Q3、2026-Q3、2026年第三季度 或 2026年3季度',
      hint_code: 'bad_quarter_hint',
      hint_params: { forms: { code: 'quarter_forms' } },
    });
    const en = JSON.parse(cli(['metrics', '-w', ws, '--quarter', '2026Q5', '--json', '--lang', 'en']).stdout);
    expect(en.error).toBe('cannot read quarter "2026Q5"');
    expect(en.code).toBe('bad_quarter');
  });

  it('an --as-of after today is a usage error for load, metrics and report: data cannot stand at a day not yet come', () => {
    for (const cmd of [['load', join(dir, 'empty.csv')], ['metrics', '--quarter', '2026Q3'], ['report', '--quarter', '2026Q3']]) {
      const r = cli([...cmd, '-w', ws, '--as-of', '2099-01-01', '--json']);
      expect(r.code, cmd[0]).toBe(2);
      const e = JSON.parse(r.stdout);
      expect(e.code, cmd[0]).toBe('as_of_in_future');
      expect(e.params.value).toBe('2099-01-01');
    }
  });

  it('metrics --json with --csv is a usage error, never one of them dropped quietly', () => {
    const r = cli(['metrics', '-w', ws, '--quarter', '2026Q3', '--csv', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'json_and_csv', hint_code: 'json_and_csv_hint' });
  });

  it('an unknown language is a usage error listing zh and en, from --lang or JICENG_LANG', () => {
    const r = cli(['status', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('jiceng: 不支持的语言“fr”（--lang）\n提示：可选语言：zh（中文）、en（英文），例如 --lang zh\n');
    const env = cli(['status'], { env: { JICENG_LANG: 'fr' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('JICENG_LANG');
  });
});

describe('the error paths of sample and plan', () => {
  const paths = (): string[][] => [
    ['sample', 'findings', '-w', ws],
    ['sample', 'workbook', '-w', ws, '2026Q3-00000000'],
    ['sample', 'draw', '-w', ws, '--stratify', 'officer'],
    ['sample', 'draw', '-w', ws, '--seed', ' '],
    ['sample', 'size', '--population', '0'],
    ['sample', 'size', '--confidence', '0.999999', '--tolerable', '0.0001', '--expected', '0.00009'],
    ['plan', '-w', ws, '--move', 'two'],
    ['plan', '-w', ws, '--from', 'H01'],
    ['plan', '-w', ws, '--ceiling', '2'],
    ['plan', '-w', ws, '--vary', 'committed_ceiling=±x'],
  ];
  it('in zh: no English sentence outside data, paths and flags', () => {
    for (const args of paths()) {
      const r = cli([...args, '--lang', 'zh']);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      expect(r.stderr, args.join(' ')).toMatch(/^jiceng: /);
      expect(prose(r.stderr), `${args.join(' ')}\n${r.stderr}`).not.toMatch(/\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/);
    }
  });
  it('in en: no Chinese interface word', () => {
    for (const args of paths()) {
      const r = cli([...args, '--lang', 'en']);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      expect(r.stderr.replace(/\d{4}年第三季度|\d{4}年3季度/g, ''), `${args.join(' ')}\n${r.stderr}`).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    }
  });
});

describe('a personal number typed into a column that is not personal', () => {
  it('stops the HTML report with one line naming the field and a hint, never an internal error', () => {
    const d = tmp();
    const w = join(d, 'ws');
    expect(cli(['init', w]).code).toBe(0);
    const files = [
      writeText(join(d, '单位.csv'), [['单位编码', '单位名称', '单位类别', '常住人口'], ['S01', '甲派出所', '派出所', 20000]], 'utf-8'),
      writeText(join(d, '信访.csv'), [['信访编号', '登记日期', '责任单位', '联系电话'], ['X2', '2026-07-01', '甲派出所', '13612345678']], 'utf-8'),
      writeText(join(d, '台账.csv'), [['单位', '日期', '事项', '类型', '下发部门'], ['甲派出所', '2026-07-20', '排查', '报表', '13612345678']], 'utf-8'),
      writeText(join(d, '案件.csv'), [['案件编号', '办案单位', '案件类别', '受理时间'], ['A1', '甲派出所', '刑事', '2026-07-01']], 'utf-8'),
    ];
    expect(cli(['load', ...files, '-w', w]).code).toBe(0);
    const r = cli(['report', '-w', w, '--out', join(d, 'out'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'report_personal_number', params: { code: 'petitions.phone' }, hint_code: 'report_personal_number_hint' });
    const zh = cli(['report', '-w', w, '--out', join(d, 'out2')]);
    expect(zh.stderr).toMatch(/^jiceng: HTML 报告未写出：.*联系电话（petitions\.phone）/);
    expect(zh.stderr).not.toMatch(/内部错误|bug/);
  });
});

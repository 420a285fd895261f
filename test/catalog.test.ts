// The message catalog: every code has both texts naming the same parameters; every code the source
// uses exists, with the parameters its texts name; every code is used (or documented as built).
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG } from '../src/i18n/catalog/index.js';
import { msg, paramsOf, say } from '../src/i18n/message.js';
import { legacyMessage } from '../src/db/legacy-messages.js';
import { ROOT } from './helpers.js';
import { DIRECTIONS } from '../src/metrics/definitions.js';
import { KIND_NAMES, KINDS } from '../src/contract/kinds.js';
import { FIELD_EN } from '../src/i18n/catalog/fields.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const SRC = sources(join(ROOT, 'src')).filter((p) => !p.includes(`${join('src', 'i18n', 'catalog')}`));
const TEXT = SRC.map((p) => ({ p, s: readFileSync(p, 'utf8') }));

/** The object literal starting at s[i] ('{'), braces balanced. */
function objectAt(s: string, i: number): string {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return s.slice(i, j + 1);
  }
  return s.slice(i);
}

/** Every literal msg('code', …) / t('code', …) call in the source, with the parameter names it supplies (null: a spread, unknown). */
function calls(): Array<{ file: string; code: string; keys: string[] | null }> {
  const out: Array<{ file: string; code: string; keys: string[] | null }> = [];
  for (const { p, s } of TEXT) {
    for (const m of s.matchAll(/\b(?:msg|message|t)\(\s*'([a-z][a-z0-9_]*)'\s*(,\s*)?/g)) {
      let keys: string[] | null = [];
      if (m[2]) {
        const at = m.index! + m[0].length;
        if (s[at] === '{') {
          const obj = objectAt(s, at);
          const top = obj.slice(1, -1).replace(/\{[^{}]*\}|\([^()]*\)|`[^`]*`|'[^']*'/g, '');
          keys = top.includes('...') ? null : [...top.matchAll(/(?:^|,)\s*(\w+)\s*(?=:|,|$)/g)].map((k) => k[1]);
        } else keys = null; // a variable holding the parameters
      }
      out.push({ file: p.slice(ROOT.length + 1), code: m[1], keys });
    }
  }
  return out;
}

/** Codes built from parts at run time (not a literal in the source), and where. */
const BUILT = [
  /^io_what_/, // fs-errors.ts: msg(`io_what_${target.what}`)
  /^io_.*_(undone|hint)$/, // fs-errors.ts: `${code}_undone`, `${code}_hint`
  /^what_/, // metrics/run.ts: msg(`what_${what}`)
  /^field_/, // catalog/fields.ts, built from the contract; i18n/names.ts fieldName()
  /^kind_/, // i18n/names.ts kindName(), one per KIND_NAMES (checked below)
  /^direction_/, // metrics/view.ts: msg(`direction_${d.direction}`), one per DIRECTIONS (checked below)
  /^file_what_/, // readers/sniff.ts BINARY_MAGIC table
  /^delimiter_/, // readers/text.ts delimiterMessage
  /^file_zip_(word|powerpoint|not_workbook)$/, // readers/zipcheck.ts
  /^encoding_bad_byte/, // readers/encoding.ts
  /^(help_usage|help_options|help_global_options|help_commands|help_arguments)$/, // cli/help.ts HEADINGS
  /^note_taken_from_/, // ingest/load.ts fallback notes
  /^(sheet_missing_required|sheet_missing_required_closest)$/, // ingest/load.ts
  /^reject_/, // ingest/values.ts table R, and stored rejects (legacy-messages.ts)
  /^warn_/, // ingest/load.ts, and stored warnings (legacy-messages.ts)
  /^(km_not_reached|no_eligible_cases|no_quarter_cases)$/, // reason codes written by metrics/*.sql
  /^bundle_/, // scripts/bundle.ts, outside src/
  /^lake_(type|role|col|mcol|lcol|status)_/, // lake/schema-doc.ts and quality/view.ts: `lake_col_${name}`
  /^(ev|rule|col)_/, // ingest/view.ts: t(`ev_${values}`), t(`rule_${rule}`), column titles
  /^unit_/, // metrics/format.ts unitText: msg(`unit_${unit}`)
  /^null_reason_/, // metrics/format.ts reasonText: `null_reason_${code}` for the reason codes of metrics/*.sql
  /^breakdown_field_/, // metrics/format.ts reasonText: the argument of no_breakdown:<field>
];
const DATA = new Set(['legacy_text', 'list_separator', 'hint_prefix', 'warning_prefix']);

describe('CATALOG', () => {
  it('gives every code a zh and an en text naming the same parameters', () => {
    for (const [code, entry] of Object.entries(CATALOG)) {
      expect(code, code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(entry.zh.trim(), code).not.toBe('');
      expect(entry.en.trim(), code).not.toBe('');
      expect(paramsOf(entry.zh).sort(), code).toEqual(paramsOf(entry.en).sort());
    }
  });

  it('holds every code the source uses, and each call supplies the parameters its texts name', () => {
    const all = calls();
    expect(all.length).toBeGreaterThan(300);
    for (const c of all) {
      expect(CATALOG[c.code], `${c.file}: ${c.code}`).toBeDefined();
      if (c.keys === null) continue;
      // {jiceng} is filled in by say() itself: the command as the user runs it (cli/invocation.ts).
      for (const p of paramsOf(CATALOG[c.code].en).filter((x) => x !== 'jiceng')) expect(c.keys, `${c.file}: ${c.code} needs {${p}}`).toContain(p);
    }
  });

  it('uses every code somewhere (or builds it from parts, documented above)', () => {
    // Used: named as a string literal in the source (msg('x'), or msg(cond ? 'x' : 'y'), or a table).
    const used = new Set(TEXT.flatMap(({ s }) => [...s.matchAll(/'([a-z][a-z0-9_]*)'/g)].map((m) => m[1])));
    const unused = Object.keys(CATALOG).filter((c) => !used.has(c) && !DATA.has(c) && !BUILT.some((re) => re.test(c)));
    expect(unused, unused.join(' ')).toEqual([]);
  });

  it('has no English in zh texts beyond names, flags and examples, and no Chinese in en texts beyond data', () => {
    for (const [code, { zh, en }] of Object.entries(CATALOG)) {
      // zh: no run of three English words (commands, flags, file types and examples are allowed).
      const zhProse = zh.replace(/`[^`]*`|--[\w-]+|\{\w+\}|jiceng [\w <>./-]+|"[^"]*"|[\w.]+\.(?:xlsx|xls|csv|sql|json)|e\.g\.|apt-get install [\w-]+/g, '');
      expect(zhProse, code).not.toMatch(/\b[A-Za-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b/);
      // en: Chinese only as data (header names, WPS menu names, examples of input).
      const enProse = en.replace(/[\u4e00-\u9fff]+(?:[=：][\w.]*)?|文件 ▸ 文档加密 ▸ 密码加密|“|”/g, '');
      expect(enProse, code).not.toMatch(/[\u3000-\u303f\uff00-\uffef]/);
    }
  });
});

// Words a person reads live in the catalog only: no tr() of a {zh, en} pair, no inline pair table
// (src/i18n/catalog/ is left out of SRC). The contract's title_zh / title_en are data, not a pair.
describe('no bilingual text outside the catalog', () => {
  /** Lines of the source (comments dropped) that call tr( or write a { zh: '…', en: '…' } pair. */
  function offenders(text: string): string[] {
    return text.split('\n').map((line, i) => ({ line: line.replace(/^\s*(\/\/|\*|\/\*).*$/, ''), n: i + 1 }))
      .filter(({ line }) => /(?<![\w.$])tr\(/.test(line) || /(?<![\w$])(zh|en)\s*:\s*(['"`])(?!\2)/.test(line))
      .map(({ n }) => String(n));
  }

  it('finds no tr( call and no inline pair in src/', () => {
    const found = TEXT.flatMap(({ p, s }) => offenders(s).map((n) => `${p.slice(ROOT.length + 1)}:${n}`));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('would catch either form, and leaves the contract\'s title_zh / title_en alone', () => {
    expect(offenders("x = tr({ a }, lang);")).toEqual(['1']);
    expect(offenders("const T = {\n  a: { zh: '甲', en: 'a' },\n};")).toEqual(['2']);
    expect(offenders('  b: { en: "b", zh: "乙" },')).toEqual(['1']);
    expect(offenders("    title_zh: '单位基础信息',\n    title_en: 'Units',")).toEqual([]);
    // An empty pair (a document's two columns left blank) and <tr> in HTML are not text.
    expect(offenders("const none = { zh: '', en: '' };\nhtml`<tr><td>`; attr(x);")).toEqual([]);
  });
});

describe('display names', () => {
  it('name every kind of export in both languages', () => {
    for (const k of KIND_NAMES) expect(CATALOG[`kind_${k}`], k).toBeDefined();
  });

  it('name every field of every kind in both languages', () => {
    for (const k of KIND_NAMES) {
      for (const f of KINDS[k].fields) {
        expect(FIELD_EN[k][f.name], `${k}.${f.name} has no English name in catalog/fields.ts`).toBeTruthy();
        expect(say(msg(`field_${k}_${f.name}`), 'zh')).toBe(f.aliases[0]);
      }
    }
  });

  it('name every metric direction in both languages', () => {
    for (const d of DIRECTIONS) expect(CATALOG[`direction_${d}`], d).toBeDefined();
  });
});

describe('say', () => {
  it('fills the parameters in the chosen language, nested messages and lists included', () => {
    expect(say(msg('internal_error', { detail: 'x' }), 'zh')).toBe('内部错误：x');
    expect(say(msg('internal_error', { detail: 'x' }), 'en')).toBe('internal error: x');
    const m = msg('io_disk_full', { what: msg('io_what_report'), path: '/r.html' });
    expect(say(m, 'zh')).toBe('写入报告 /r.html 时磁盘已满');
    expect(say(m, 'en')).toBe('disk full while writing the report /r.html');
    const q = msg('no_data_for_quarter_hint', { quarters: [msg('quarter_with_counts', { quarter: '2026Q2', cases: 1, ledger: 2, petitions: 3 }), msg('quarter_with_counts', { quarter: '2026Q3', cases: 4, ledger: 0, petitions: 0 })] });
    expect(say(q, 'zh')).toBe('有数据的季度：2026Q2（案件 1，台账 2，信访 3）；2026Q3（案件 4，台账 0，信访 0）');
    expect(say(q, 'en')).toBe('quarters with data: 2026Q2 (cases 1, ledger 2, petitions 3); 2026Q3 (cases 4, ledger 0, petitions 0)');
  });
});

// The loader's reasons and warnings (formerly translated back from English by regular expressions):
// the same English and Chinese, now from codes. legacyMessage (the schema 1→2 upgrade) reads the
// English back into the same code and parameters.
describe('loader messages', () => {
  const cases: Array<[ReturnType<typeof msg>, string, string]> = [
    [msg('reject_required_empty'), 'required value is empty', '必填项为空'],
    [msg('reject_month_out_of_range', { month: 13 }), 'month 13 out of range', '月份 13 超出范围'],
    [msg('reject_unknown_value', { expected: '刑事, 治安' }), 'unknown value; expected one of: 刑事, 治安', '无法识别的取值，应为：刑事, 治安'],
    [msg('reject_date_before', { date: '1950-01-01' }), 'date before 1950-01-01', '日期早于 1950-01-01'],
    [msg('reject_above_maximum', { max: 1000 }), 'value above the plausible maximum 1000', '数值超过合理上限 1000'],
    [msg('reject_duplicate_key', { rows: '12, 13' }), 'duplicate key with different values; rows 12, 13 share it: fix the export so only one remains', '键值重复且内容不同：第 12, 13 行，请修正导出文件只保留一行'],
    [msg('note_taken_from_title', { field: 'as_of', value: '2026-09-30' }), 'as_of taken as "2026-09-30" (from the title)', 'as_of 取自标题：“2026-09-30”'],
    [msg('warn_total_mismatch_rejected', { row: 8, column: '人口/常住', declared: '82001', actual: '82000', rejected: 2 }), 'total row 8: 人口/常住 says 82001 but the loaded rows sum to 82000 (2 row(s) were rejected)', '合计行（第 8 行）：人口/常住 为 82001，但已加载各行合计为 82000（另有 2 行被拒收）'],
    [msg('warn_differs_from_earlier', { n: 23, file: '案件台账_v1.xlsx', load: 3 }), "23 record(s) differ from 案件台账_v1.xlsx loaded earlier (load 3): replaced by this file's values", '23 条记录与先前加载的 案件台账_v1.xlsx（第 3 次加载）不一致，已按本文件替换'],
  ];
  it('read the same in English and Chinese as before, and older English reads back into the same code', () => {
    for (const [m, en, zh] of cases) {
      expect(say(m, 'en')).toBe(en);
      expect(say(m, 'zh')).toBe(zh);
      expect(legacyMessage(en)).toEqual(m);
    }
  });

  it('a sheet that cannot be loaded, with and without a closest header', () => {
    const p = { where: 'cases.csv', kind: 'cases', field: 'received_at', aliases: '受理时间/报案时间/接报时间', seen: '案件编号, 受理时刻' };
    expect(say(msg('sheet_missing_required_closest', { ...p, closest: '受理时刻' }), 'zh')).toBe(
      'cases.csv：看起来是 cases 表，但缺少必填字段 received_at（受理时间/报案时间/接报时间）的列；现有表头：案件编号, 受理时刻；最接近的是“受理时刻”',
    );
    expect(say(msg('sheet_missing_required', { ...p, where: 'a.csv', field: 'case_id', aliases: '案件编号/案件编码/警情编号', seen: 'x, y' }), 'zh')).toBe(
      'a.csv：看起来是 cases 表，但缺少必填字段 case_id（案件编号/案件编码/警情编号）的列；现有表头：x, y',
    );
  });

  it('unknown older text stays as written', () => {
    expect(legacyMessage('something new')).toEqual(msg('legacy_text', { text: 'something new' }));
    expect(say(legacyMessage('something new'), 'zh')).toBe('something new');
  });
});

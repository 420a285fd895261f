// Header words: normalising a header cell as clerks write it, and the grammar that matches it
// against a field's aliases (时间≡日期, optional suffixes, 是否X, alternatives, meaningful brackets).
import type { Field } from './kinds.js';
import { toSimplified } from './traditional.js';

/** How a header matched a field, strongest first; confidence is the rule's base certainty. */
export type MatchRule = 'map' | 'remembered' | 'alias' | 'time_date' | 'class_type' | 'bool_prefix' | 'suffix' | 'bracket' | 'alternative' | 'bilingual';

export const RULE_CONFIDENCE: Record<MatchRule, number> = {
  map: 1,
  remembered: 1,
  alias: 1,
  bilingual: 0.95,
  time_date: 0.95,
  class_type: 0.95,
  bool_prefix: 0.95,
  bracket: 0.9,
  suffix: 0.85,
  alternative: 0.85,
};

/** Words a header may add to a field's alias without changing its meaning (事项名称 = 事项), by the field's type. */
export const OPTIONAL_SUFFIXES = ['名称', '编号', '编码', '代码', '人数', '数', '类别', '类型', '情况'];
const COUNT_SUFFIXES = ['人数', '数'];
const NAME_SUFFIXES = ['名称', '编号', '编码', '代码'];
const CLASS_SUFFIXES = ['类别', '类型', '情况'];

function suffixesFor(field: Field): string[] {
  switch (field.type) {
    case 'int':
    case 'number':
      return COUNT_SUFFIXES;
    case 'id':
      return NAME_SUFFIXES;
    case 'text':
      return [...NAME_SUFFIXES, ...CLASS_SUFFIXES];
    case 'enum':
    case 'bool':
      return [...NAME_SUFFIXES, ...CLASS_SUFFIXES];
    default:
      return [];
  }
}

/** Bracket contents that only give a unit of measure: 耗时（小时）, 面积（平方公里）, 涉案金额（元）. */
const MEASURE_UNITS = new Set([
  '小时', 'h', '时', '工时', '天', '日', '分钟', '分', 'min', '周', '平方公里', 'km2', 'km²', '平方千米', '平方米', 'm2', 'm²', '公顷', '亩',
  '元', '千元', '万元', '人', '个', '件', '次', '名', '%', '％', '户', '岁', '年',
]);

/** The unit of measure a header's bracket gives (耗时（分钟） → 分钟), if any. */
export function bracketMeasure(header: string): string | undefined {
  const b = splitBracket(normalizeHeader(header));
  const inner = b?.inner.trim();
  return inner && MEASURE_UNITS.has(inner) ? inner : undefined;
}

// Circled numbers are folded to digits by NFKC, so they go first.
const CIRCLED = /^[\u2460-\u2473\u2776-\u277f\u2780-\u2793]/;
const NUMBERING = [
  /^\d{1,2}(?:\.\d{1,2})*[.、)]/, // 1. 1、 1) 2.1.
  /^\(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)/, // （一） (1)
  /^[一二三四五六七八九十]{1,3}[、.]/, // 一、
];
const REQUIRED_MARKS = /\((?:必填|必选|必填项|required)\)|^[*※★#]+|[*※★]+$/g;

/**
 * The canonical spelling of a header cell: width folded (NFKC), traditional characters made
 * simplified, lower case, numbering, 其中, required markers, trailing colons and every space dropped.
 * Brackets are kept (normalised to ASCII) for the grammar to read.
 */
export function normalizeHeader(text: string): string {
  let s = toSimplified(text.replace(/[\r\n]+/g, '')).trim().replace(CIRCLED, '');
  s = s.normalize('NFKC').toLowerCase();
  s = s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, ' ').trim();
  s = s.replace(/[【［]/g, '(').replace(/[】］]/g, ')').replace(/\[/g, '(').replace(/\]/g, ')');
  for (let i = 0; i < 3; i++) {
    const before = s;
    for (const re of NUMBERING) s = s.replace(re, '').trim();
    s = s.replace(/^其中\s*[:：]?\s*/, '').replace(/^含\s*[:：]\s*/, '');
    s = s.replace(REQUIRED_MARKS, '').trim();
    s = s.replace(/[:：]+$/, '').trim();
    if (s === before) break;
  }
  // A numbering digit NFKC made of ① (or written without a stop) before a word: 1单位.
  s = s.replace(/^\d{1,2}(?=[\u4e00-\u9fff])/, '');
  // No spaces at all: 'Case No.' and 'CASE NO' are one spelling, caseno.
  return s.replace(/[\s._-]+/g, '');
}

/** One way to read a header: a spelling and the rule that produced it. */
export interface Reading {
  key: string;
  rule: MatchRule;
  /** Unit of measure found in a bracket (小时): evidence for a number field. */
  measure?: string;
}

/** Splits `base(inner)rest` at its first bracket. */
function splitBracket(s: string): { base: string; inner: string; rest: string } | undefined {
  const m = s.match(/^([^()]*)\(([^()]*)\)(.*)$/);
  return m ? { base: m[1], inner: m[2], rest: m[3] } : undefined;
}

/**
 * The spellings a normalised header can be read as, strongest first: as written; with a
 * unit-only bracket dropped; with a meaningful bracket folded in (人口(户籍) → 户籍人口);
 * each part of an alternative (警号/人员编号, 单位或部门); each language of a bilingual header.
 */
export function readings(key: string): Reading[] {
  const out: Reading[] = [];
  const seen = new Set<string>();
  const add = (k: string, rule: MatchRule, measure?: string): void => {
    const t = k.trim();
    if (!t || seen.has(t)) return;
    seen.add(t);
    out.push({ key: t, rule, measure });
  };
  add(key, 'alias');
  const b = splitBracket(key);
  if (b) {
    const inner = b.inner.trim();
    const base = (b.base + b.rest).trim();
    if (MEASURE_UNITS.has(inner) || /^(单位|unit)[:：]?/.test(inner)) add(base, 'alias', inner);
    else if (inner) {
      // A qualifier: 辖区人口(户籍) → 户籍人口 (the qualifier before each tail of the base), 人口户籍.
      const chars = [...base];
      for (let i = 0; i < chars.length - 1; i++) add(inner + chars.slice(i).join(''), 'bracket');
      add(base + inner, 'bracket');
    }
  }
  // Alternatives: either part may name the field.
  const parts = key.split(/\s*(?:\/|或|、|\|)\s*/).filter(Boolean);
  if (parts.length > 1) for (const p of parts) for (const r of readings(p)) add(r.key, r.rule === 'alias' ? 'alternative' : r.rule, r.measure);
  // Bilingual without a separator: 案件编号 case no / case no 案件编号.
  const bi = key.match(/^([^a-z]*[^a-z\s])\s*([a-z][a-z0-9 #]*)$/) ?? key.match(/^([a-z][a-z0-9 #]*?)\s*([^a-z0-9\s].*)$/);
  if (bi && /[\u4e00-\u9fff]/.test(key)) {
    for (const p of [bi[1], bi[2]]) for (const r of readings(p.trim())) add(r.key, r.rule === 'alias' ? 'bilingual' : r.rule, r.measure);
  }
  return out;
}

/** Every spelling of one alias the grammar accepts for a field, with its rule. */
export function aliasVariants(alias: string, field: Field): Array<{ key: string; rule: MatchRule }> {
  const a = normalizeHeader(alias);
  const out: Array<{ key: string; rule: MatchRule }> = [{ key: a, rule: 'alias' }];
  if (/[a-z]/.test(a) && !/[\u4e00-\u9fff]/.test(a)) return out; // English aliases are taken as written
  const withTimes: Array<{ key: string; rule: MatchRule }> = [...out];
  if (field.type === 'date' || field.type === 'datetime') {
    if (a.endsWith('时间')) withTimes.push({ key: a.slice(0, -2) + '日期', rule: 'time_date' });
    if (a.endsWith('日期')) withTimes.push({ key: a.slice(0, -2) + '时间', rule: 'time_date' });
  }
  // 类别 ≡ 类型 for categories: 事项类型 / 事项类别, 单位类别 / 单位类型.
  if (field.type === 'enum' || field.type === 'text') {
    if (a.endsWith('类别')) withTimes.push({ key: a.slice(0, -2) + '类型', rule: 'class_type' });
    if (a.endsWith('类型')) withTimes.push({ key: a.slice(0, -2) + '类别', rule: 'class_type' });
  }
  const all = [...withTimes];
  for (const { key } of withTimes) {
    for (const sfx of suffixesFor(field)) {
      if (!key.endsWith(sfx)) all.push({ key: key + sfx, rule: 'suffix' });
      else if (key.length > sfx.length + 1) all.push({ key: key.slice(0, -sfx.length), rule: 'suffix' });
    }
  }
  if (field.type === 'bool') {
    for (const { key } of withTimes) {
      if (key.startsWith('是否')) {
        if (key.length > 3) all.push({ key: key.slice(2), rule: 'bool_prefix' });
      } else all.push({ key: '是否' + key, rule: 'bool_prefix' });
    }
  }
  return all;
}

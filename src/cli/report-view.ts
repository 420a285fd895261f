// What `report` (and the demo) print about the reports written: warnings, the quarter, one path per file (pure).
// It lives beside the commands rather than in src/report/, which another engineer is reshaping.
import { tr, type Lang } from '../i18n/index.js';
import type { Block } from './blocks.js';
import type { WrittenReport } from '../report/index.js';

export function reportWarnings(r: WrittenReport, lang: Lang): Block[] {
  return r.warnings.map((w) => ({ warn: w, lang }));
}

export function reportLines(r: WrittenReport, lang: Lang): Block[] {
  return [
    ...reportWarnings(r, lang),
    { info: tr({ zh: '{q} 季度报告{c}：', en: 'Report for {q}{c}:' }, lang, { q: r.quarter, c: r.compare ? tr({ zh: '（对比 {p}）', en: ' (compared with {p})' }, lang, { p: r.compare }) : '' }) },
    ...r.files.map((f) => ({ line: f.path })),
  ];
}

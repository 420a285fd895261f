// What `demo` prints: the workspace's contents, the sample drawn, the files written and where to go next (pure).
import { kindName } from '../i18n/names.js';
import { msg, say, type Param } from '../i18n/message.js';
import type { Lang } from '../i18n/index.js';
import { table, type Block } from '../cli/blocks.js';
import { reportLines } from '../report/view.js';
import { DEMO_SEED, type DemoResult } from './run.js';

/** Catalog words in one language: const t = words(lang); t('view_col_kind'). */
const words = (lang: Lang) => (code: string, params?: Record<string, Param>): string => say(msg(code, params), lang);

export function workspaceBlocks(dir: string, lang: Lang): Block[] {
  const t = words(lang);
  return [{ info: t('view_demo_workspace', { dir }) }];
}

export function demoBlocks(d: DemoResult, lang: Lang): Block[] {
  const t = words(lang);
  const m = d.sample;
  return [
    { line: '' },
    table(
      d.status.kinds.map((k) => ({ kind: k.kind, rows: k.rows, periods: k.periods.join(' '), rejected: k.rejected, flagged: k.flagged })),
      [
        { key: 'kind', title: t('view_col_kind'), format: (v) => say(kindName(String(v)), lang) },
        { key: 'rows', title: t('view_col_rows'), align: 'right' },
        { key: 'periods', title: t('view_col_periods') },
        { key: 'rejected', title: t('view_col_rejected'), align: 'right' },
        { key: 'flagged', title: t('view_col_flagged'), align: 'right' },
      ],
    ),
    { line: '' },
    {
      info: t('view_demo_sample', {
        id: m.sample_id, seed: DEMO_SEED, n: m.sample_size, pop: m.population_size,
      }),
    },
    { line: d.workbook },
    ...reportLines(d.report, lang),
    { line: '' },
    { info: t('view_demo_explore', { dir: d.wsDir }) },
    { info: t('view_demo_report_again', { dir: d.wsDir }) },
  ];
}

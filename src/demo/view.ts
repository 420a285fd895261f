// What `demo` prints: the workspace's contents, the sample drawn, the files written and where to go next (pure).
import { kindName } from '../i18n/names.js';
import { say } from '../i18n/message.js';
import { tr, type Lang } from '../i18n/index.js';
import { table, type Block } from '../cli/blocks.js';
import { reportLines } from '../cli/report-view.js';
import { DEMO_SEED, type DemoResult } from './run.js';

export function workspaceBlocks(dir: string, lang: Lang): Block[] {
  return [{ info: tr({ zh: '演示工作区：{dir}', en: 'Demo workspace: {dir}' }, lang, { dir }) }];
}

export function demoBlocks(d: DemoResult, lang: Lang): Block[] {
  const m = d.sample;
  return [
    { line: '' },
    table(
      d.status.kinds.map((k) => ({ kind: k.kind, rows: k.rows, periods: k.periods.join(' '), rejected: k.rejected, flagged: k.flagged })),
      [
        { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, lang), format: (v) => say(kindName(String(v)), lang) },
        { key: 'rows', title: tr({ zh: '行数', en: 'rows' }, lang), align: 'right' },
        { key: 'periods', title: tr({ zh: '覆盖期间', en: 'periods' }, lang) },
        { key: 'rejected', title: tr({ zh: '拒收', en: 'rejected' }, lang), align: 'right' },
        { key: 'flagged', title: tr({ zh: '存疑', en: 'flagged' }, lang), align: 'right' },
      ],
    ),
    { line: '' },
    {
      info: tr({ zh: '倒查样本 {id}（种子 {seed}）：从 {pop} 件中抽取 {n} 件', en: 'Backtracking sample {id} (seed {seed}): {n} of {pop} cases' }, lang, {
        id: m.sample_id, seed: DEMO_SEED, n: m.sample_size, pop: m.population_size,
      }),
    },
    { line: d.workbook },
    ...reportLines(d.report, lang),
    { line: '' },
    { info: tr({ zh: '继续探索：{jiceng} status --rejects -w {dir}', en: 'Explore: {jiceng} status --rejects -w {dir}' }, lang, { dir: d.wsDir }) },
    { info: tr({ zh: '重新生成报告：{jiceng} report -w {dir} --compare', en: 'Report again: {jiceng} report -w {dir} --compare' }, lang, { dir: d.wsDir }) },
  ];
}

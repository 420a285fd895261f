// `jiceng demo`: the main job on the bundled demo county — fresh workspace, load, status, and both reports.
import { kindName } from '../../i18n/names.js';
import { say } from '../../i18n/message.js';
import { msg } from '../../i18n/message.js';
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initWorkspace, openWorkspace } from '../../workspace.js';
import { expandPaths } from '../../ingest/load.js';
import { workspaceStatus } from '../../status.js';
import { projectRoot } from '../../version.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { loadWithOutput } from './load.js';
import { tr } from '../../i18n/index.js';
import { UserError } from '../../errors.js';
import { writeReports } from '../../report/index.js';
import { commandLine } from '../../report/model.js';
import { quartersWithData } from '../../metrics/run.js';
import { previousQuarter } from '../../quarter.js';
import { drawSample } from '../../sample/draw.js';
import { readWorkbookRows, writeSampleWorkbook } from '../../sample/workbook.js';
import { sampleSettings } from '../../sample/settings.js';
import { sanitizeFileName } from '../../report/filenames.js';

/** A fixed seed, so every run of the demo draws the same sample. */
const DEMO_SEED = 'jiceng-demo';

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('demo')
    .description(t('help_demo'))
    .option('--out <dir>', t('help_demo_out'), 'reports')
    .action(
      action(async (flags: { out: string }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const outDir = resolve(flags.out);
        const wsDir = join(outDir, 'demo-workspace');
        const demoDir = join(projectRoot(), 'fixtures', 'demo');
        if (!existsSync(demoDir)) throw new UserError(msg('demo_exports_missing', { dir: demoDir }), { hint: msg('demo_exports_missing_hint') });
        rmSync(wsDir, { recursive: true, force: true });
        await initWorkspace(wsDir);
        out.info(tr({ zh: '演示工作区：{dir}', en: 'Demo workspace: {dir}' }, ctx.lang, { dir: wsDir }));
        const ws = await openWorkspace(wsDir);
        try {
          const { fileErrors } = await loadWithOutput(ws, expandPaths([demoDir]), {}, { lang: ctx.lang, debug: ctx.debug });
          if (fileErrors.length) throw new UserError(msg('demo_files_failed', { n: fileErrors.length }), { hint: msg('demo_files_failed_hint') });
          const status = await workspaceStatus(ws.db);
          out.line();
          out.table(
            status.kinds.map((k) => ({ kind: k.kind, rows: k.rows, periods: k.periods.join(' '), rejected: k.rejected, flagged: k.flagged })),
            [
              { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, ctx.lang), format: (v) => say(kindName(String(v)), ctx.lang) },
              { key: 'rows', title: tr({ zh: '行数', en: 'rows' }, ctx.lang), align: 'right' },
              { key: 'periods', title: tr({ zh: '覆盖期间', en: 'periods' }, ctx.lang) },
              { key: 'rejected', title: tr({ zh: '拒收', en: 'rejected' }, ctx.lang), align: 'right' },
              { key: 'flagged', title: tr({ zh: '存疑', en: 'flagged' }, ctx.lang), align: 'right' },
            ],
          );
          out.line();
          // A seeded backtracking sample of the latest quarter, so the report's backtracking section
          // shows coverage; the auditor workbook goes beside the reports.
          const draw = await drawSample(ws, { seed: DEMO_SEED, lang: ctx.lang });
          const m = draw.manifest;
          const workbook = join(outDir, sanitizeFileName(`倒查样本_${m.quarter}_${m.sample_id}.xlsx`));
          await writeSampleWorkbook(workbook, m, await readWorkbookRows(ws.db, m), { lang: ctx.lang, defectTypes: sampleSettings(ws.config, ctx.lang).defect_types });
          out.info(
            tr({ zh: '倒查样本 {id}（种子 {seed}）：从 {pop} 件中抽取 {n} 件', en: 'Backtracking sample {id} (seed {seed}): {n} of {pop} cases' }, ctx.lang, {
              id: m.sample_id, seed: DEMO_SEED, n: m.sample_size, pop: m.population_size,
            }),
          );
          out.line(workbook);
          // The report of the latest quarter with case data, compared with the quarter before when that one has data.
          const quarters = await quartersWithData(ws.db);
          const latest = [...quarters].reverse().find((q) => q.cases > 0);
          const prev = latest ? quarters.find((q) => q.quarter === previousQuarter(latest.quarter)) : undefined;
          const hasData = Boolean(prev && prev.cases + prev.ledger + prev.petitions > 0);
          const report = await writeReports(ws, {
            lang: ctx.lang,
            compare: hasData ? '' : undefined,
            command: commandLine(process.argv),
            outDir,
          });
          for (const w of report.warnings) out.warn(w, ctx.lang);
          out.info(tr({ zh: '{q} 季度报告{c}：', en: 'Report for {q}{c}:' }, ctx.lang, {
            q: report.quarter,
            c: report.compare ? tr({ zh: '（对比 {p}）', en: ' (compared with {p})' }, ctx.lang, { p: report.compare }) : '',
          }));
          for (const f of report.files) out.line(f.path);
          out.line();
          out.info(tr({ zh: '继续探索：{jiceng} status --rejects -w {dir}', en: 'Explore: {jiceng} status --rejects -w {dir}' }, ctx.lang, { dir: wsDir }));
          out.info(tr({ zh: '重新生成报告：{jiceng} report -w {dir} --compare', en: 'Report again: {jiceng} report -w {dir} --compare' }, ctx.lang, { dir: wsDir }));
        } finally {
          ws.close();
        }
      }),
    );
}

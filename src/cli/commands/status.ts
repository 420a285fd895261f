// `jiceng status`: what the workspace holds, rejects and flagged rows.
import { fieldName, kindName } from '../../i18n/names.js';
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { lakeLoads } from '../../lake/status.js';
import { listFlags, listRejects, rejectMessage, workspaceStatus, type RejectRow } from '../../status.js';
import { FLAG_LABELS } from '../../quality/flags.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { tr } from '../../i18n/index.js';
import { msg, say, type Param } from '../../i18n/message.js';
import { CATALOG } from '../../i18n/catalog/index.js';
import { fieldOf } from '../../contract/kinds.js';
import { integrityReport, quartersWithData, type DeclaredGap } from '../../metrics/run.js';
import { readRemembered } from '../../ingest/remembered.js';

const INDICATOR_CODES = fieldOf('ledger', 'indicator').codes ?? {};

const FLAG_TEXT = FLAG_LABELS;

/** declared_vs_recorded gaps in every quarter that has data (statistics integrity at a glance). */
async function declaredGaps(ws: Awaited<ReturnType<typeof openWorkspace>>, strict: boolean, lang: Lang): Promise<DeclaredGap[]> {
  const gaps: DeclaredGap[] = [];
  const warned = new Set<string>();
  for (const q of await quartersWithData(ws.db)) {
    if (!q.ledger) continue;
    const r = await integrityReport(ws, { quarter: q.quarter, strict });
    gaps.push(...r.gaps);
    // A broken declared_vs_recorded file is said once, not once per quarter.
    for (const w of r.warnings) {
      const key = JSON.stringify(w);
      if (!warned.has(key)) out.warn(w, lang);
      warned.add(key);
    }
  }
  return gaps;
}

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('status')
    .description(t('help_status'))
    .option('--rejects', t('help_status_rejects'))
    .option('--flags', t('help_status_flags'))
    .option('--json', t('help_opt_json'))
    .option('--strict', t('help_opt_strict'))
    .action(
      action(async (flags: { rejects?: boolean; flags?: boolean; json?: boolean; strict?: boolean }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const status = await workspaceStatus(ws.db);
          const rejects = flags.rejects ? await listRejects(ws.db) : undefined;
          const flagged = flags.flags ? await listFlags(ws.db) : undefined;
          const gaps = await declaredGaps(ws, Boolean(flags.strict), ctx.lang);
          const lakes = await lakeLoads(ws.db);
          const mappings = await readRemembered(ws.db);
          if (flags.json) {
            const rejectsJson = rejects?.map((r) => {
              const m = rejectMessage(r);
              return { ...r, reason: say(m, ctx.lang), code: m.code, params: m.params ?? {} };
            });
            out.json({ workspace: ws.dir, ...status, lakes, declared_vs_recorded: gaps, mappings, ...(rejectsJson ? { rejects: rejectsJson } : {}), ...(flagged ? { flagged } : {}) });
            return;
          }
          const L = ctx.lang;
          out.heading(tr({ zh: '工作区 {dir}', en: 'Workspace {dir}' }, L, { dir: ws.dir }));
          out.table(
            status.kinds.map((k) => ({ ...k, periods: k.periods.length > 4 ? `${k.periods[0]} … ${k.periods.at(-1)} (${k.periods.length})` : k.periods.join(' ') })),
            [
              { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, L), format: (v) => say(kindName(String(v)), L) },
              { key: 'rows', title: tr({ zh: '行数', en: 'rows' }, L), align: 'right' },
              { key: 'periods', title: tr({ zh: '覆盖期间', en: 'periods' }, L) },
              { key: 'loads', title: tr({ zh: '加载次数', en: 'loads' }, L), align: 'right' },
              { key: 'rejected', title: tr({ zh: '拒收', en: 'rejected' }, L), align: 'right', highlight: (r) => Number(r.rejected) > 0 },
              { key: 'flagged', title: tr({ zh: '存疑', en: 'flagged' }, L), align: 'right', highlight: (r) => Number(r.flagged) > 0 },
            ],
          );
          const dated = status.loads.filter((l) => l.data_date);
          if (dated.length) {
            out.line();
            out.heading(say(msg('data_dates_heading'), L));
            out.table(dated as unknown as Record<string, unknown>[], [
              { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, L), format: (v) => say(kindName(String(v)), L) },
              { key: 'file_name', title: tr({ zh: '文件', en: 'file' }, L) },
              { key: 'sheet', title: tr({ zh: '工作表', en: 'sheet' }, L) },
              { key: 'data_date', title: say(msg('data_date_label'), L) },
            ]);
          }
          if (lakes.length) {
            // Lakes merged (jiceng load LAKE), named by their folder: src/lake/status.ts.
            const t = (code: string): string => say(msg(code), L);
            out.line();
            out.heading(t('lake_status_heading'));
            const right = (key: string) => ({ key, title: t(`lake_status_${key}`), align: 'right' as const });
            out.table(lakes as unknown as Record<string, unknown>[], [
              { key: 'lake', title: t('lake_status_lake') }, { key: 'county', title: t('lake_status_county') },
              right('rows'), right('added'), right('updated'), { key: 'loaded_at', title: t('lake_status_time') },
            ]);
          }
          if (status.flags.length) {
            out.line();
            out.heading(tr({ zh: '存疑数据（已加载，请核对）', en: 'Flagged rows (loaded; please check)' }, L));
            out.table(
              status.flags.map((f) => ({ ...f, what: FLAG_TEXT[f.flag][L] })),
              [
                { key: 'kind', title: tr({ zh: '类别', en: 'kind' }, L), format: (v) => say(kindName(String(v)), L) },
                { key: 'what', title: tr({ zh: '问题', en: 'issue' }, L) },
                { key: 'column', title: tr({ zh: '字段', en: 'field' }, L), format: (v, r) => say(fieldName(String(r.kind), String(v)), L) },
                { key: 'value', title: tr({ zh: '填写内容', en: 'value' }, L) },
                { key: 'rows', title: tr({ zh: '行数', en: 'rows' }, L), align: 'right' },
              ],
            );
          }
          if (gaps.length) {
            out.line();
            out.heading(tr({ zh: '统计数字不实（上报数与案件记录不符）', en: 'Declared statistics that differ from the case records' }, L));
            out.table(gaps as unknown as Record<string, unknown>[], [
              { key: 'quarter', title: tr({ zh: '季度', en: 'quarter' }, L) },
              { key: 'station_name', title: tr({ zh: '单位', en: 'station' }, L) },
              { key: 'indicator', title: tr({ zh: '指标', en: 'indicator' }, L), format: (v) => (L === 'zh' ? INDICATOR_CODES[String(v)]?.[0] ?? String(v) : String(v)) },
              { key: 'declared', title: tr({ zh: '上报', en: 'declared' }, L), align: 'right' },
              { key: 'recorded', title: tr({ zh: '案件记录', en: 'recorded' }, L), align: 'right' },
              { key: 'gap', title: tr({ zh: '差额', en: 'gap' }, L), align: 'right', format: (v) => (Number(v) > 0 ? `+${v}` : Number(v) < 0 ? `−${-Number(v)}` : '±0'), highlight: () => true },
            ]);
          }
          if (rejects) {
            out.line();
            out.heading(tr({ zh: '拒收的行', en: 'Rejected rows' }, L));
            // Newer reasons carry a message code: shown in the chosen language from the catalog.
            const shown = rejects.map((r) => {
              const x = r as typeof r & { code?: string | null; params?: string | null };
              return x.code && CATALOG[x.code] ? { ...r, reason: say(msg(x.code, JSON.parse(x.params ?? '{}') as Record<string, Param>), L) } : r;
            });
            out.table(shown as unknown as Record<string, unknown>[], [
              { key: 'file', title: tr({ zh: '文件', en: 'file' }, L) },
              { key: 'sheet', title: tr({ zh: '工作表', en: 'sheet' }, L) },
              { key: 'row', title: tr({ zh: '行', en: 'row' }, L), align: 'right' },
              { key: 'column', title: tr({ zh: '列', en: 'column' }, L) },
              { key: 'reason', title: tr({ zh: '原因', en: 'reason' }, L), format: (_v, r) => say(rejectMessage(r as unknown as RejectRow), L) },
            ]);
          } else if (status.rejects_total) {
            out.line();
            out.info(tr({ zh: '共 {n} 行被拒收。列出：{jiceng} status --rejects', en: '{n} rows rejected. List them: {jiceng} status --rejects' }, L, { n: status.rejects_total }));
          }
          if (flagged) {
            out.line();
            out.table(flagged.map((f) => ({ ...f, what: FLAG_TEXT[f.flag][L] })) as unknown as Record<string, unknown>[], [
              { key: 'file', title: tr({ zh: '文件', en: 'file' }, L) },
              { key: 'sheet', title: tr({ zh: '工作表', en: 'sheet' }, L) },
              { key: 'row', title: tr({ zh: '行', en: 'row' }, L), align: 'right' },
              { key: 'column', title: tr({ zh: '列', en: 'column' }, L) },
              { key: 'what', title: tr({ zh: '问题', en: 'issue' }, L) },
              { key: 'value', title: tr({ zh: '填写内容', en: 'value' }, L) },
            ]);
          }
          if (mappings.length) {
            out.line();
            out.line(say(msg('mappings_count', { n: mappings.length }), L));
            for (const m of mappings) out.line(`  ${m.id}  ${m.kind}  ${m.source}  ${m.last_used_at}`);
          }
          if (!status.loads.length) out.info(tr({ zh: '尚未加载任何数据。下一步：{jiceng} load <导出文件或文件夹>', en: 'Nothing loaded yet. Next: {jiceng} load <exports>' }, L));
        } finally {
          ws.close();
        }
      }),
    );
}

// `jiceng load <files or folders...>`: load exports into the workspace, one transaction per file.
import type { Command } from 'commander';
import { openWorkspace, type Workspace } from '../../workspace.js';
import { DeferFile, expandPaths, loadFile, parseAsOf, parseCounty, parseKinds, type LoadOptions, type SheetResult } from '../../ingest/load.js';
import { loadMappingFile } from '../../ingest/mapping.js';
import { contextOf, action } from '../context.js';
import { out, reportError } from '../output.js';
import { progressReporter } from '../progress.js';
import { tr, type Lang } from '../../i18n/index.js';
import { localizeMessage } from '../../i18n/messages.js';
import { EXIT, isUserError } from '../../errors.js';
import { basename } from 'node:path';
import { say } from '../../i18n/message.js';
import { lakePaths } from '../../lake/read.js';
import { loadLakes } from '../lake-load.js';

interface LoadFlags {
  kind?: string;
  map?: string;
  encoding?: string;
  asOf?: string;
  county?: string;
  includeHidden?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('load <paths...>')
    .description('load xlsx/csv/tsv/txt exports (a folder: every such file in it) into the workspace')
    .option('--kind <kinds>', 'load as this kind instead of detecting it (comma list: one sheet as several kinds)')
    .option('--map <file>', 'mapping file: extra header aliases and constants per kind (JSON)')
    .option('--encoding <enc>', 'text encoding of CSV/TXT files: utf-8, gb18030, utf-16le, utf-16be (default: detected)')
    .option('--as-of <date>', 'snapshot date for rosters and headcount tables that lack a 统计日期 column; the data date of case and petition exports')
    .option('--county <name>', 'the county (县局) the files belong to, for files without a 所属县局 column: unit names are resolved among its units')
    .option('--include-hidden', 'also load hidden sheets')
    .option('--json', 'print one JSON document with the result of every file and sheet')
    .action(
      action(async (paths: string[], flags: LoadFlags, cmd: Command) => {
        const ctx = contextOf(cmd);
        const kinds = parseKinds(flags.kind);
        const asOf = parseAsOf(flags.asOf);
        const county = parseCounty(flags.county);
        const mapping = flags.map ? loadMappingFile(flags.map) : undefined;
        // A Parquet lake (jiceng export --parquet), or a folder of lakes, merges as a whole (src/lake/).
        const lakes = lakePaths(paths);
        if (lakes) return loadLakes(ctx, lakes, flags);
        const files = expandPaths(paths);
        if (!files.length) {
          out.warn(tr({ zh: '没有找到可加载的文件（xlsx、xls、csv、tsv、txt）', en: 'no loadable files found (xlsx, xls, csv, tsv, txt)' }, ctx.lang));
          return EXIT.usage;
        }
        const ws = await openWorkspace(ctx.workspaceDir);
        let outcome: LoadOutcome;
        try {
          outcome = await loadWithOutput(ws, files, {
            kinds, mapping, mappingName: flags.map, encoding: flags.encoding, asOf, county, includeHidden: flags.includeHidden,
          }, { lang: ctx.lang, debug: ctx.debug, json: flags.json });
        } finally {
          ws.close();
        }
        const { results, fileErrors } = outcome;
        if (flags.json) out.json({ files: results, errors: fileErrors });
        else printSummary(results, fileErrors.length, ctx.lang, files.length);
        if (fileErrors.length) return EXIT.error;
        if (results.some((r) => r.status === 'failed' || r.rows_rejected > 0)) return EXIT.rejected;
        return EXIT.ok;
      }),
    );
}

export interface LoadOutcome {
  results: SheetResult[];
  fileErrors: Array<{ file: string; error: string; hint?: string }>;
}

/** Loads files one by one, printing each file's outcome as it lands; a broken file does not stop the rest. */
export async function loadWithOutput(
  ws: Workspace,
  files: string[],
  options: LoadOptions,
  view: { lang: Lang; debug: boolean; json?: boolean },
): Promise<LoadOutcome> {
  const progress = progressReporter((p) => `${p.file} [${p.sheet}] ${p.rows.toLocaleString()} ${view.lang === 'zh' ? '行' : 'rows'}`);
  const results: SheetResult[] = [];
  const fileErrors: LoadOutcome['fileErrors'] = [];
  // A file waiting for units (sheets named after stations) is tried again after the others.
  const queue = files.map((file) => ({ file, defer: true }));
  for (let i = 0; i < queue.length; i++) {
    const { file, defer } = queue[i];
    try {
      const r = await loadFile(ws, file, {
        ...options,
        deferUnits: defer && i < queue.length - 1,
        command: ['jiceng', ...process.argv.slice(2)].join(' '),
        onProgress: (p) => progress.update(p),
      });
      progress.done();
      results.push(...r);
      if (!view.json) printFile(r, view.lang);
    } catch (e) {
      progress.done();
      if (e instanceof DeferFile) {
        queue.push({ file, defer: false });
        continue;
      }
      if (!isUserError(e)) throw e;
      // The workspace's disk is full or read-only: every further file would fail the same way.
      if (STORAGE_FAILURES.has(e.code)) throw e;
      fileErrors.push({ file: basename(file), error: e.message, hint: e.hint });
      if (!view.json) reportError(e, { debug: view.debug });
    }
  }
  return { results, fileErrors };
}

/** Error codes (src/util/fs-errors.ts) that stop the whole load rather than one file. */
const STORAGE_FAILURES = new Set(['disk-full', 'read-only', 'io-error']);

const KIND_ZH: Record<string, string> = {
  stations: '单位', staffing: '花名册', headcount: '警力统计', cases: '案件', ledger: '台账', petitions: '信访', findings: '倒查结果',
};

function printFile(results: SheetResult[], lang: Lang): void {
  for (const r of results) {
    const where = r.file === r.sheet || r.file.replace(/\.[^.]+$/, '') === r.sheet ? r.file : `${r.file} [${r.sheet}]`;
    const kind = r.kind ? (lang === 'zh' ? `${KIND_ZH[r.kind]}(${r.kind})` : r.kind) : '';
    if (r.status === 'failed') {
      out.info(`✗ ${r.error_msg ? say(r.error_msg, lang) : localizeMessage(r.error ?? '', lang)}`);
      if (r.hint) out.info(`  ${lang === 'zh' ? '提示' : 'hint'}: ${r.hint_msg ? say(r.hint_msg, lang) : localizeMessage(r.hint, lang)}`);
      continue;
    }
    if (r.status === 'ignored') {
      out.info(`- ${where}: ${r.warnings.join('; ')}`);
      continue;
    }
    const line =
      r.status === 'unchanged'
        ? tr({ zh: '= {where} → {kind}：已加载过，{n} 行均无变化，工作区未改动', en: '= {where} → {kind}: already loaded; all {n} rows unchanged, workspace left as it was' }, lang, { where, kind, n: r.rows_unchanged })
        : tr(
            {
              zh: '✓ {where} → {kind}：接收 {loaded} 行（新增 {added}，更新 {updated}，无变化 {unchanged}），跳过 {skipped}，拒收 {rejected}',
              en: '✓ {where} → {kind}: {loaded} rows accepted ({added} new, {updated} updated, {unchanged} unchanged), {skipped} skipped, {rejected} rejected',
            },
            lang,
            { where, kind, loaded: r.rows_loaded, added: r.rows_added, updated: r.rows_updated, unchanged: r.rows_unchanged, skipped: r.rows_skipped, rejected: r.rows_rejected },
          );
    out.info(line);
    for (const n of r.notes ?? []) out.info(`  ${say(n, lang)}`);
    for (const w of r.warnings) out.warn(`  ${localizeMessage(w, lang)}`);
    for (const m of r.notices ?? []) out.warn(`  ${say(m, lang)}`);
  }
}

export function printSummary(results: SheetResult[], fileErrors: number, lang: Lang, files = 2): void {
  const rejected = results.reduce((s, r) => s + r.rows_rejected, 0);
  const failed = results.filter((r) => r.status === 'failed').length;
  // One file refused as a whole: its error line above says everything (and it has no rejects to list).
  if (!rejected && !failed && fileErrors && files === 1) return;
  if (!rejected && !failed && fileErrors) {
    out.info(tr({ zh: '{files} 个文件未能加载（原因见上）', en: '{files} files not loaded (see above)' }, lang, { files: fileErrors }));
    return;
  }
  const parts: string[] = [];
  if (rejected) parts.push(tr({ zh: '拒收 {n} 行', en: '{n} row(s) rejected' }, lang, { n: rejected }));
  if (failed) parts.push(tr({ zh: '{n} 个工作表未能加载', en: '{n} sheet(s) not loaded' }, lang, { n: failed }));
  if (fileErrors) parts.push(tr({ zh: '{n} 个文件未能加载', en: '{n} file(s) not loaded' }, lang, { n: fileErrors }));
  if (!parts.length) return;
  // Sheets and files that failed say why above; rejected rows are listed by status.
  const next = rejected
    ? tr({ zh: '。逐行原因：{jiceng} status --rejects', en: '. Row by row: {jiceng} status --rejects' }, lang)
    : tr({ zh: '（原因见上）', en: ' (see above)' }, lang);
  out.info(parts.join(lang === 'zh' ? '，' : ', ') + next);
}

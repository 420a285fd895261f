// `jiceng load <files or folders...>`: load exports into the workspace, one transaction per file.
import { kindName } from '../../i18n/names.js';
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { openWorkspace, type Workspace } from '../../workspace.js';
import { DeferFile, expandPaths, loadFile, parseAsOf, parseCounty, parseKinds, type LoadOptions, type SheetResult } from '../../ingest/load.js';
import { loadMappingFile } from '../../ingest/mapping.js';
import { contextOf, action } from '../context.js';
import { out, reportError } from '../output.js';
import { progressReporter } from '../progress.js';
import { commandText } from '../effects.js';
import { tr, type Lang } from '../../i18n/index.js';
import { EXIT, isUserError } from '../../errors.js';
import { msg, say, messageJson } from '../../i18n/message.js';
import { basename } from 'node:path';
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

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('load <paths...>')
    .description(t('help_load'))
    .option('--kind <kinds>', t('help_load_kind'))
    .option('--map <file>', t('help_load_map'))
    .option('--encoding <enc>', t('help_load_encoding'))
    .option('--as-of <date>', t('help_load_as_of'))
    .option('--county <name>', t('help_load_county'))
    .option('--include-hidden', t('help_load_include_hidden'))
    .option('--json', t('help_load_json'))
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
        if (flags.json) out.json({ files: results.map((r) => sheetJson(r, ctx.lang)), errors: fileErrors });
        else printSummary(results, fileErrors.length, ctx.lang, files.length);
        if (fileErrors.length) return EXIT.error;
        if (results.some((r) => r.status === 'failed' || r.rows_rejected > 0)) return EXIT.rejected;
        return EXIT.ok;
      }),
    );
}

export interface LoadOutcome {
  results: SheetResult[];
  /** Files refused as a whole: the message code and parameters, with the text in the chosen language. */
  fileErrors: Array<{ file: string; error: string; code: string; params: Record<string, unknown>; category?: string; hint?: string }>;
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
        command: commandText(),
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
      fileErrors.push({
        file: basename(file),
        error: e.msg ? say(e.msg, view.lang) : e.message,
        code: e.msg?.code ?? e.code,
        params: e.msg?.params ?? {},
        ...(e.msg && e.msg.code !== e.code ? { category: e.code } : {}),
        ...(e.hintMsg ? { hint: say(e.hintMsg, view.lang) } : e.hint ? { hint: e.hint } : {}),
      });
      if (!view.json) reportError(e, { debug: view.debug, lang: view.lang });
    }
  }
  return { results, fileErrors };
}

/** Error codes (src/util/fs-errors.ts) that stop the whole load rather than one file. */
const STORAGE_FAILURES = new Set(['io_disk_full', 'io_file_too_large', 'io_read_only', 'io_error']);

function printFile(results: SheetResult[], lang: Lang): void {
  for (const r of results) {
    const where = r.file === r.sheet || r.file.replace(/\.[^.]+$/, '') === r.sheet ? r.file : `${r.file} [${r.sheet}]`;
    const kind = r.kind ? say(kindName(r.kind), lang) : '';
    if (r.status === 'failed') {
      out.info(`✗ ${r.error ? say(r.error, lang) : ''}`);
      if (r.hint) out.info(`  ${say(msg('hint_prefix'), lang)}${say(r.hint, lang)}`);
      continue;
    }
    if (r.status === 'ignored') {
      out.info(`- ${where}${lang === 'zh' ? '：' : ': '}${say(msg('legacy_text', { text: r.warnings }), lang)}`);
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
    for (const w of r.warnings) out.warn(`  ${say(w, lang)}`, lang);
  }
}

/** A sheet's result for --json: warnings, error and hint as code and parameters with their text. */
export function sheetJson(r: SheetResult, lang: Lang): Record<string, unknown> {
  return {
    ...r,
    warnings: r.warnings.map((w) => messageJson(w, lang)),
    ...(r.error ? { error: say(r.error, lang), error_code: r.error.code, error_params: r.error.params ?? {} } : {}),
    ...(r.hint ? { hint: say(r.hint, lang), hint_code: r.hint.code, hint_params: r.hint.params ?? {} } : {}),
  };
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

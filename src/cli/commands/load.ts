// `jiceng load <files or folders...>`: load exports into the workspace, one transaction per file.
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { expandPaths } from '../../ingest/load.js';
import { parseAsOf, parseCounty, parseKinds } from '../../ingest/load-options.js';
import { loadFiles } from '../../ingest/batch.js';
import { fileBlocks, fileErrorJson, sheetJson, summaryBlocks } from '../../ingest/view.js';
import { loadMappingFile } from '../../ingest/mapping.js';
import { contextOf, action } from '../context.js';
import { out, reportError } from '../output.js';
import { progressReporter } from '../progress.js';
import { clock, commandText } from '../effects.js';
import type { Lang } from '../../i18n/index.js';
import { msg, say } from '../../i18n/message.js';
import { EXIT } from '../../errors.js';
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
        if (!expandPaths(paths).length) {
          out.warn(say(msg('view_load_no_files'), ctx.lang));
          return EXIT.usage;
        }
        const ws = await openWorkspace(ctx.workspaceDir);
        const progress = progressReporter((p) => say(msg('view_load_progress', { file: p.file, sheet: p.sheet, rows: p.rows.toLocaleString() }), ctx.lang));
        const options = { kinds, mapping, mappingName: flags.map, encoding: flags.encoding, asOf, county, includeHidden: flags.includeHidden, command: commandText(), today: clock().today() };
        const outcome = await loadFiles(ws, paths, options, {
          onProgress: (p) => progress.update(p),
          onAttempt: () => progress.done(),
          // Each file's outcome as it lands; with --json, one document at the end.
          onFile: (r) => {
            if (!flags.json) out.blocks(fileBlocks(r, ctx.lang));
          },
          onFileError: (_file, e) => {
            if (!flags.json) reportError(e, { debug: ctx.debug, lang: ctx.lang });
          },
        }).finally(() => ws.close());
        const { files, results, fileErrors } = outcome;
        if (flags.json) out.json({ files: results.map((r) => sheetJson(r, ctx.lang)), errors: fileErrors.map((e) => fileErrorJson(e, ctx.lang)) });
        else out.blocks(summaryBlocks(results, fileErrors.length, ctx.lang, files.length));
        if (fileErrors.length) return EXIT.error;
        if (results.some((r) => r.status === 'failed' || r.rows_rejected > 0)) return EXIT.rejected;
        return EXIT.ok;
      }),
    );
}

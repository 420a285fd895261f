// `jiceng inspect <files…>`: how each sheet would load, without touching the workspace.
import type { Command } from 'commander';
import { parseKinds } from '../../ingest/load-options.js';
import { loadMappingFile } from '../../ingest/mapping.js';
import { inspectPaths } from '../../ingest/inspect-paths.js';
import { inspectBlocks } from '../../ingest/view.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { clock, files } from '../effects.js';
import { helpTexts } from '../help.js';
import { msg, say } from '../../i18n/message.js';
import type { Lang } from '../../i18n/index.js';
import { EXIT } from '../../errors.js';

interface InspectFlags {
  kind?: string;
  map?: string;
  json?: boolean;
  writeMap?: string;
  encoding?: string;
  includeHidden?: boolean;
}

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('inspect <paths...>')
    .description(t('help_inspect'))
    .option('--kind <kinds>', t('help_inspect_kind'))
    .option('--map <file>', t('help_inspect_map'))
    .option('--write-map <file>', t('help_inspect_write_map'))
    .option('--encoding <enc>', t('help_inspect_encoding'))
    .option('--include-hidden', t('help_inspect_include_hidden'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (paths: string[], flags: InspectFlags, cmd: Command) => {
        const ctx = contextOf(cmd);
        const kinds = parseKinds(flags.kind);
        const mapping = flags.map ? loadMappingFile(flags.map) : undefined;
        const r = await inspectPaths(paths, {
          kinds, mapping, workspaceDir: ctx.workspaceDir, today: clock().today(), encoding: flags.encoding, includeHidden: flags.includeHidden,
        });
        if (flags.writeMap) files().writeText(flags.writeMap, JSON.stringify(r.mapping, null, 2) + '\n');
        if (flags.json) out.json({ workspace_read: r.read, sheets: r.sheets });
        else {
          out.blocks(inspectBlocks(r.sheets, ctx.lang));
          if (!r.read) out.info(say(msg('inspect_no_workspace'), ctx.lang));
          if (flags.writeMap) out.info(say(msg('inspect_map_written', { file: flags.writeMap }), ctx.lang));
        }
        return r.sheets.some((s) => s.refusals.length) ? EXIT.rejected : EXIT.ok;
      }),
    );
}

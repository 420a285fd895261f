// `jiceng status`: what the workspace holds, rejects and flagged rows.
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { workspaceOverview } from '../../quality/overview.js';
import { statusBlocks, statusJson } from '../../quality/view.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';

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
          const overview = await workspaceOverview(ws, { rejects: flags.rejects, flags: flags.flags, strict: flags.strict });
          out.blocks(overview.warnings.map((w) => ({ warn: w, lang: ctx.lang })));
          out.blocks(flags.json ? [{ json: statusJson(overview, ctx.lang) }] : statusBlocks(overview, ctx.lang));
        } finally {
          ws.close();
        }
      }),
    );
}

// `jiceng mappings [forget <id>]`: the --map mappings the workspace remembers, and forgetting one.
import type { Command } from 'commander';
import { openWorkspace } from '../../workspace.js';
import { forgetMapping, readRemembered } from '../../ingest/remembered.js';
import { mappingsBlocks } from '../../ingest/view.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { msg, say } from '../../i18n/message.js';
import { EXIT, UserError } from '../../errors.js';

import { helpTexts } from '../help.js';
import type { Lang } from '../../i18n/index.js';
export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  const cmd = program
    .command('mappings')
    .description(t('help_mappings'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (flags: { json?: boolean }, c: Command) => {
        const ctx = contextOf(c);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const list = await readRemembered(ws.db);
          if (flags.json) return out.json({ mappings: list });
          out.blocks(mappingsBlocks(list, ctx.lang));
        } finally {
          ws.close();
        }
      }),
    );
  cmd
    .command('forget <id>')
    .description(t('help_mappings_forget'))
    .action(
      action(async (id: string, _flags: unknown, c: Command) => {
        const ctx = contextOf(c);
        const ws = await openWorkspace(ctx.workspaceDir);
        try {
          const n = id.length >= 4 ? await forgetMapping(ws.db, id) : 0;
          if (!n) throw new UserError(msg('mappings_unknown_id', { id }), { hint: msg('mappings_unknown_id_hint'), exitCode: EXIT.usage });
          out.ok(say(msg('mappings_forgotten', { id, n }), ctx.lang));
        } finally {
          ws.close();
        }
      }),
    );
}

// `jiceng mappings [forget <id>]`: the --map mappings the workspace remembers, and forgetting one.
import type { Command } from 'commander';
import { openWorkspace } from '../../workspace.js';
import { forgetMapping, readRemembered } from '../../ingest/remembered.js';
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
          if (flags.json) {
            out.json({ mappings: list });
            return;
          }
          const t = (code: string): string => say(msg(code), ctx.lang);
          if (!list.length) {
            out.info(t('mappings_none'));
            return;
          }
          out.heading(t('mappings_heading'));
          out.table(
            list.map((m) => ({
              id: m.id, kind: m.kind, source: m.source, last_used: m.last_used_at,
              mapping: Object.entries(m.mapping.headers ?? {}).map(([h, f]) => `${h}→${f}`).concat(Object.entries(m.mapping.constants ?? {}).map(([f, v]) => `${f}=${v}`)).join(', '),
              headers: m.headers.filter(Boolean).slice(0, 6).join(', ') + (m.headers.filter(Boolean).length > 6 ? ', …' : ''),
            })),
            [
              { key: 'id', title: t('col_id') },
              { key: 'kind', title: t('col_kind') },
              { key: 'mapping', title: t('col_mapping') },
              { key: 'headers', title: t('col_headers') },
              { key: 'source', title: t('col_source') },
              { key: 'last_used', title: t('col_last_used') },
            ],
          );
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

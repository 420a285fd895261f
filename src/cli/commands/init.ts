// `jiceng init [dir]`: create a workspace (DuckDB file + jiceng.json).
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { initWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { msg, say } from '../../i18n/message.js';

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('init [dir]')
    .description(t('help_init'))
    .action(
      action(async (dir: string | undefined, _opts: unknown, cmd: Command) => {
        const ctx = contextOf(cmd);
        const { dir: abs, created } = await initWorkspace(dir ?? ctx.workspaceDir);
        out.ok(
          created
            ? say(msg('view_init_created', { dir: abs }), ctx.lang)
            : say(msg('view_init_exists', { dir: abs }), ctx.lang),
        );
      }),
    );
}

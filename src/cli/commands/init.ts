// `jiceng init [dir]`: create a workspace (DuckDB file + jiceng.json).
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { initWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { tr } from '../../i18n/index.js';

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
            ? tr({ zh: '已创建工作区：{dir}\n下一步：{jiceng} load <导出文件或文件夹> -w {dir}', en: 'Created workspace {dir}\nNext: {jiceng} load <exports> -w {dir}' }, ctx.lang, { dir: abs })
            : tr({ zh: '工作区已存在：{dir}（未改动）', en: 'Workspace already exists: {dir} (left as it was)' }, ctx.lang, { dir: abs }),
        );
      }),
    );
}

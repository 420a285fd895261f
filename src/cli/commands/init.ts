// `jiceng init [dir]`: create a workspace (DuckDB file + jiceng.json).
import type { Command } from 'commander';
import { initWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { tr } from '../../i18n/index.js';

export function register(program: Command): void {
  program
    .command('init [dir]')
    .description('create a workspace (jiceng.duckdb + jiceng.json) in dir or the current folder')
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

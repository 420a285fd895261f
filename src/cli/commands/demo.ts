// `jiceng demo`: the main job on the bundled demo county — fresh workspace, load, status, and both reports.
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { contextOf, action } from '../context.js';
import { out, reportError } from '../output.js';
import { clock, commandText, runArgv } from '../effects.js';
import { commandLine } from '../../report/model.js';
import { runDemo } from '../../demo/run.js';
import { demoBlocks, workspaceBlocks } from '../../demo/view.js';
import { fileBlocks } from '../../ingest/view.js';

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('demo')
    .description(t('help_demo'))
    .option('--out <dir>', t('help_demo_out'), 'reports')
    .action(
      action(async (flags: { out: string }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const demo = await runDemo(flags.out, {
          lang: ctx.lang, command: commandText(), reportCommand: commandLine(runArgv()), now: clock().now(), today: clock().today(),
          onWorkspace: (dir) => out.blocks(workspaceBlocks(dir, ctx.lang)),
          load: {
            onFile: (r) => out.blocks(fileBlocks(r, ctx.lang)),
            onFileError: (_file, e) => void reportError(e, { debug: ctx.debug, lang: ctx.lang }),
          },
        });
        out.blocks(demoBlocks(demo, ctx.lang));
      }),
    );
}

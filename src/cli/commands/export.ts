// `jiceng export --parquet DIR [--county NAME]`: the workspace as a Parquet lake that a prefecture can merge and any engine can read.
import type { Command } from 'commander';
import { openWorkspace } from '../../workspace.js';
import { exportLake } from '../../lake/export.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { msg, say } from '../../i18n/message.js';
import { EXIT, UserError } from '../../errors.js';

interface ExportFlags {
  parquet?: string;
  county?: string;
  json?: boolean;
}

import { helpTexts } from '../help.js';
import type { Lang } from '../../i18n/index.js';
export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('export')
    .description(t('help_export'))
    .option('--parquet <dir>', t('help_export_parquet'))
    .option('--county <name>', t('help_export_county'))
    .option('--json', t('help_export_json'))
    .action(
      action(async (flags: ExportFlags, cmd: Command) => {
        const ctx = contextOf(cmd);
        if (!flags.parquet) throw new UserError(msg('export_parquet_required'), { hint: msg('export_parquet_required_hint'), exitCode: EXIT.usage });
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const { dir, manifest } = await exportLake(ws, flags.parquet, { county: flags.county?.trim() || undefined });
          if (flags.json) return out.json(manifest);
          const data = Object.entries(manifest.tables).filter(([t]) => t !== 'metric_values' && t !== 'loads');
          out.ok(say(msg('export_done', {
            dir, counties: manifest.counties.join(', '), rows: data.reduce((s, [, t]) => s + t.rows, 0), tables: data.length,
            metrics: manifest.tables.metric_values.rows,
          }), ctx.lang));
          for (const [table, t] of data) out.info(say(msg('export_table_line', { table, rows: t.rows }), ctx.lang));
        } finally {
          ws.close();
        }
      }),
    );
}

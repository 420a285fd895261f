// `jiceng sample draw|verify|size|findings|list|workbook`: seeded backtracking samples (案件倒查), their
// auditor workbooks and findings. Each subcommand parses its options, calls one core function
// (src/sample/run.ts, verify.ts, draw.ts) and prints its view (src/sample/view.ts).
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { openWorkspace, type Workspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import type { Lang } from '../../i18n/index.js';
import { EXIT } from '../../errors.js';
import { listSamples } from '../../sample/draw.js';
import { verifySample } from '../../sample/verify.js';
import { drawAndWrite, rewriteWorkbook, sampleFindings, sampleSize } from '../../sample/run.js';
import { parseAmount, parseCount, parseShare } from '../../sample/options.js';
import * as view from '../../sample/view.js';

type DrawFlags = {
  quarter?: string; rate?: string; seed?: string; stratify?: string; minPerStratum?: string; includeAllAbove?: string;
  out?: string; workbook?: boolean; json?: boolean;
};

type SizeFlags = { confidence: string; tolerable: string; expected: string; population?: string; json?: boolean };

/** Runs fn on the workspace, closing it whatever happens; fn's result is the exit code (or nothing). */
async function inWorkspace<T>(dir: string, readOnly: boolean, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(dir, { readOnly });
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  const sample = program.command('sample').description(t('help_sample'));

  sample
    .command('draw')
    .description(t('help_sample_draw'))
    .option('--quarter <q>', t('help_sample_quarter'))
    .option('--rate <rate>', t('help_sample_rate'))
    .option('--seed <seed>', t('help_sample_seed'))
    .option('--stratify <keys>', t('help_sample_stratify'))
    .option('--min-per-stratum <n>', t('help_sample_min'))
    .option('--include-all-above <amount>', t('help_sample_above'))
    .option('--out <file>', t('help_sample_out'))
    .option('--no-workbook', t('help_sample_no_workbook'))
    .option('--json', t('help_sample_json_manifest'))
    .action(
      action(async (flags: DrawFlags, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        return inWorkspace(workspaceDir, false, async (ws) => {
          const run = await drawAndWrite(ws, {
            quarter: flags.quarter,
            rate: flags.rate === undefined ? undefined : parseShare(flags.rate, '--rate', { allowOne: true }),
            seed: flags.seed,
            stratify: flags.stratify?.split(','),
            minPerStratum: flags.minPerStratum === undefined ? undefined : parseCount(flags.minPerStratum, '--min-per-stratum', 0),
            includeAllAbove: flags.includeAllAbove === undefined ? undefined : parseAmount(flags.includeAllAbove),
            lang: L,
            workbook: flags.workbook !== false,
            out: flags.out,
        });
        if (flags.json) out.json(view.drawJson(run, L));
        out.blocks(view.drawView(run, L, { manifest: !flags.json }));
        });
      }),
    );

  sample
    .command('verify <target>')
    .description(t('help_sample_verify'))
    .option('--json', t('help_sample_json_report'))
    .action(
      action(async (target: string, flags: { json?: boolean }, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        return inWorkspace(workspaceDir, true, async (ws) => {
          const report = await verifySample(ws.db, target, L);
          if (flags.json) out.json(view.verifyJson(report, L));
          else out.blocks(view.verifyView(report, L));
          return report.status === 'verified' ? EXIT.ok : EXIT.rejected;
        });
      }),
    );

  sample
    .command('size')
    .description(t('help_sample_size'))
    .option('--confidence <c>', t('help_sample_confidence'), '0.95')
    .option('--tolerable <rate>', t('help_sample_tolerable'), '0.05')
    .option('--expected <rate>', t('help_sample_expected'), '0')
    .option('--population <n>', t('help_sample_population'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (flags: SizeFlags, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        const r = sampleSize({
          confidence: parseShare(flags.confidence, '--confidence'),
          tolerable: parseShare(flags.tolerable, '--tolerable'),
          expected: parseShare(flags.expected, '--expected', { allowZero: true }),
          population: flags.population === undefined ? undefined : parseCount(flags.population, '--population', 1),
          workspaceDir,
          typed: { expected: flags.expected, tolerable: flags.tolerable },
        });
        if (flags.json) out.json(view.sizeJson(r));
        else out.blocks(view.sizeView(r, L));
      }),
    );

  sample
    .command('findings [sampleId]')
    .description(t('help_sample_findings'))
    .option('--quarter <q>', t('help_sample_findings_quarter'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (sampleId: string | undefined, flags: { quarter?: string; json?: boolean }, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        return inWorkspace(workspaceDir, true, async (ws) => {
          const ev = await sampleFindings(ws, sampleId, flags.quarter, L);
          if (flags.json) out.json(ev);
          else out.blocks(view.findingsView(ev, L));
        });
      }),
    );

  sample
    .command('list')
    .description(t('help_sample_list'))
    .option('--quarter <q>', t('help_sample_list_quarter'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (flags: { quarter?: string; json?: boolean }, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        return inWorkspace(workspaceDir, true, async (ws) => {
          const all = (await listSamples(ws.db, flags.quarter)).map(({ strata: _s, ...rest }) => rest);
          if (flags.json) out.json(all);
          else out.blocks(view.listView(all, L));
        });
      }),
    );

  sample
    .command('workbook <sampleId>')
    .description(t('help_sample_workbook'))
    .option('--out <file>', t('help_sample_out'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (sampleId: string, flags: { out?: string; json?: boolean }, cmd: Command) => {
        const { lang: L, workspaceDir } = contextOf(cmd);
        return inWorkspace(workspaceDir, true, async (ws) => {
          const { manifest, file } = await rewriteWorkbook(ws, sampleId, flags.out, L);
          if (flags.json) out.json({ sample_id: manifest.sample_id, workbook: file });
          else out.blocks(view.workbookWrittenView(file, L));
        });
      }),
    );
}

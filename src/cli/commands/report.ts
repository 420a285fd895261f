// `jiceng report`: the quarter's Excel workbook and offline HTML report for the bureau's leaders.
//
//   jiceng report [--quarter Q] [--compare [Q]] [--as-of DATE] [--quarters A..B] [--county NAME | --prefecture] [--out DIR] [--format xlsx,html] [--include-personal-data] [--json]
//
// Writes jiceng_<county>_<quarter>.xlsx and .html (names made safe) into --out (default ./reports)
// and prints the paths. The workspace is opened read-only. Personal data is masked in the workbook
// unless --include-personal-data; the HTML never holds any.
import type { Command } from 'commander';
import type { Lang } from '../../i18n/index.js';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { tuneForShortRun } from '../short-run.js';
import { out } from '../output.js';
import { clock, runArgv } from '../effects.js';
import { parseFormats, writeReports } from '../../report/index.js';
import { commandLine } from '../../report/model.js';
import { reportLines, reportWarnings } from '../../report/view.js';
import { parseAsOf } from '../../ingest/load-options.js';
import { parseQuarterRange } from '../../quarter.js';

interface Flags {
  quarter?: string;
  compare?: string | boolean;
  out: string;
  format?: string;
  includePersonalData?: boolean;
  json?: boolean;
  asOf?: string;
  county?: string;
  prefecture?: boolean;
  strict?: boolean;
  quarters?: string;
}

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('report')
    .description(t('help_report'))
    .option('-q, --quarter <quarter>', t('help_opt_quarter'))
    .option('--compare [quarter]', t('help_report_compare'))
    .option('--out <dir>', t('help_report_out'), 'reports')
    .option('--format <formats>', t('help_report_format'), 'xlsx,html')
    .option('--include-personal-data', t('help_report_personal'))
    .option('--as-of <date>', t('help_opt_as_of_data'))
    .option('--json', t('help_report_json'))
    .option('--quarters <range>', t('help_report_quarters'))
    .option('--county <name>', t('help_report_county'))
    .option('--prefecture', t('help_report_prefecture'))
    .option('--strict', t('help_opt_strict'))
    .action(
      action(async (flags: Flags, cmd: Command) => {
        tuneForShortRun();
        const ctx = contextOf(cmd);
        const formats = parseFormats(flags.format);
        if (flags.quarters !== undefined) parseQuarterRange(flags.quarters);
        const compare = flags.compare === undefined || flags.compare === false ? undefined : flags.compare === true ? '' : String(flags.compare);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const r = await writeReports(ws, {
            quarter: flags.quarter,
            compare,
            lang: ctx.lang,
            includePersonalData: Boolean(flags.includePersonalData),
            command: commandLine(runArgv()),
            now: clock().now(),
            outDir: flags.out,
            formats,
            asOf: parseAsOf(flags.asOf),
            quarters: flags.quarters,
            countyName: flags.county,
            prefectureOnly: Boolean(flags.prefecture),
            strict: Boolean(flags.strict),
          });
          if (flags.json) out.blocks([...reportWarnings(r, ctx.lang), { json: { quarter: r.quarter, compare: r.compare, files: r.files } }]);
          else out.blocks(reportLines(r, ctx.lang));
        } finally {
          ws.close();
        }
      }),
    );
}

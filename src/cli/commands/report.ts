// `jiceng report`: the quarter's Excel workbook and offline HTML report for the bureau's leaders.
//
//   jiceng report [--quarter Q] [--compare [Q]] [--as-of DATE] [--quarters A..B] [--county NAME | --prefecture] [--out DIR] [--format xlsx,html] [--include-personal-data] [--json]
//
// Writes jiceng_<county>_<quarter>.xlsx and .html (names made safe) into --out (default ./reports)
// and prints the paths. The workspace is opened read-only. Personal data is masked in the workbook
// unless --include-personal-data; the HTML never holds any.
import type { Command } from 'commander';
import { openWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { parseFormats, writeReports } from '../../report/index.js';
import { commandLine } from '../../report/model.js';
import { tr } from '../../i18n/index.js';
import { parseAsOf } from '../../ingest/load.js';
import { parseQuarterRange } from '../../metrics/trend.js';

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
  quarters?: string;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('write the quarterly report: an Excel workbook and an offline HTML file (charts inline, no personal data)')
    .option('-q, --quarter <quarter>', 'quarter: 2026Q3, 2026-Q3, 2026年第三季度, 2026年3季度 (default: the latest with case data)')
    .option('--compare [quarter]', 'add the change from another quarter (default: the previous one)')
    .option('--out <dir>', 'output folder', 'reports')
    .option('--format <formats>', 'xlsx, html or both, comma-separated', 'xlsx,html')
    .option('--include-personal-data', 'show ID numbers, phones and names unmasked in the workbook (never in the HTML)')
    .option('--as-of <date>', 'the data date (the day the case and petition exports are true as of) instead of the one recorded at load')
    .option('--json', 'print the written file paths as JSON')
    .option('--quarters <range>', 'the quarters of the trend section, e.g. 2025Q4..2026Q3 (default: up to 8 with data, ending at --quarter)')
    .option('--county <name>', 'in a workspace of several counties: write only this county\'s report')
    .option('--prefecture', 'in a workspace of several counties: write only the prefecture report (counties side by side)')
    .action(
      action(async (flags: Flags, cmd: Command) => {
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
            command: commandLine(process.argv),
            outDir: flags.out,
            formats,
            asOf: parseAsOf(flags.asOf),
            quarters: flags.quarters,
            countyName: flags.county,
            prefectureOnly: Boolean(flags.prefecture),
          });
          for (const w of r.warnings) out.warn(w);
          if (flags.json) {
            out.json({ quarter: r.quarter, compare: r.compare, files: r.files });
            return;
          }
          out.info(tr({ zh: '{q} 季度报告{c}：', en: 'Report for {q}{c}:' }, ctx.lang, { q: r.quarter, c: r.compare ? tr({ zh: '（对比 {p}）', en: ' (compared with {p})' }, ctx.lang, { p: r.compare }) : '' }));
          for (const f of r.files) out.line(f.path);
        } finally {
          ws.close();
        }
      }),
    );
}

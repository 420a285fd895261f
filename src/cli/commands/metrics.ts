// `jiceng metrics`: the quarter's metrics per station and county (tables per group, --json, --csv), --list, --score.
import type { Command } from 'commander';
import { EXIT, UserError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import { helpTexts } from '../help.js';
import { openWorkspace } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { tuneForShortRun } from '../short-run.js';
import { out } from '../output.js';
import type { Lang } from '../../i18n/index.js';
import { computeMetrics, metricsDirsFor, selectDefinitions } from '../../metrics/run.js';
import { loadDefinitions } from '../../metrics/definitions.js';
import { scoreQuarter } from '../../metrics/scoring.js';
import { parseAsOf } from '../../ingest/load-options.js';
import { computeTrend, parseTrendCount } from '../../metrics/trend.js';
import { parseQuarterRange } from '../../quarter.js';
import { listBlocks, metricsCsv, metricsJson, scoreBlocks, tableBlocks, type Format } from '../../metrics/view.js';
import { trendBlocks, trendCsv, trendJson } from '../../metrics/trend-view.js';

interface Flags {
  quarter?: string;
  compare?: string | boolean;
  station: string[];
  metric: string[];
  list?: boolean;
  score?: boolean;
  json?: boolean;
  csv?: boolean;
  metricsDir?: string;
  asOf?: string;
  trend?: string | boolean;
  quarters?: string;
  strict?: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('metrics')
    .description(t('help_metrics'))
    .option('-q, --quarter <quarter>', t('help_opt_quarter'))
    .option('--compare [quarter]', t('help_metrics_compare'))
    .option('-s, --station <station>', t('help_metrics_station'), collect, [])
    .option('-m, --metric <metric>', t('help_metrics_metric'), collect, [])
    .option('--list', t('help_metrics_list'))
    .option('--score', t('help_metrics_score'))
    .option('--json', t('help_opt_json_document'))
    .option('--csv', t('help_metrics_csv'))
    .option('--as-of <date>', t('help_opt_as_of_data'))
    .option('--metrics-dir <dir>', t('help_metrics_dir'))
    .option('--trend [n]', t('help_metrics_trend'))
    .option('--quarters <range>', t('help_metrics_quarters'))
    .option('--strict', t('help_opt_strict'))
    .action(
      action(async (flags: Flags, cmd: Command) => {
        tuneForShortRun();
        const ctx = contextOf(cmd);
        const L = ctx.lang;
        // Both asked for: one of them would be dropped without a word.
        if (flags.json && flags.csv) throw new UserError(msg('json_and_csv'), { hint: msg('json_and_csv_hint'), exitCode: EXIT.usage });
        const format: Format = flags.json ? 'json' : flags.csv ? 'csv' : 'table';
        const dirs = [...metricsDirsFor(ctx.workspaceDir), ...(flags.metricsDir ? [flags.metricsDir] : [])];
        const metrics = flags.metric.flatMap((m) => m.split(',')).filter(Boolean);
        if (flags.list) return out.blocks(listBlocks(selectDefinitions(loadDefinitions(dirs), metrics), format, L));
        const compare = flags.compare === undefined ? undefined : flags.compare === true ? '' : String(flags.compare);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const asOf = parseAsOf(flags.asOf);
          if (flags.trend !== undefined || flags.quarters !== undefined) {
            if (flags.quarters !== undefined) parseQuarterRange(flags.quarters);
            const trend = await computeTrend(ws, { count: parseTrendCount(flags.trend), last: flags.quarter, range: flags.quarters, metricsDirs: dirs, metrics, stations: flags.station, strict: flags.strict });
            return out.blocks([...(trend.warnings ?? []).map((w) => ({ warn: w, lang: L })), ...(format === 'json' ? [{ json: trendJson(trend, L) }] : format === 'csv' ? [{ text: trendCsv(trend, L) }] : trendBlocks(trend, L))]);
          }
          if (flags.score) {
            const { card, result } = await scoreQuarter(ws, { quarter: flags.quarter, compare, metrics: flags.metric, metricsDirs: dirs, asOf, stations: flags.station, strict: flags.strict });
            return out.blocks([...result.warnings.map((w) => ({ warn: w, lang: L })), ...scoreBlocks(card, result, format, L)]);
          }
          const result = await computeMetrics(ws, { quarter: flags.quarter, compare, stations: flags.station, metrics: flags.metric, metricsDirs: dirs, asOf, strict: flags.strict });
          const body = format === 'json' ? [{ json: metricsJson(result, L) }] : format === 'csv' ? [{ text: metricsCsv(result, L) }] : tableBlocks(result, L);
          out.blocks([...result.warnings.map((w) => ({ warn: w, lang: L })), ...body]);
        } finally {
          ws.close();
        }
      }),
    );
}

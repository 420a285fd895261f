// What `status` prints: the workspace's kinds, data dates, lakes, flagged rows, declared gaps, rejects and mappings (pure).
import { fieldName, kindName } from '../i18n/names.js';
import type { Lang } from '../i18n/index.js';
import { msg, say, type Param } from '../i18n/message.js';
import { CATALOG } from '../i18n/catalog/index.js';
import { fieldOf } from '../contract/kinds.js';
import { rejectMessage, type RejectRow } from '../status.js';
import { table, type Block } from '../cli/blocks.js';
import { flagLabel } from './flags.js';
import type { Overview } from './overview.js';

const INDICATOR_CODES = fieldOf('ledger', 'indicator').codes ?? {};

/** `status --json`: the overview as one document, reject reasons as code and parameters with their text. */
export function statusJson(o: Overview, lang: Lang): Record<string, unknown> {
  const { status, lakes, gaps, mappings, rejects, flagged } = o;
  const rejectsJson = rejects?.map((r) => {
    const m = rejectMessage(r);
    return { ...r, reason: say(m, lang), code: m.code, params: m.params ?? {} };
  });
  return { workspace: o.dir, ...status, lakes, declared_vs_recorded: gaps, mappings, ...(rejectsJson ? { rejects: rejectsJson } : {}), ...(flagged ? { flagged } : {}) };
}

/** `status`: the tables people read, each only when it has something to show. */
export function statusBlocks(o: Overview, L: Lang): Block[] {
  const { status, lakes, gaps, mappings, rejects, flagged } = o;
  const t = (code: string, params?: Record<string, Param>): string => say(msg(code, params), L);
  const b: Block[] = [];
  b.push({ heading: t('view_status_workspace', { dir: o.dir }) });
  b.push(table(
    status.kinds.map((k) => ({ ...k, periods: k.periods.length > 4 ? `${k.periods[0]} … ${k.periods.at(-1)} (${k.periods.length})` : k.periods.join(' ') })),
    [
      { key: 'kind', title: t('view_col_kind'), format: (v) => say(kindName(String(v)), L) },
      { key: 'rows', title: t('view_col_rows'), align: 'right' },
      { key: 'periods', title: t('view_col_periods') },
      { key: 'loads', title: t('view_col_loads'), align: 'right' },
      { key: 'rejected', title: t('view_col_rejected'), align: 'right', highlight: (r) => Number(r.rejected) > 0 },
      { key: 'flagged', title: t('view_col_flagged'), align: 'right', highlight: (r) => Number(r.flagged) > 0 },
    ],
  ));
  const dated = status.loads.filter((l) => l.data_date);
  if (dated.length) {
    b.push({ line: '' });
    b.push({ heading: say(msg('data_dates_heading'), L) });
    b.push(table(dated as unknown as Record<string, unknown>[], [
      { key: 'kind', title: t('view_col_kind'), format: (v) => say(kindName(String(v)), L) },
      { key: 'file_name', title: t('view_col_file') },
      { key: 'sheet', title: t('view_col_sheet') },
      { key: 'data_date', title: say(msg('data_date_label'), L) },
    ]));
  }
  if (lakes.length) {
    // Lakes merged (jiceng load LAKE), named by their folder: src/lake/status.ts.
    b.push({ line: '' });
    b.push({ heading: t('lake_status_heading') });
    const right = (key: string) => ({ key, title: t(`lake_status_${key}`), align: 'right' as const });
    b.push(table(lakes as unknown as Record<string, unknown>[], [
      { key: 'lake', title: t('lake_status_lake') }, { key: 'county', title: t('lake_status_county') },
      right('rows'), right('added'), right('updated'), { key: 'loaded_at', title: t('lake_status_time') },
    ]));
  }
  if (status.flags.length) {
    b.push({ line: '' });
    b.push({ heading: t('view_status_flags_heading') });
    b.push(table(
      status.flags.map((f) => ({ ...f, what: flagLabel(f.flag, L) })),
      [
        { key: 'kind', title: t('view_col_kind'), format: (v) => say(kindName(String(v)), L) },
        { key: 'what', title: t('view_col_issue') },
        { key: 'column', title: t('view_col_field'), format: (v, r) => say(fieldName(String(r.kind), String(v)), L) },
        { key: 'value', title: t('view_col_value') },
        { key: 'rows', title: t('view_col_rows'), align: 'right' },
      ],
    ));
  }
  if (gaps.length) {
    b.push({ line: '' });
    b.push({ heading: t('view_status_gaps_heading') });
    b.push(table(gaps as unknown as Record<string, unknown>[], [
      { key: 'quarter', title: t('view_col_quarter') },
      { key: 'station_name', title: t('view_col_station') },
      { key: 'indicator', title: t('view_col_indicator'), format: (v) => (L === 'zh' ? INDICATOR_CODES[String(v)]?.[0] ?? String(v) : String(v)) },
      { key: 'declared', title: t('view_col_declared'), align: 'right' },
      { key: 'recorded', title: t('view_col_recorded'), align: 'right' },
      { key: 'gap', title: t('view_col_gap'), align: 'right', format: (v) => (Number(v) > 0 ? `+${v}` : Number(v) < 0 ? `−${-Number(v)}` : '±0'), highlight: () => true },
    ]));
  }
  if (rejects) {
    b.push({ line: '' });
    b.push({ heading: t('view_status_rejects_heading') });
    // Newer reasons carry a message code: shown in the chosen language from the catalog.
    const shown = rejects.map((r) => {
      const x = r as typeof r & { code?: string | null; params?: string | null };
      return x.code && CATALOG[x.code] ? { ...r, reason: say(msg(x.code, JSON.parse(x.params ?? '{}') as Record<string, Param>), L) } : r;
    });
    b.push(table(shown as unknown as Record<string, unknown>[], [
      { key: 'file', title: t('view_col_file') },
      { key: 'sheet', title: t('view_col_sheet') },
      { key: 'row', title: t('view_col_row'), align: 'right' },
      { key: 'column', title: t('view_col_column') },
      { key: 'reason', title: t('view_col_reason'), format: (_v, r) => say(rejectMessage(r as unknown as RejectRow), L) },
    ]));
  } else if (status.rejects_total) {
    b.push({ line: '' });
    b.push({ info: t('view_status_rejects_total', { n: status.rejects_total }) });
  }
  if (flagged) {
    b.push({ line: '' });
    b.push(table(flagged.map((f) => ({ ...f, what: flagLabel(f.flag, L) })) as unknown as Record<string, unknown>[], [
      { key: 'file', title: t('view_col_file') },
      { key: 'sheet', title: t('view_col_sheet') },
      { key: 'row', title: t('view_col_row'), align: 'right' },
      // A flag from the table's own condition names its field by code (station): shown by its name.
      { key: 'column', title: t('view_col_column'), format: (v, r) => say(fieldName(String(r.kind), String(v)), L) },
      { key: 'what', title: t('view_col_issue') },
      { key: 'value', title: t('view_col_value') },
    ]));
  }
  if (mappings.length) {
    b.push({ line: '' });
    b.push({ line: say(msg('mappings_count', { n: mappings.length }), L) });
    for (const m of mappings) b.push({ line: `  ${m.id}  ${m.kind}  ${m.source}  ${m.last_used_at}` });
  }
  if (!status.loads.length) b.push({ info: t('view_status_nothing_loaded') });
  return b;
}

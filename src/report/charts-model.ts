// The report's chart data: aggregated per station, kind, issuer and cause (never row-level), in the chart order of the contract.
import type { Database } from '../db/database.js';
import type { MetricsResult, StationInfo } from '../metrics/run.js';
import { AREA_TYPES, CAUSES, LEDGER_KINDS, codeLabel, t, type Lang } from './labels.js';
import { countyKey, inScope, stationScopeSql, type CountyScope } from './county-scope.js';
import type { MetricCell, MetricColumn } from './model.js';
import type { BacktrackingModel, PlanModel } from './sections-model.js';

/** Chart data, aggregated (never row-level). */
export interface ChartData {
  frontline: { line: number; rows: Array<{ label: string; value: number | null; breach: boolean; numerator: number | null; denominator: number | null; small: boolean }>; county: number | null };
  sworn: Array<{ label: string; area: string; value: number | null; threshold: number | null; breach: boolean }>;
  burdenByKind: Array<{ label: string; kind: string; items: number; hours: number }>;
  /** Ledger kinds in the order of the contract (report, register, meeting, inspection, non_police, then others). */
  kindOrder: string[];
  /** Area types in the order urban, town, rural (then others). */
  areaOrder: string[];
  /** Petition causes in the order of the contract, blank last. */
  causeOrder: string[];
  burdenByIssuer: Array<{ issuer: string; kind: string; items: number; hours: number }>;
  causes: Array<{ label: string; cause: string; n: number }>;
  /** value is null for a share of too few cases (left out of the chart); shown stays for the table. */
  clearance: Array<{ label: string; metric: string; value: number | null; shown: { value: number | null; numerator: number | null; denominator: number | null; small: boolean } }>;
  changes: Array<{ metric: string; change_pp: number; tone: 'better' | 'worse' | 'neutral' }>;
  plan: Array<{ label: string; required: number; actual: number | null }>;
  coverage: { line: number | null; rows: Array<{ label: string; value: number | null }> };
}

type LedgerRow = { station_id: string; kind: string | null; items: number; hours: number };
type IssuerRow = { issuer: string | null; kind: string | null; items: number; hours: number };
type CauseRow = { station_id: string; cause: string | null; n: number };

/** The chart rows of every county at once (issuers per county), for the several county reports of one run. */
export interface ChartRows {
  ledger: LedgerRow[];
  issuers: Array<IssuerRow & { county: string | null }>;
  causes: CauseRow[];
}

// The chart queries, over the stations of the scope; `county` adds the county to the issuers' groups.
const ledgerSql = (where: string): string => `SELECT l.station_id, l.kind, count(*)::INTEGER AS items, coalesce(sum(l.hours), 0)::DOUBLE AS hours
     FROM ledger l JOIN (SELECT DISTINCT station_id FROM stations WHERE unit_kind = 'station'${where}) s ON s.station_id = l.station_id
     WHERE CAST(l."date" AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL ORDER BY ALL`;
const issuersSql = (where: string, county: boolean): string => `SELECT ${county ? 's.county, ' : ''}nullif(trim(l.issuer), '') AS issuer, l.kind, count(*)::INTEGER AS items, coalesce(sum(l.hours), 0)::DOUBLE AS hours
     FROM ledger l JOIN (SELECT DISTINCT station_id${county ? ', county' : ''} FROM stations WHERE unit_kind = 'station'${where}) s ON s.station_id = l.station_id
     WHERE CAST(l."date" AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL ORDER BY ALL`;
const causesSql = (where: string): string => `SELECT p.station_id, p.cause, count(*)::INTEGER AS n
     FROM petitions p JOIN (SELECT DISTINCT station_id FROM stations WHERE unit_kind = 'station'${where}) s ON s.station_id = p.station_id
     WHERE CAST(p.received_at AS DATE) BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)
     GROUP BY ALL ORDER BY ALL`;

/**
 * The chart rows of the whole workspace for the quarter, read once for the run's county reports
 * (three queries in all, not three a county). A county's rows are then its stations' rows, and its
 * issuers those grouped under it: the same groups, sums and order as the county's own queries.
 */
export async function readChartRows(db: Database, result: Pick<MetricsResult, 'start' | 'end'>): Promise<ChartRows> {
  const q = { s: result.start, e: result.end };
  return {
    ledger: await db.all<LedgerRow>(ledgerSql(''), q),
    issuers: await db.all<IssuerRow & { county: string | null }>(issuersSql('', true), q),
    causes: await db.all<CauseRow>(causesSql(''), q),
  };
}

/** The chart rows of one scope: from the run's shared rows when there are some, else its own queries. */
async function chartRowsOf(db: Database, result: MetricsResult, scope: CountyScope, label: Map<string, string>, shared?: () => Promise<ChartRows>): Promise<{ ledger: LedgerRow[]; issuers: IssuerRow[]; causes: CauseRow[] }> {
  if (shared && scope !== undefined) {
    const all = await shared();
    // The scope's stations are those of the county's model (label), as in the county's own queries.
    return {
      ledger: all.ledger.filter((r) => label.has(r.station_id)),
      issuers: all.issuers.filter((r) => inScope(scope, r.county)).map(({ county: _county, ...r }) => r),
      causes: all.causes.filter((r) => label.has(r.station_id)),
    };
  }
  const sc = stationScopeSql(scope);
  const q = { s: result.start, e: result.end, ...sc.params };
  return {
    ledger: await db.all<LedgerRow>(ledgerSql(sc.where), q),
    issuers: await db.all<IssuerRow>(issuersSql(sc.where, false), q),
    causes: await db.all<CauseRow>(causesSql(sc.where), q),
  };
}

export async function buildCharts(
  db: Database, result: MetricsResult, stations: Array<StationInfo & { label: string }>, stationCell: Map<string, MetricCell>,
  countyCell: Map<string, MetricCell>, columns: MetricColumn[], plan: PlanModel | null, bt: BacktrackingModel,
  counties: Array<string | null>, lang: Lang, scope?: CountyScope, shared?: () => Promise<ChartRows>,
): Promise<ChartData> {
  const cell = (metric: string, id: string): MetricCell | undefined => stationCell.get(`${metric}\u0001${id}`);
  const col = (id: string): MetricColumn | undefined => columns.find((c) => c.id === id);
  const label = new Map(stations.map((s) => [s.station_id, s.label]));
  const minRule = (id: string, fallback: number | null): number | null => col(id)?.thresholds.find((r) => r.op === 'min' && (!r.targets.length || r.targets.includes('station')))?.limit ?? fallback;

  const frontline = {
    line: minRule('frontline_share', 0.6) ?? 0.6,
    rows: stations.map((s) => {
      const v = cell('frontline_share', s.station_id);
      return { label: s.label, value: v?.value ?? null, breach: v?.breach ?? false, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null, small: v?.small ?? false };
    }),
    county: counties.length === 1 ? countyCell.get(`frontline_share\u0001${countyKey(counties[0])}`)?.value ?? null : null,
  };
  const sworn = stations.map((s) => {
    const c = cell('sworn_per_10k', s.station_id);
    const rule = c?.rules.find((r) => r.op === 'min');
    return { label: s.label, area: codeLabel(AREA_TYPES, s.area_type, lang), value: c?.value ?? null, threshold: rule?.limit ?? null, breach: c?.breach ?? false };
  });

  const { ledger, issuers, causes: causeRows } = await chartRowsOf(db, result, scope, label, shared);
  const burdenByKind = ledger.filter((r) => label.has(r.station_id)).map((r) => ({
    label: label.get(r.station_id)!, kind: codeLabel(LEDGER_KINDS, r.kind, lang), items: Number(r.items), hours: Number(r.hours),
  }));
  const burdenByIssuer = issuers.map((r) => ({ issuer: r.issuer ?? t('report_unknown', lang), kind: codeLabel(LEDGER_KINDS, r.kind, lang), items: Number(r.items), hours: Number(r.hours) }));
  const causes = causeRows.filter((r) => label.has(r.station_id)).map((r) => ({ label: label.get(r.station_id)!, cause: codeLabel(CAUSES, r.cause, lang), n: Number(r.n) }));

  const clearance: ChartData['clearance'] = [];
  // Cleared within 30 days, not "so far": the latest quarter's cases have had less time. Too-few shares are left out.
  for (const id of ['clearance_rate_30d', 'proactive_share']) {
    const c = col(id);
    if (!c) continue;
    for (const s of stations) {
      const v = cell(id, s.station_id);
      const shown = { value: v?.value ?? null, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null, small: v?.small ?? false };
      clearance.push({ label: s.label, metric: c.short, value: v && !v.small ? v.value : null, shown });
    }
  }
  const changes: ChartData['changes'] = [];
  if (result.compare && counties.length === 1) {
    for (const c of columns) {
      if (c.unit !== 'share') continue;
      const v = countyCell.get(`${c.id}\u0001${countyKey(counties[0])}`);
      if (!v || v.change === null || v.small) continue;
      const tone = c.direction === 'neutral' || Math.abs(v.change) < 5e-4 ? 'neutral'
        : (v.change > 0) === (c.direction === 'higher_is_better') ? 'better' : 'worse';
      changes.push({ metric: c.short, change_pp: v.change * 100, tone });
    }
  }
  const planData = (plan?.rows ?? []).filter((r) => r.scope === 'station').map((r) => ({ label: r.label, required: r.required, actual: r.actual }));
  const coverage = {
    line: minRule('backtrack_coverage', null),
    rows: bt.rows.filter((r) => r.scope === 'station').map((r) => ({ label: r.label, value: r.coverage?.value ?? null })),
  };
  const ordered = (known: string[], present: string[]): string[] => [...known.filter((k) => present.includes(k)), ...[...new Set(present)].filter((p) => !known.includes(p)).sort()];
  const blank = t('report_unknown', lang);
  const kindOrder = ordered(Object.values(LEDGER_KINDS).map((x) => t(x, lang)), [...burdenByKind, ...burdenByIssuer].map((r) => r.kind));
  const areaOrder = ordered(Object.values(AREA_TYPES).map((x) => t(x, lang)), sworn.map((r) => r.area));
  const causeOrder = ordered([...Object.values(CAUSES).map((x) => t(x, lang)), blank], causes.map((r) => r.cause));
  return { frontline, sworn, burdenByKind, kindOrder, areaOrder, causeOrder, burdenByIssuer, causes, clearance, changes, plan: planData, coverage };
}

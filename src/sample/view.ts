// What `jiceng sample` prints: pure functions from results to blocks of text and tables, in the chosen language.
import type { Lang } from '../i18n/index.js';
import { messageJson, msg, say, type Param } from '../i18n/message.js';
import { heading, line, table, type Block, type Row } from '../cli/blocks.js';
import type { SampleManifest } from './draw.js';
import type { VerifyReport } from './verify.js';
import type { Evaluation, GroupResult } from './evaluate.js';
import type { DrawRun, SizeResult } from './run.js';
import { stationCoverage } from './workbook.js';
import { pct } from '../format.js';
import { stationDisplayName, stratifyNames } from './workbook-text.js';

/** 5.00% → 5%, 2.50% → 2.5%. */
const pctShort = (x: number): string => pct(x, 2).replace(/\.?0+%$/, '%');

function sayer(lang: Lang) {
  return (code: string, params?: Record<string, Param>): string => say(msg(code, params), lang);
}

/** `sample draw`: the manifest and its coverage table (not with --json), then warnings and what to do next (stderr). */
export function drawView(run: DrawRun, lang: Lang, opts: { manifest: boolean } = { manifest: true }): Block[] {
  const t = sayer(lang);
  const m = run.manifest;
  const blocks = opts.manifest ? manifestView(m, lang) : [];
  for (const w of run.warnings) blocks.push({ warn: w, lang });
  if (run.existing) blocks.push({ info: t('sample_draw_existing', { t: m.created_at }) });
  if (run.seed_generated) blocks.push({ info: t('sample_seed_generated', { s: m.seed }) });
  if (run.file) {
    blocks.push({ ok: t('sample_workbook_written', { f: run.file }) });
    blocks.push({ info: t('sample_next_fill_in', { f: run.file, id: m.sample_id }) });
  }
  return blocks;
}

/** `sample draw --json`: the manifest with the workbook, and warnings as codes with their text. */
export function drawJson(run: DrawRun, lang: Lang): unknown {
  const { manifest, file, seed_generated, existing, warnings } = run;
  return { ...manifest, workbook: file, seed_generated, existing, warnings: warnings.map((w) => messageJson(w, lang)) };
}

export function manifestView(m: SampleManifest, lang: Lang): Block[] {
  const t = sayer(lang);
  const cov = stationCoverage(m.strata).map((c) => ({ ...c, station_name: stationDisplayName(c.station_name, lang) }));
  const total = cov.reduce((a, s) => a + s.sampled, 0);
  const rows: Row[] = [...cov, { station: '', station_name: t('sp_county'), population: m.population_size, certainty: m.certainty_size, sampled: total, coverage: m.population_size ? total / m.population_size : 0 }];
  return [
    heading(t('sample_manifest_heading', { id: m.sample_id })),
    line(t('sample_manifest_summary', {
      q: m.quarter, s: m.quarter_start, e: m.quarter_end, n: m.population_size, k: m.sample_size, c: m.certainty_size,
      r: pct(m.rate, 1), min: m.min_per_stratum, by: stratifyNames(m.stratify, lang, msg('sp_and')),
    })),
    line(t('sample_manifest_seed', { s: m.seed, d: m.population_digest })),
    line(),
    table(rows, [
      { key: 'station_name', title: t('sp_col_station') },
      { key: 'population', title: t('sp_col_population'), align: 'right' },
      { key: 'certainty', title: t('sp_col_certainty'), align: 'right' },
      { key: 'sampled', title: t('sp_col_drawn'), align: 'right' },
      { key: 'coverage', title: t('sp_col_coverage'), align: 'right', format: (v) => pct(v as number, 1), highlight: (r) => (r.coverage as number) < m.rate },
    ]),
  ];
}

/** `sample verify --json`: the report with its notes as codes with their text. */
export function verifyJson(r: VerifyReport, lang: Lang): unknown {
  return { ...r, notes: r.notes.map((n) => messageJson(n, lang)) };
}

export function verifyView(r: VerifyReport, lang: Lang): Block[] {
  const t = sayer(lang);
  const head = { verified: 'sample_verify_verified', mismatch: 'sample_verify_mismatch', population_changed: 'sample_verify_population_changed' }[r.status];
  const what = msg(r.checked === 'workbook' ? 'sample_verify_what_workbook' : 'sample_verify_what_record');
  const p = r.population;
  const blocks: Block[] = [
    heading(t(head, { what, id: r.sample_id, n: r.derived_size })),
    line(t('sample_verify_summary', { id: r.sample_id, q: r.params.quarter, rate: pct(r.params.rate, 1), seed: r.params.seed })),
    line(t(p.strata_changed ? 'sample_verify_strata_changed' : p.changed ? 'sample_verify_population_differs' : 'sample_verify_population_same', {
      a: p.size_at_draw, b: p.size_now, da: p.digest_at_draw.slice(0, 16), db: p.digest_now.slice(0, 16),
    })),
  ];
  const d = r.diff;
  for (const s of d.swapped) blocks.push(line(t(s.same_stratum ? 'sample_verify_swapped_same_stratum' : 'sample_verify_swapped', { a: s.removed, b: s.added })));
  for (const id of d.added) blocks.push(line(t('sample_verify_added', { id })));
  for (const id of d.removed) blocks.push(line(t('sample_verify_removed', { id })));
  for (const id of d.duplicates) blocks.push(line(t('sample_verify_duplicate', { id })));
  if (d.outside_population.length) blocks.push(line(t('sample_verify_outside', { ids: d.outside_population.join(', ') })));
  for (const c of r.manifest_conflicts) blocks.push(line(t('sample_verify_conflict', { k: c.key, a: c.workbook, b: c.workspace })));
  const rd = r.record_vs_derived;
  if (rd && (rd.added.length || rd.removed.length) && !p.changed) {
    blocks.push(line(t('sample_verify_record_differs', { a: rd.added.join(', ') || '—', b: rd.removed.join(', ') || '—' })));
  }
  for (const n of r.notes) blocks.push({ info: say(n, lang) });
  return blocks;
}

/** `sample size --json`. */
export function sizeJson(r: SizeResult): unknown {
  return {
    sample_size: r.n, allowed_deviations: r.allowedDeviations, model: r.model, risk: r.risk,
    confidence: r.confidence, tolerable: r.tolerable, expected: r.expected, population: r.population, population_deviations: r.populationDeviations ?? null,
    method: r.method, at_rate: r.at_rate,
  };
}

export function sizeView(r: SizeResult, lang: Lang): Block[] {
  const t = sayer(lang);
  const blocks = [
    line(t('sample_size_result', { n: r.n })),
    line(t('sample_size_conditions', { c: pct(r.confidence, 0), t: pctShort(r.tolerable), e: pctShort(r.expected), k: r.allowedDeviations })),
    line(r.model === 'binomial'
      ? t('sample_size_model_binomial', { k: r.allowedDeviations, p: pct(r.risk, 3) })
      : t('sample_size_model_hypergeometric', { N: r.population, D: r.populationDeviations ?? null, k: r.allowedDeviations, p: pct(r.risk, 3) })),
    line(t('sample_size_method')),
  ];
  const a = r.at_rate;
  if (a && r.population !== null) {
    blocks.push(line(t(a.enough ? 'sample_size_at_rate_enough' : 'sample_size_at_rate_short', { r: pct(a.rate, 0), m: a.size, n: r.n, q: pct(r.n / r.population, 1) })));
  }
  return blocks;
}

/** `sample list`. */
export function listView(samples: Array<Omit<SampleManifest, 'strata'>>, lang: Lang): Block[] {
  const t = sayer(lang);
  if (!samples.length) return [{ info: t('sample_list_empty') }];
  return [
    table(samples.map((m) => ({ ...m, rate_text: pct(m.rate, 1) })) as unknown as Row[], [
      { key: 'sample_id', title: t('sp_col_sample_id') },
      { key: 'quarter', title: t('sp_col_quarter') },
      { key: 'rate_text', title: t('sp_col_rate'), align: 'right' },
      { key: 'population_size', title: t('sp_col_population'), align: 'right' },
      { key: 'sample_size', title: t('sp_col_sampled'), align: 'right' },
      { key: 'seed', title: t('sp_col_seed') },
      { key: 'created_at', title: t('sp_col_drawn_at') },
    ]),
  ];
}

/** `sample workbook`. */
export function workbookWrittenView(file: string, lang: Lang): Block[] {
  return [{ ok: say(msg('sample_workbook_written', { f: file }), lang) }];
}

function capacityText(g: GroupResult, ev: Evaluation, lang: Lang): string {
  const c = g.capacity;
  const t = sayer(lang);
  if (c.sufficient) return t('sample_capacity_enough', { t: pct(ev.tolerable, 0) });
  if (c.census) return t('sample_capacity_census', { N: c.population });
  return t('sample_capacity_needs', { n: c.needed, m: c.needed - c.n });
}

/** `sample findings`: rates with exact bounds per station and county; before any findings, what the sample can prove. */
export function findingsView(ev: Evaluation, lang: Lang): Block[] {
  const t = sayer(lang);
  const conf = pct(ev.confidence, 0);
  const groups = [...ev.stations.map((g) => ({ ...g, station_name: stationDisplayName(g.station_name, lang) })), { ...ev.county, station_name: t('sp_county') }];
  const blocks: Block[] = [heading(t('sample_findings_heading', { id: ev.sample_id, q: ev.quarter }))];
  if (!ev.has_findings) {
    blocks.push(line(t('sample_findings_none_yet', { c: conf, t: pct(ev.tolerable, 0) })));
    blocks.push(table(groups.map((g) => ({ ...g, zero: g.capacity.zero_defect_upper, verdict: capacityText(g, ev, lang) })) as unknown as Row[], [
      { key: 'station_name', title: t('sp_col_station') },
      { key: 'population', title: t('sp_col_population'), align: 'right' },
      { key: 'sampled', title: t('sp_col_sampled'), align: 'right' },
      { key: 'zero', title: t('sp_col_zero_upper'), align: 'right', format: (v) => pct(v as number, 1) },
      { key: 'verdict', title: t('sp_col_to_prove') },
    ]));
    blocks.push(line(t('sample_findings_capacity_note', { c: conf, t: pct(ev.tolerable, 0), r: ev.county.capacity.required })));
    const cc = ev.county.capacity;
    if (cc.required_finite < cc.required) blocks.push(line(t('sample_findings_finite_note', { N: cc.population, f: cc.required_finite, r: cc.required })));
    return blocks;
  }
  const typeText = (g: GroupResult): string =>
    g.defect_types.slice(0, 3).map((x) => `${x.type ?? t('sample_defect_type_not_given')}×${x.count}`).join(' ') + (g.defect_types.length > 3 ? ' …' : '');
  blocks.push(table(groups.map((g) => ({ ...g, ci: g.ci_lower === null ? '—' : `${pct(g.ci_lower)} – ${pct(g.ci_upper)}`, types: typeText(g) })) as unknown as Row[], [
    { key: 'station_name', title: t('sp_col_station') },
    { key: 'sampled', title: t('sp_col_sampled'), align: 'right' },
    { key: 'reviewed', title: t('sp_col_reviewed'), align: 'right' },
    { key: 'pending', title: t('sp_col_pending'), align: 'right', highlight: (r) => Number(r.pending) > 0 },
    { key: 'defects', title: t('sp_col_defects'), align: 'right' },
    { key: 'defect_rate', title: t('sp_col_defect_rate'), align: 'right', format: (v) => pct(v as number | null) },
    { key: 'ci', title: t('sp_col_interval', { c: conf }), align: 'right' },
    {
      key: 'upper_one_sided', title: t('sp_col_upper_one_sided', { c: conf }), align: 'right', format: (v) => pct(v as number | null),
      highlight: (r) => r.upper_one_sided !== null && (r.upper_one_sided as number) > ev.tolerable,
    },
    { key: 'types', title: t('sp_col_defect_types') },
  ]));
  blocks.push(line(t('sample_findings_method', { c: conf })));
  if (ev.county.weighted_rate !== null) blocks.push(line(t('sample_findings_weighted', { w: pct(ev.county.weighted_rate) })));
  if (ev.county.pending) blocks.push({ info: t('sample_findings_pending', { n: ev.county.pending }) });
  if (ev.outside_sample) blocks.push({ info: t('sample_findings_outside', { n: ev.outside_sample }) });
  return blocks;
}

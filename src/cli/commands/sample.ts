// `jiceng sample draw|verify|size|findings|list|workbook`: seeded backtracking samples (案件倒查), their workbooks and findings.
//
// draw      draws the quarter's sample (stratified by station, seeded, reproducible), stores its manifest
//           in the workspace and writes the auditor workbook.
// verify    re-derives a sample from the workspace and its manifest; says whether a workbook (or the
//           stored record) holds exactly the drawn cases, and whether the population changed.
// size      attribute-sampling sample size (AICPA; exact binomial, hypergeometric with --population).
// findings  defect rates per station and for the county with exact Clopper–Pearson bounds; before any
//           findings, what the sample can prove.
// list      the samples stored in the workspace.
// workbook  writes a stored sample's workbook again.
import { msg } from '../../i18n/message.js';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { helpTexts } from '../help.js';
import { openWorkspace, readConfig } from '../../workspace.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { tr, type Lang } from '../../i18n/index.js';
import { EXIT, UserError } from '../../errors.js';
import { pct } from '../../format.js';
import { drawSample, latestManifest, listSamples, requireManifest, type SampleManifest } from '../../sample/draw.js';
import { readWorkbookRows, stationCoverage, writeSampleWorkbook } from '../../sample/workbook.js';
import { verifySample, type VerifyReport } from '../../sample/verify.js';
import { attributeSampleSize } from '../../sample/stats.js';
import { ceilShare } from '../../sample/rank.js';
import { evaluateSample, type Evaluation, type GroupResult } from '../../sample/evaluate.js';
import { sampleSettings, SAMPLE_DEFAULTS } from '../../sample/settings.js';

/** '0.10', '10%', '１０％' → 0.1; a usage error naming the option otherwise. */
export function parseShare(s: string, option: string, lang: Lang, opts: { allowZero?: boolean; allowOne?: boolean } = {}): number {
  const t = s.normalize('NFKC').trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(%)?$/.exec(t);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  const ok = Number.isFinite(v) && (opts.allowZero ? v >= 0 : v > 0) && (opts.allowOne ? v <= 1 : v < 1);
  if (!ok) {
    throw new UserError(msg('sample_bad_fraction', { o: option, v: s }), {
      hint: msg('sample_bad_fraction_hint'),
      exitCode: EXIT.usage,
    });
  }
  return v;
}

function parseCount(s: string, option: string, lang: Lang, min: number): number {
  const t = s.normalize('NFKC').trim().replace(/,/g, '');
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(v) || v < min) {
    throw new UserError(msg('sample_bad_whole_number', { o: option, m: min, v: s }), { exitCode: EXIT.usage });
  }
  return v;
}

function parseAmount(s: string, lang: Lang): number {
  const t = s.normalize('NFKC').trim().replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t) || Number(t) > 1e15) {
    throw new UserError(msg('sample_bad_amount', { v: s }), {
      hint: msg('sample_bad_amount_hint'),
      exitCode: EXIT.usage,
    });
  }
  return Number(t);
}

/** A file name safe on Windows and Unix: no path separators, reserved or control characters. */
export function sanitizeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 180);
  return cleaned || 'sample';
}

function workbookPath(wsDir: string, m: SampleManifest, outOpt: string | undefined, lang: Lang): string {
  if (outOpt) {
    const abs = resolve(outOpt);
    const name = sanitizeFileName(basename(abs));
    return join(dirname(abs), extname(name).toLowerCase() === '.xlsx' ? name : `${name}.xlsx`);
  }
  const stem = lang === 'zh' ? `倒查样本_${m.quarter}_${m.sample_id}` : `backtrack-sample_${m.quarter}_${m.sample_id}`;
  return join(wsDir, 'reports', sanitizeFileName(`${stem}.xlsx`));
}


interface DrawFlags {
  quarter?: string;
  rate?: string;
  seed?: string;
  stratify?: string;
  minPerStratum?: string;
  includeAllAbove?: string;
  out?: string;
  workbook?: boolean;
  json?: boolean;
}

export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  const sample = program
    .command('sample')
    .description(t('help_sample'));

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
        const ctx = contextOf(cmd);
        const L = ctx.lang;
        const ws = await openWorkspace(ctx.workspaceDir);
        try {
          const settings = sampleSettings(ws.config, L);
          const result = await drawSample(ws, {
            quarter: flags.quarter,
            rate: flags.rate === undefined ? undefined : parseShare(flags.rate, '--rate', L, { allowOne: true }),
            seed: flags.seed,
            stratify: flags.stratify === undefined ? undefined : flags.stratify.split(','),
            minPerStratum: flags.minPerStratum === undefined ? undefined : parseCount(flags.minPerStratum, '--min-per-stratum', L, 0),
            includeAllAbove: flags.includeAllAbove === undefined ? undefined : parseAmount(flags.includeAllAbove, L),
            lang: L,
          });
          const m = result.manifest;
          let file: string | null = null;
          if (flags.workbook !== false) {
            file = workbookPath(ws.dir, m, flags.out, L);
            await writeSampleWorkbook(file, m, await readWorkbookRows(ws.db, m), { lang: L, defectTypes: settings.defect_types });
          }
          if (flags.json) {
            out.json({ ...m, workbook: file, seed_generated: result.seed_generated, existing: result.existing, warnings: result.warnings });
          } else {
            printManifest(m, L);
          }
          for (const w of result.warnings) out.warn(w, ctx.lang);
          if (result.existing) {
            out.info(tr({ zh: '同样的抽样已于 {t} 做过，沿用原记录（样本相同）', en: 'this exact draw was made at {t}; the stored record was kept (same sample)' }, L, { t: m.created_at }));
          }
          if (result.seed_generated) {
            out.info(tr({ zh: '种子 {s} 为自动生成，已记入样本清单；用 --seed {s} 可在任何电脑上重现这次抽样', en: 'seed {s} was generated and is recorded in the manifest; --seed {s} repeats this draw on any machine' }, L, { s: m.seed }));
          }
          if (file) {
            out.ok(tr({ zh: '倒查工作簿：{f}', en: 'Auditor workbook: {f}' }, L, { f: file }));
            out.info(tr({ zh: '下一步：填写后 {jiceng} load "{f}"，再 {jiceng} sample findings {id}', en: 'Next: fill it in, then {jiceng} load "{f}" and {jiceng} sample findings {id}' }, L, { f: file, id: m.sample_id }));
          }
        } finally {
          ws.close();
        }
      }),
    );

  sample
    .command('verify <target>')
    .description(t('help_sample_verify'))
    .option('--json', t('help_sample_json_report'))
    .action(
      action(async (target: string, flags: { json?: boolean }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const report = await verifySample(ws.db, target, ctx.lang);
          if (flags.json) out.json(report);
          else printVerify(report, ctx.lang);
          return report.status === 'verified' ? EXIT.ok : EXIT.rejected;
        } finally {
          ws.close();
        }
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
      action(async (flags: { confidence: string; tolerable: string; expected: string; population?: string; json?: boolean }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const L = ctx.lang;
        const confidence = parseShare(flags.confidence, '--confidence', L);
        const tolerable = parseShare(flags.tolerable, '--tolerable', L);
        const expected = parseShare(flags.expected, '--expected', L, { allowZero: true });
        const population = flags.population === undefined ? undefined : parseCount(flags.population, '--population', L, 1);
        if (expected >= tolerable) {
          throw new UserError(msg('sample_expected_not_below', { e: flags.expected, t: flags.tolerable }), {
            hint: msg('sample_expected_not_below_hint'),
            exitCode: EXIT.usage,
          });
        }
        let r;
        try {
          r = attributeSampleSize({ confidence, tolerable, expected, population });
        } catch (e) {
          if (e instanceof RangeError) {
            throw new UserError(e.message, { hint: msg('sample_size_impossible_hint'), exitCode: EXIT.usage });
          }
          throw e;
        }
        const rate = existsSync(ctx.workspaceDir) ? safeRate(ctx.workspaceDir) : SAMPLE_DEFAULTS.rate;
        const atRate = population === undefined ? null : Math.min(population, ceilShare(rate, population));
        const method = r.model === 'binomial'
          ? 'AICPA Audit Guide Audit Sampling, Appendix A (Tables A-1/A-2) attribute sampling; exact binomial'
          : 'AICPA Audit Guide Audit Sampling attribute sampling; exact hypergeometric (finite population of N holding ceil(tolerable × N) deviations)';
        if (flags.json) {
          out.json({
            sample_size: r.n, allowed_deviations: r.allowedDeviations, model: r.model, risk: r.risk,
            confidence, tolerable, expected, population: population ?? null, population_deviations: r.populationDeviations ?? null,
            method, at_rate: atRate === null ? null : { rate, size: atRate, enough: atRate >= r.n },
          });
          return;
        }
        out.line(tr({ zh: '样本量：{n} 件', en: 'Sample size: {n}' }, L, { n: r.n }));
        out.line(tr({
          zh: '条件：置信度 {c}，容忍问题率 {t}，预期问题率 {e}；样本中问题不超过 {k} 件时，可以 {c} 的把握说问题率低于 {t}',
          en: 'For {c} confidence, tolerable rate {t}, expected rate {e}: if the sample holds at most {k} defective, the defect rate is below {t} with {c} confidence',
        }, L, { c: pct(confidence, 0), t: pct(tolerable, 2).replace(/\.?0+%$/, '%'), e: pct(expected, 2).replace(/\.?0+%$/, '%'), k: r.allowedDeviations }));
        out.line(
          r.model === 'binomial'
            ? tr({ zh: '模型：精确二项分布（总体视为无限）；若问题率恰为容忍率，抽中问题不超过 {k} 件的概率为 {p}', en: 'Model: exact binomial (population taken as infinite); at the tolerable rate, P(at most {k} defective) = {p}' }, L, { k: r.allowedDeviations, p: pct(r.risk, 3) })
            : tr({ zh: '模型：精确超几何分布（总体 {N} 件，按容忍率含问题 {D} 件）；抽中问题不超过 {k} 件的概率为 {p}', en: 'Model: exact hypergeometric (population {N}, holding {D} defective at the tolerable rate); P(at most {k} defective) = {p}' }, L, { N: population!, D: r.populationDeviations!, k: r.allowedDeviations, p: pct(r.risk, 3) }),
        );
        out.line(tr({ zh: '方法：AICPA《审计抽样》附录 A 属性抽样（预期问题数 = ⌈预期率 × 样本量⌉）', en: 'Method: AICPA Audit Sampling, Appendix A attribute sampling (expected deviations = ⌈expected rate × n⌉)' }, L));
        if (atRate !== null) {
          out.line(tr(
            atRate >= r.n
              ? { zh: '按 {r} 抽样为 {m} 件：够用', en: 'At the {r} rate the sample is {m}: enough' }
              : { zh: '按 {r} 抽样为 {m} 件：不够，须抽 {n} 件（{q}）', en: 'At the {r} rate the sample is {m}: not enough; draw {n} ({q})' },
            L, { r: pct(rate, 0), m: atRate, n: r.n, q: pct(r.n / population!, 1) },
          ));
        }
      }),
    );

  sample
    .command('findings [sampleId]')
    .description(t('help_sample_findings'))
    .option('--quarter <q>', t('help_sample_findings_quarter'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (sampleId: string | undefined, flags: { quarter?: string; json?: boolean }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const settings = sampleSettings(ws.config, ctx.lang);
          const m = sampleId ? await requireManifest(ws.db, sampleId, ctx.lang) : await latestManifest(ws.db, flags.quarter, ctx.lang);
          const ev = await evaluateSample(ws.db, m, { confidence: settings.confidence, tolerable: settings.tolerable_rate });
          if (flags.json) out.json(ev);
          else printEvaluation(ev, ctx.lang);
        } finally {
          ws.close();
        }
      }),
    );

  sample
    .command('list')
    .description(t('help_sample_list'))
    .option('--quarter <q>', t('help_sample_list_quarter'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (flags: { quarter?: string; json?: boolean }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const L = ctx.lang;
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const all = await listSamples(ws.db, flags.quarter);
          if (flags.json) {
            out.json(all.map(({ strata: _s, ...rest }) => rest));
            return;
          }
          if (!all.length) {
            out.info(tr({ zh: '还没有样本。抽样：{jiceng} sample draw --quarter 2026Q3', en: 'No samples yet. Draw one: {jiceng} sample draw --quarter 2026Q3' }, L));
            return;
          }
          out.table(
            all.map((m) => ({ ...m, rate_text: pct(m.rate, 1) })) as unknown as Record<string, unknown>[],
            [
              { key: 'sample_id', title: tr({ zh: '样本编号', en: 'sample' }, L) },
              { key: 'quarter', title: tr({ zh: '季度', en: 'quarter' }, L) },
              { key: 'rate_text', title: tr({ zh: '比例', en: 'rate' }, L), align: 'right' },
              { key: 'population_size', title: tr({ zh: '总体', en: 'population' }, L), align: 'right' },
              { key: 'sample_size', title: tr({ zh: '样本', en: 'sampled' }, L), align: 'right' },
              { key: 'seed', title: tr({ zh: '种子', en: 'seed' }, L) },
              { key: 'created_at', title: tr({ zh: '抽样时间（UTC）', en: 'drawn at (UTC)' }, L) },
            ],
          );
        } finally {
          ws.close();
        }
      }),
    );

  sample
    .command('workbook <sampleId>')
    .description(t('help_sample_workbook'))
    .option('--out <file>', t('help_sample_out'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (sampleId: string, flags: { out?: string; json?: boolean }, cmd: Command) => {
        const ctx = contextOf(cmd);
        const ws = await openWorkspace(ctx.workspaceDir, { readOnly: true });
        try {
          const settings = sampleSettings(ws.config, ctx.lang);
          const m = await requireManifest(ws.db, sampleId, ctx.lang);
          const file = workbookPath(ws.dir, m, flags.out, ctx.lang);
          await writeSampleWorkbook(file, m, await readWorkbookRows(ws.db, m), { lang: ctx.lang, defectTypes: settings.defect_types });
          if (flags.json) out.json({ sample_id: m.sample_id, workbook: file });
          else out.ok(tr({ zh: '倒查工作簿：{f}', en: 'Auditor workbook: {f}' }, ctx.lang, { f: file }));
        } finally {
          ws.close();
        }
      }),
    );
}

function safeRate(dir: string): number {
  try {
    return sampleSettings(readConfig(dir)).rate;
  } catch {
    return SAMPLE_DEFAULTS.rate;
  }
}

function printManifest(m: SampleManifest, L: Lang): void {
  out.heading(tr({ zh: '倒查样本 {id}', en: 'Backtracking sample {id}' }, L, { id: m.sample_id }));
  out.line(tr({
    zh: '季度 {q}（{s} 至 {e}）· 总体 {n} 件 · 样本 {k} 件（其中必查 {c} 件）· 比例 {r} · 每层至少 {min} 件 · 分层 {by}',
    en: 'Quarter {q} ({s} to {e}) · population {n} · sample {k} ({c} certainty items) · rate {r} · at least {min} per stratum · strata {by}',
  }, L, {
    q: m.quarter, s: m.quarter_start, e: m.quarter_end, n: m.population_size, k: m.sample_size, c: m.certainty_size,
    r: pct(m.rate, 1), min: m.min_per_stratum, by: m.stratify.join(','),
  }));
  out.line(tr({ zh: '种子 {s} · 总体指纹 {d}', en: 'Seed {s} · population digest {d}' }, L, { s: m.seed, d: m.population_digest }));
  out.line();
  const cov = stationCoverage(m.strata);
  const total = cov.reduce((a, s) => a + s.sampled, 0);
  out.table(
    [...cov, { station: '', station_name: tr({ zh: '全县', en: 'County' }, L), population: m.population_size, certainty: m.certainty_size, sampled: total, coverage: m.population_size ? total / m.population_size : 0 }] as unknown as Record<string, unknown>[],
    [
      { key: 'station_name', title: tr({ zh: '所队', en: 'station' }, L) },
      { key: 'population', title: tr({ zh: '总体', en: 'population' }, L), align: 'right' },
      { key: 'certainty', title: tr({ zh: '必查', en: 'certainty' }, L), align: 'right' },
      { key: 'sampled', title: tr({ zh: '抽取', en: 'sampled' }, L), align: 'right' },
      { key: 'coverage', title: tr({ zh: '覆盖率', en: 'coverage' }, L), align: 'right', format: (v) => pct(v as number, 1), highlight: (r) => (r.coverage as number) < m.rate },
    ],
  );
}

function printVerify(r: VerifyReport, L: Lang): void {
  const head: Record<VerifyReport['status'], { zh: string; en: string }> = {
    verified: { zh: '核对通过：{what}与样本 {id} 的抽样结果完全一致（{n} 件）', en: 'Verified: {what} holds exactly the {n} cases drawn for sample {id}' },
    mismatch: { zh: '核对不通过：{what}与样本 {id} 的抽样结果不一致', en: 'NOT verified: {what} differs from the cases drawn for sample {id}' },
    population_changed: { zh: '无法完全核对：{what}与抽样记录一致，但抽样后总体（或其分层）已变化', en: 'Cannot fully verify: {what} matches the recorded draw, but the population (or its strata) changed after it' },
  };
  const what = r.checked === 'workbook' ? tr({ zh: '工作簿', en: 'the workbook' }, L) : tr({ zh: '工作区记录', en: 'the stored record' }, L);
  out.heading(tr(head[r.status], L, { what, id: r.sample_id, n: r.derived_size }));
  out.line(tr({ zh: '样本 {id} · 季度 {q} · 比例 {rate} · 种子 {seed}', en: 'Sample {id} · quarter {q} · rate {rate} · seed {seed}' }, L, {
    id: r.sample_id, q: r.params.quarter, rate: pct(r.params.rate, 1), seed: r.params.seed,
  }));
  out.line(tr(
    r.population.strata_changed
      ? { zh: '总体：{a} 件，指纹 {da}，案件未变但分层已变化', en: 'Population: {a} cases, digest {da}: same cases, strata CHANGED' }
      : r.population.changed
      ? { zh: '总体：抽样时 {a} 件（指纹 {da}），现在 {b} 件（指纹 {db}）——已变化', en: 'Population: {a} cases at the draw (digest {da}), {b} now (digest {db}): CHANGED' }
      : { zh: '总体：{a} 件，指纹 {da}，未变化', en: 'Population: {a} cases, digest {da}: unchanged' },
    L, { a: r.population.size_at_draw, b: r.population.size_now, da: r.population.digest_at_draw.slice(0, 16), db: r.population.digest_now.slice(0, 16) },
  ));
  const d = r.diff;
  for (const s of d.swapped) {
    out.line(tr(
      s.same_stratum ? { zh: '  调换：{a} 被换成 {b}（同一层）', en: '  swapped: {a} replaced by {b} (same stratum)' } : { zh: '  调换：{a} 被换成 {b}', en: '  swapped: {a} replaced by {b}' },
      L, { a: s.removed, b: s.added },
    ));
  }
  for (const id of d.added) out.line(tr({ zh: '  多出：{id}（不是抽中的案件）', en: '  added: {id} (not drawn)' }, L, { id }));
  for (const id of d.removed) out.line(tr({ zh: '  缺少：{id}（抽中了但不在表中）', en: '  removed: {id} (drawn but missing)' }, L, { id }));
  for (const id of d.duplicates) out.line(tr({ zh: '  重复：{id}', en: '  listed twice: {id}' }, L, { id }));
  if (d.outside_population.length) {
    out.line(tr({ zh: '  其中不属于本季度倒查总体的案件：{ids}', en: '  of which not in the quarter\'s backtrack population at all: {ids}' }, L, { ids: d.outside_population.join(', ') }));
  }
  for (const c of r.manifest_conflicts) {
    out.line(tr({ zh: '  清单不符：{k} 工作簿为“{a}”，工作区记录为“{b}”', en: '  manifest conflict: {k} is "{a}" in the workbook, "{b}" in the workspace' }, L, { k: c.key, a: c.workbook, b: c.workspace }));
  }
  if (r.record_vs_derived && (r.record_vs_derived.added.length || r.record_vs_derived.removed.length) && !r.population.changed) {
    out.line(tr({ zh: '  工作区的抽样记录与重新抽取的结果不同：多 {a}，少 {b}', en: '  the stored record differs from the re-derived draw: extra {a}; missing {b}' }, L, {
      a: r.record_vs_derived.added.join(', ') || '—', b: r.record_vs_derived.removed.join(', ') || '—',
    }));
  }
  for (const n of r.notes) out.info(n);
}

function capacityText(g: GroupResult, ev: Evaluation, L: Lang): string {
  const c = g.capacity;
  if (c.sufficient) {
    return tr({ zh: '够：若无问题即可证明低于 {t}', en: 'enough: no defect proves below {t}' }, L, { t: pct(ev.tolerable, 0) });
  }
  if (c.census) {
    return tr({ zh: '总体仅 {N} 件，须全部倒查', en: 'only {N} cases: review all of them' }, L, { N: c.population });
  }
  return tr({ zh: '须 {n} 件（再加 {m} 件）', en: 'needs {n} ({m} more)' }, L, { n: c.needed, m: c.needed - c.n });
}

function printEvaluation(ev: Evaluation, L: Lang): void {
  const conf = pct(ev.confidence, 0);
  out.heading(tr({ zh: '倒查结果 · 样本 {id}（{q}）', en: 'Backtracking findings · sample {id} ({q})' }, L, { id: ev.sample_id, q: ev.quarter }));
  const groups = [...ev.stations, { ...ev.county, station_name: tr({ zh: '全县', en: 'County' }, L) }];
  if (!ev.has_findings) {
    out.line(tr({ zh: '还没有倒查结果。这个样本能证明什么（{c} 置信度，容忍问题率 {t}）：', en: 'No findings yet. What this sample can prove ({c} confidence, tolerable rate {t}):' }, L, { c: conf, t: pct(ev.tolerable, 0) }));
    out.table(
      groups.map((g) => ({ ...g, zero: g.capacity.zero_defect_upper, verdict: capacityText(g, ev, L) })) as unknown as Record<string, unknown>[],
      [
        { key: 'station_name', title: tr({ zh: '所队', en: 'station' }, L) },
        { key: 'population', title: tr({ zh: '总体', en: 'population' }, L), align: 'right' },
        { key: 'sampled', title: tr({ zh: '样本', en: 'sampled' }, L), align: 'right' },
        { key: 'zero', title: tr({ zh: '若无问题，问题率上限', en: 'upper bound if no defect' }, L), align: 'right', format: (v) => pct(v as number, 1) },
        { key: 'verdict', title: tr({ zh: '证明低于容忍率', en: 'to prove the tolerable rate' }, L) },
      ],
    );
    out.line(tr({
      zh: '说明：“问题率上限”= 样本全部合格时，以 {c} 把握可断言的问题率上界 1−(1−{c})^(1/n)；证明低于容忍率 {t} 需要 {r} 件全部合格（AICPA 属性抽样，精确二项），取样本量与此数中较大者。',
      en: 'Upper bound if no defect = the rate one can rule out with {c} confidence when every sampled case passes, 1−(1−{c})^(1/n); proving the tolerable rate {t} needs {r} cases all passing (AICPA attribute sampling, exact binomial): the larger of that and the sample is what to review.',
    }, L, { c: conf, t: pct(ev.tolerable, 0), r: ev.county.capacity.required }));
    const cc = ev.county.capacity;
    if (cc.required_finite < cc.required) {
      out.line(tr({
        zh: '按有限总体（超几何）口径，全县 {N} 件中需 {f} 件全部合格；但此后报告的区间按二项计算，故以 {r} 件为准（见 {jiceng} sample size --population {N}）。',
        en: 'Counting the county\'s {N} cases as a finite population (hypergeometric), {f} passing cases would do; the bounds reported later are binomial, hence {r} (see {jiceng} sample size --population {N}).',
      }, L, { N: cc.population, f: cc.required_finite, r: cc.required }));
    }
    return;
  }
  const typeText = (g: GroupResult): string =>
    g.defect_types.slice(0, 3).map((t) => `${t.type ?? tr({ zh: '未填', en: 'not given' }, L)}×${t.count}`).join(' ') + (g.defect_types.length > 3 ? ' …' : '');
  out.table(
    groups.map((g) => ({ ...g, ci: g.ci_lower === null ? '—' : `${pct(g.ci_lower)} – ${pct(g.ci_upper)}`, types: typeText(g) })) as unknown as Record<string, unknown>[],
    [
      { key: 'station_name', title: tr({ zh: '所队', en: 'station' }, L) },
      { key: 'sampled', title: tr({ zh: '样本', en: 'sampled' }, L), align: 'right' },
      { key: 'reviewed', title: tr({ zh: '已查', en: 'reviewed' }, L), align: 'right' },
      { key: 'pending', title: tr({ zh: '未查', en: 'pending' }, L), align: 'right', highlight: (r) => Number(r.pending) > 0 },
      { key: 'defects', title: tr({ zh: '问题', en: 'defects' }, L), align: 'right' },
      { key: 'defect_rate', title: tr({ zh: '问题率', en: 'defect rate' }, L), align: 'right', format: (v) => pct(v as number | null) },
      { key: 'ci', title: tr({ zh: '{c} 区间', en: '{c} interval' }, L, { c: conf }), align: 'right' },
      { key: 'upper_one_sided', title: tr({ zh: '单侧 {c} 上限', en: 'one-sided {c} upper' }, L, { c: conf }), align: 'right', format: (v) => pct(v as number | null), highlight: (r) => r.upper_one_sided !== null && (r.upper_one_sided as number) > ev.tolerable },
      { key: 'types', title: tr({ zh: '问题类型', en: 'defect types' }, L) },
    ],
  );
  out.line(tr({ zh: '方法：双侧 {c} Clopper–Pearson 精确区间；单侧 {c} 上限为同一精确二项方法（审计常用）；问题率 = 问题件数 / 已查件数。', en: 'Method: two-sided {c} Clopper–Pearson exact interval; one-sided {c} upper bound by the same exact binomial method (the figure auditors quote); defect rate = defects / reviewed.' }, L, { c: conf }));
  if (ev.county.weighted_rate !== null) {
    out.line(tr({ zh: '按分层加权的全县问题率估计：{w}（各层抽取比例不同时，比简单比例更贴近全县实际）', en: 'Stratified (weighted) county estimate: {w} (closer to the county as a whole when strata were sampled at different fractions)' }, L, { w: pct(ev.county.weighted_rate) }));
  }
  if (ev.county.pending) out.info(tr({ zh: '尚有 {n} 件未填写结果', en: '{n} sampled cases have no finding yet' }, L, { n: ev.county.pending }));
  if (ev.outside_sample) out.info(tr({ zh: '另有 {n} 件本季度案件的倒查结果不在样本中，未计入（不是随机抽取的）', en: '{n} findings concern cases of the quarter outside the sample; they are not counted (not drawn at random)' }, L, { n: ev.outside_sample }));
}

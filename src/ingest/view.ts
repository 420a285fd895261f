// What `load`, `inspect` and `mappings` print: a line per sheet as it lands, the closing summary, the --json document, and inspect's evidence (pure).
import { fieldChoice, kindChoice, kindName } from '../i18n/names.js';
import type { Lang } from '../i18n/index.js';
import { msg, say, messageJson, type Param } from '../i18n/message.js';
import { table, type Block } from '../cli/blocks.js';
import type { SheetResult } from './load.js';
import type { FileError } from './batch.js';
import type { InspectSheet } from './inspect.js';
import type { RememberedMapping } from './remembered.js';

/** One file's sheets: ✓ loaded, = unchanged, - ignored, ✗ failed, with their notes and warnings. */
export function fileBlocks(results: SheetResult[], lang: Lang): Block[] {
  const t = (code: string, params?: Record<string, Param>): string => say(msg(code, params), lang);
  const blocks: Block[] = [];
  for (const r of results) {
    const where = r.file === r.sheet || r.file.replace(/\.[^.]+$/, '') === r.sheet ? r.file : `${r.file} [${r.sheet}]`;
    const kind = r.kind ? say(kindName(r.kind), lang) : '';
    if (r.status === 'failed') {
      blocks.push({ info: `✗ ${r.error ? say(r.error, lang) : ''}` });
      if (r.hint) blocks.push({ info: `  ${say(msg('hint_prefix'), lang)}${say(r.hint, lang)}` });
      continue;
    }
    if (r.status === 'ignored') {
      blocks.push({ info: `- ${where}${lang === 'zh' ? '：' : ': '}${say(msg('legacy_text', { text: r.warnings }), lang)}` });
      continue;
    }
    const line =
      r.status === 'unchanged'
        ? t('view_load_sheet_unchanged', { where, kind, n: r.rows_unchanged })
        : t('view_load_sheet_loaded', { where, kind, loaded: r.rows_loaded, added: r.rows_added, updated: r.rows_updated, unchanged: r.rows_unchanged, skipped: r.rows_skipped, rejected: r.rows_rejected });
    blocks.push({ info: line });
    for (const n of r.notes ?? []) blocks.push({ info: `  ${say(n, lang)}` });
    for (const w of r.warnings) blocks.push({ warn: `  ${say(w, lang)}`, lang });
  }
  return blocks;
}

/** The line after the last file: rejected rows, failed sheets and refused files, and where to look. */
export function summaryBlocks(results: SheetResult[], fileErrors: number, lang: Lang, files = 2): Block[] {
  const t = (code: string, params?: Record<string, Param>): string => say(msg(code, params), lang);
  const rejected = results.reduce((s, r) => s + r.rows_rejected, 0);
  const failed = results.filter((r) => r.status === 'failed').length;
  // One file refused as a whole: its error line above says everything (and it has no rejects to list).
  if (!rejected && !failed && fileErrors && files === 1) return [];
  if (!rejected && !failed && fileErrors) {
    return [{ info: t('view_load_files_refused', { files: fileErrors }) }];
  }
  const parts: string[] = [];
  if (rejected) parts.push(t('view_load_rows_rejected', { n: rejected }));
  if (failed) parts.push(t('view_load_sheets_failed', { n: failed }));
  if (fileErrors) parts.push(t('view_load_files_failed', { n: fileErrors }));
  if (!parts.length) return [];
  // Sheets and files that failed say why above; rejected rows are listed by status.
  const next = rejected
    ? t('view_load_next_rejects')
    : t('view_load_see_above');
  return [{ info: parts.join(lang === 'zh' ? '，' : ', ') + next }];
}

/** A sheet's result for --json: warnings, error and hint as code and parameters with their text. */
export function sheetJson(r: SheetResult, lang: Lang): Record<string, unknown> {
  return {
    ...r,
    warnings: r.warnings.map((w) => messageJson(w, lang)),
    ...(r.error ? { error: say(r.error, lang), error_code: r.error.code, error_params: r.error.params ?? {} } : {}),
    ...(r.hint ? { hint: say(r.hint, lang), hint_code: r.hint.code, hint_params: r.hint.params ?? {} } : {}),
  };
}

/** A file refused as a whole, for --json: the message code and parameters, with the text in the chosen language. */
export function fileErrorJson({ file, error: e }: FileError, lang: Lang): Record<string, unknown> {
  return {
    file,
    error: e.msg ? say(e.msg, lang) : e.message,
    code: e.msg?.code ?? e.code,
    params: e.msg?.params ?? {},
    ...(e.msg && e.msg.code !== e.code ? { category: e.code } : {}),
    ...(e.hintMsg ? { hint: say(e.hintMsg, lang) } : e.hint ? { hint: e.hint } : {}),
  };
}

/** `inspect`: per sheet, the kind chosen, header rows, every column's field and evidence, and the rows that would load. */
export function inspectBlocks(sheets: InspectSheet[], lang: Lang): Block[] {
  const b: Block[] = [];
  const t = (code: string, params?: Record<string, string | number>): string => say(msg(code, params), lang);
  for (const s of sheets) {
    b.push({ heading: t('inspect_sheet', { where: s.file === s.sheet || s.file.replace(/\.[^.]+$/, '') === s.sheet ? s.file : `${s.file} [${s.sheet}]` }) });
    if (!s.header_rows.length && !s.refusals.length) {
      b.push({ line: t('inspect_no_header') });
      continue;
    }
    if (s.header_rows.length) b.push({ line: t('inspect_header_rows', { rows: s.header_rows.join(', ') }) });
    if (s.remembered) b.push({ line: t('inspect_remembered', { id: s.remembered }) });
    // Kinds and fields by name with the code a --map file needs: 花名册（staffing）, 警号（person_id）.
    const kind = (k: string): string => say(kindChoice(k), lang);
    const field = (f: string): string => (s.kind ? say(fieldChoice(s.kind, f), lang) : f);
    const runner = s.runner_up ? kind(s.runner_up.kind) + (lang === 'zh' ? `（${s.runner_up.score}）` : ` (${s.runner_up.score})`) : '-';
    b.push({ line: s.kind ? t('inspect_kind', { kind: kind(s.kind), score: s.score ?? 0, runner }) : t('inspect_kind_none') });
    for (const r of s.refusals) {
      b.push({ line: t('inspect_refused', { message: say(r.message, lang) }) });
      b.push({ line: t('inspect_hint', { hint: say(r.hint, lang) }) });
    }
    if (s.columns.length) {
      b.push(table(
        s.columns.map((c) => ({
          header: c.header, field: c.field ? field(c.field) : '', rule: c.rule ? t(`rule_${c.rule}`) + (c.alias && c.rule !== 'alias' ? ` (${c.alias})` : '') : '',
          confidence: c.confidence === null ? '' : c.confidence.toFixed(2),
          values: [
            c.values ? t(`ev_${c.values}`) : '',
            c.also_read_as ? t('ev_also_read_as', { field: field(c.also_read_as) }) : '',
            c.not_taken
              ? t('ev_not_taken', { field: field(c.not_taken.field), confidence: c.not_taken.confidence.toFixed(2) }) + (c.not_taken.values ? ` ${t(`ev_${c.not_taken.values}`)}` : '')
              : '',
          ].filter(Boolean).join('; '),
        })),
        [
          { key: 'header', title: t('col_header') },
          { key: 'field', title: t('col_field') },
          { key: 'rule', title: t('col_rule') },
          { key: 'confidence', title: t('col_confidence'), align: 'right' },
          { key: 'values', title: t('col_values') },
        ],
      ));
    }
    if (s.unmapped.length) b.push({ line: t('inspect_unmapped', { columns: s.unmapped.join(', ') }) });
    for (const n of s.notes) b.push({ line: t('inspect_fallback', { note: say(n, lang) }) });
    if (s.rows) b.push({ line: t('inspect_rows', { rows: s.rows.in_file, load: s.rows.load, skip: s.rows.skip, reject: s.rows.reject }) });
    b.push({ line: '' });
  }
  return b;
}

/** `mappings`: the remembered --map mappings, one row each, or a line saying there are none. */
export function mappingsBlocks(list: RememberedMapping[], lang: Lang): Block[] {
  const t = (code: string): string => say(msg(code), lang);
  if (!list.length) return [{ info: t('mappings_none') }];
  return [
    { heading: t('mappings_heading') },
    table(
      list.map((m) => ({
        id: m.id, kind: m.kind, source: m.source, last_used: m.last_used_at,
        mapping: Object.entries(m.mapping.headers ?? {}).map(([h, f]) => `${h}→${f}`).concat(Object.entries(m.mapping.constants ?? {}).map(([f, v]) => `${f}=${v}`)).join(', '),
        headers: m.headers.filter(Boolean).slice(0, 6).join(', ') + (m.headers.filter(Boolean).length > 6 ? ', …' : ''),
      })),
      [
        { key: 'id', title: t('col_id') },
        { key: 'kind', title: t('col_kind') },
        { key: 'mapping', title: t('col_mapping') },
        { key: 'headers', title: t('col_headers') },
        { key: 'source', title: t('col_source') },
        { key: 'last_used', title: t('col_last_used') },
      ],
    ),
  ];
}

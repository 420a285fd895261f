// `jiceng inspect <files…>`: how each sheet would load, without touching the workspace.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, openWorkspace } from '../../workspace.js';
import { expandPaths, parseKinds } from '../../ingest/load.js';
import { loadMappingFile, type UserMapping } from '../../ingest/mapping.js';
import { inspectFile, type InspectSheet } from '../../ingest/inspect.js';
import { KnownUnits } from '../../ingest/known-units.js';
import { readRemembered, type RememberedMapping } from '../../ingest/remembered.js';
import { contextOf, action } from '../context.js';
import { out } from '../output.js';
import { clock, files } from '../effects.js';
import { msg, say } from '../../i18n/message.js';
import type { Lang } from '../../i18n/index.js';
import { EXIT } from '../../errors.js';

interface InspectFlags {
  kind?: string;
  map?: string;
  json?: boolean;
  writeMap?: string;
  encoding?: string;
  includeHidden?: boolean;
}

import { helpTexts } from '../help.js';
export function register(program: Command, lang: Lang = 'zh'): void {
  const t = helpTexts(lang);
  program
    .command('inspect <paths...>')
    .description(t('help_inspect'))
    .option('--kind <kinds>', t('help_inspect_kind'))
    .option('--map <file>', t('help_inspect_map'))
    .option('--write-map <file>', t('help_inspect_write_map'))
    .option('--encoding <enc>', t('help_inspect_encoding'))
    .option('--include-hidden', t('help_inspect_include_hidden'))
    .option('--json', t('help_opt_json'))
    .action(
      action(async (paths: string[], flags: InspectFlags, cmd: Command) => {
        const ctx = contextOf(cmd);
        const kinds = parseKinds(flags.kind);
        const mapping = flags.map ? loadMappingFile(flags.map) : undefined;
        const { units, remembered, read, postKeywords } = await readOnlyWorkspace(ctx.workspaceDir);
        const today = clock().today();
        const sheets: InspectSheet[] = [];
        for (const file of expandPaths(paths)) {
          sheets.push(
            ...(await inspectFile(file, { kinds, mapping }, { units, remembered, postKeywords, today, encoding: flags.encoding, includeHidden: flags.includeHidden })),
          );
        }
        if (flags.writeMap) {
          const merged: UserMapping = {};
          for (const s of sheets) {
            for (const [kind, spec] of Object.entries(s.mapping)) {
              const prev = merged[kind] ?? {};
              merged[kind] = {
                headers: { ...(prev.headers ?? {}), ...(spec.headers ?? {}) },
                ...(spec.constants || prev.constants ? { constants: { ...(prev.constants ?? {}), ...(spec.constants ?? {}) } } : {}),
              };
            }
          }
          files().writeText(flags.writeMap, JSON.stringify(merged, null, 2) + '\n');
        }
        if (flags.json) out.json({ workspace_read: read, sheets });
        else {
          print(sheets, ctx.lang);
          if (!read) out.info(say(msg('inspect_no_workspace'), ctx.lang));
          if (flags.writeMap) out.info(say(msg('inspect_map_written', { file: flags.writeMap }), ctx.lang));
        }
        return sheets.some((s) => s.refusals.length) ? EXIT.rejected : EXIT.ok;
      }),
    );
}

/** The workspace's units and remembered mappings when one exists and can be read; never written. */
async function readOnlyWorkspace(dir: string): Promise<{ units: KnownUnits; remembered: RememberedMapping[]; read: boolean; postKeywords?: Array<[string, string[]]> }> {
  if (!existsSync(join(dir, DB_FILE))) return { units: new KnownUnits(), remembered: [], read: false };
  try {
    const ws = await openWorkspace(dir, { readOnly: true });
    try {
      return { units: await KnownUnits.read(ws.db), remembered: await readRemembered(ws.db), read: true, postKeywords: ws.config.post_keywords };
    } finally {
      ws.close();
    }
  } catch {
    return { units: new KnownUnits(), remembered: [], read: false };
  }
}

function print(sheets: InspectSheet[], lang: Lang): void {
  const t = (code: string, params?: Record<string, string | number>): string => say(msg(code, params), lang);
  for (const s of sheets) {
    out.heading(t('inspect_sheet', { where: s.file === s.sheet || s.file.replace(/\.[^.]+$/, '') === s.sheet ? s.file : `${s.file} [${s.sheet}]` }));
    if (!s.header_rows.length && !s.refusals.length) {
      out.line(t('inspect_no_header'));
      continue;
    }
    if (s.header_rows.length) out.line(t('inspect_header_rows', { rows: s.header_rows.join(', ') }));
    if (s.remembered) out.line(t('inspect_remembered', { id: s.remembered }));
    const runner = s.runner_up ? `${s.runner_up.kind} (${s.runner_up.score})` : '-';
    out.line(s.kind ? t('inspect_kind', { kind: s.kind, score: s.score ?? 0, runner }) : t('inspect_kind_none'));
    for (const r of s.refusals) {
      out.line(t('inspect_refused', { message: say(r.message, lang) }));
      out.line(t('inspect_hint', { hint: say(r.hint, lang) }));
    }
    if (s.columns.length) {
      out.table(
        s.columns.map((c) => ({
          header: c.header, field: c.field ?? '', rule: c.rule ? t(`rule_${c.rule}`) + (c.alias && c.rule !== 'alias' ? ` (${c.alias})` : '') : '',
          confidence: c.confidence === null ? '' : c.confidence.toFixed(2),
          values: [
            c.values ? t(`ev_${c.values}`) : '',
            c.also_read_as ? t('ev_also_read_as', { field: c.also_read_as }) : '',
            c.not_taken
              ? t('ev_not_taken', { field: c.not_taken.field, confidence: c.not_taken.confidence.toFixed(2) }) + (c.not_taken.values ? ` ${t(`ev_${c.not_taken.values}`)}` : '')
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
      );
    }
    if (s.unmapped.length) out.line(t('inspect_unmapped', { columns: s.unmapped.join(', ') }));
    for (const n of s.notes) out.line(t('inspect_fallback', { note: say(n, lang) }));
    if (s.rows) out.line(t('inspect_rows', { rows: s.rows.in_file, load: s.rows.load, skip: s.rows.skip, reject: s.rows.reject }));
    out.line();
  }
}

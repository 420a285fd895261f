// Where a sample's auditor workbook is written: its default file name, and --out made safe.
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import { sanitizeFileName } from '../report/filenames.js';
import type { SampleManifest } from './draw.js';

/** The workbook's file name: 倒查样本_<quarter>_<id>.xlsx (backtrack-sample_… in English). */
export function defaultWorkbookName(m: Pick<SampleManifest, 'quarter' | 'sample_id'>, lang: Lang): string {
  return sanitizeFileName(say(msg('sample_workbook_file', { q: m.quarter, id: m.sample_id }), lang), { keepExtension: true, maxBytes: 180, fallback: 'sample' });
}

/** The default place of a sample's workbook: <dir>/reports/<name>, or <dir>/<name> with `inFolder`. */
export function defaultWorkbookPath(dir: string, m: Pick<SampleManifest, 'quarter' | 'sample_id'>, lang: Lang, opts: { inFolder?: boolean } = {}): string {
  return opts.inFolder ? join(dir, defaultWorkbookName(m, lang)) : join(dir, 'reports', defaultWorkbookName(m, lang));
}

/** The path to write: --out (its file name made safe, .xlsx added) or the default in the workspace. */
export function workbookPath(wsDir: string, m: Pick<SampleManifest, 'quarter' | 'sample_id'>, outOpt: string | undefined, lang: Lang): string {
  if (!outOpt) return defaultWorkbookPath(wsDir, m, lang);
  const abs = resolve(outOpt);
  const name = sanitizeFileName(basename(abs), { keepExtension: true, maxBytes: 180, fallback: 'sample' });
  return join(dirname(abs), extname(name).toLowerCase() === '.xlsx' ? name : `${name}.xlsx`);
}

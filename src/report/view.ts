// What `report` (and the demo) print about the reports written: warnings, the quarter, one path per file (pure).
import type { Lang } from '../i18n/index.js';
import { msg, say } from '../i18n/message.js';
import type { Block } from '../cli/blocks.js';
import type { WrittenReport } from './index.js';

export function reportWarnings(r: WrittenReport, lang: Lang): Block[] {
  return r.warnings.map((w) => ({ warn: w, lang }));
}

export function reportLines(r: WrittenReport, lang: Lang): Block[] {
  return [
    ...reportWarnings(r, lang),
    { info: say(msg('view_report_written', { q: r.quarter, c: r.compare ? msg('view_report_compared', { p: r.compare }) : '' }), lang) },
    ...r.files.map((f) => ({ line: f.path })),
  ];
}

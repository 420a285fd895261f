// One chart spec to sanitised inline SVG in Node: vega-lite compile → vega.View with renderer 'none' → toSVG().
//
// No canvas package, so text widths come from vega.textMetrics.width, which we replace with a
// per-character estimate (CJK characters are a full em wide, not vega's 0.8 em; vega #2940, #3792).
// The View gets a loader that refuses every load, so a chart can never fetch anything, and a logger
// that collects warnings instead of writing to the console (src/cli/output.ts is the only writer).
// Only vega and vega-lite are imported: the chart worker loads this and nothing of the report.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Width of one character in em, for the sans-serif fonts of the stack. */
function charEm(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp > 0xffff) return 1.15; // emoji, CJK extension B…
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x2600 && cp <= 0x27bf)
  ) return 1.0;
  if (ch === ' ') return 0.28;
  if (/[0-9]/.test(ch)) return 0.56;
  if (/[iljtfr.,:;'|!()[\]]/.test(ch)) return 0.3;
  if (/[mwMW%@]/.test(ch)) return 0.85;
  if (/[A-Z]/.test(ch)) return 0.66;
  if (/[a-z]/.test(ch)) return 0.53;
  if (cp >= 0x2000 && cp <= 0x206f) return 0.5; // general punctuation: – — … ‰
  return 0.6;
}

/** Estimated width of a text in em (exported for tests). */
export function textWidthEm(text: string): number {
  let w = 0;
  for (const ch of text) w += charEm(ch);
  return w;
}

interface TextItem {
  fontSize?: number | string | null;
  limit?: number | string | null;
}

/** vega.textMetrics.width replacement: the estimate in pixels, never more than the item's limit. */
function estimateWidth(item: TextItem, text: unknown): number {
  const size = item && item.fontSize != null ? +item.fontSize || 0 : 11;
  const s = text == null ? '' : String(text).trim();
  const w = textWidthEm(s) * size;
  const limit = item && item.limit != null ? +item.limit : 0;
  return limit > 0 ? Math.min(w, limit) : w;
}

let metricsInstalled = false;
function installTextMetrics(): void {
  if (metricsInstalled) return;
  (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics.width = estimateWidth;
  metricsInstalled = true;
}

function quietLogger(sink: string[]) {
  let level = 0;
  const logger = {
    level(v?: number): unknown {
      if (v === undefined) return level;
      level = v;
      return logger;
    },
    error(...a: unknown[]) {
      sink.push(a.map(String).join(' '));
      return logger;
    },
    warn(...a: unknown[]) {
      sink.push(a.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

const refuse = async (): Promise<never> => {
  throw new Error('report charts load no external resources');
};
/** A vega loader that loads nothing: charts carry their data inline. */
const NO_LOADER = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/**
 * Makes vega's SVG safe to inline: drops xmlns attributes (not needed inside HTML), any <a> wrapper
 * and href, prefixes element ids so several charts on one page do not share clip-path ids, and
 * refuses anything that could run or fetch (script, foreignObject, event handlers, url() other than
 * a local #id, image).
 */
export function sanitizeSvg(svg: string, prefix: string): string {
  let s = svg
    .replace(/\s+xmlns(?::\w+)?="[^"]*"/g, '')
    .replace(/<a\b[^>]*>/g, '')
    .replace(/<\/a>/g, '')
    .replace(/\s(?:xlink:)?href="[^"]*"/g, '')
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`);
  s = s.replace(/^<svg\b/, '<svg class="chart" role="img"');
  // Text content is escaped by vega (a raw "<" only ever opens a tag), so checking the tags is enough.
  for (const tag of s.match(/<[^>]*>/g) ?? []) {
    const bad = /^<\/?(?:script|foreignObject|image|use|iframe|style|a)\b|\son\w+\s*=|url\(\s*(?!#)|javascript:|@import/i.exec(tag);
    if (bad) throw new Error(`chart ${prefix}: unsafe SVG content "${bad[0]}"`);
  }
  return s;
}

/** Renders one Vega-Lite spec to sanitised SVG text. */
export async function renderSvg(spec: TopLevelSpec, id: string, warnings: string[] = []): Promise<string> {
  installTextMetrics();
  const logger = quietLogger(warnings);
  const vg = compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger: logger as never, loader: NO_LOADER as never });
  try {
    const svg = await view.toSVG();
    return sanitizeSvg(svg, id);
  } finally {
    view.finalize();
  }
}

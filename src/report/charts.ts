// Charts for the HTML report: the Vega-Lite specs (chart-specs.ts), each rendered to sanitised inline SVG in Node (chart-svg.ts).
import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from './model.js';
import { chartSpecs, type ChartId } from './chart-specs.js';
import { renderSvg } from './chart-svg.js';

export { FONT_STACK } from './fonts.js';
export { chartSpecs, type ChartId };
export { renderSvg, sanitizeSvg, textWidthEm } from './chart-svg.js';

/** Renders every chart of the model to inline SVG (missing charts are absent). */
export async function renderCharts(model: ReportModel, warnings: string[] = []): Promise<Partial<Record<ChartId, string>>> {
  const out: Partial<Record<ChartId, string>> = {};
  for (const [id, spec] of Object.entries(chartSpecs(model)) as Array<[ChartId, TopLevelSpec]>) {
    out[id] = await renderSvg(spec, `c-${id}`, warnings);
  }
  return out;
}

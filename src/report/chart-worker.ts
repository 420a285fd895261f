// A worker thread that renders chart specs to sanitised SVG (charts.ts renderSvg), so a report's charts draw while the main thread writes its workbook.
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './chart-svg.js';

/** One report's charts: ids and specs in order. */
export interface ChartJob {
  job: number;
  specs: Array<[string, TopLevelSpec]>;
}

export type ChartReply = { job: number; svgs: Array<[string, string]>; warnings: string[] } | { job: number; error: string };

parentPort?.on('message', (m: ChartJob) => {
  void (async () => {
    const warnings: string[] = [];
    try {
      const svgs: Array<[string, string]> = [];
      for (const [id, spec] of m.specs) svgs.push([id, await renderSvg(spec, `c-${id}`, warnings)]);
      parentPort!.postMessage({ job: m.job, svgs, warnings } satisfies ChartReply);
    } catch (e) {
      parentPort!.postMessage({ job: m.job, error: String((e as Error)?.message ?? e) } satisfies ChartReply);
    }
  })();
});

// Draws a report's charts in a worker thread (chart-worker.ts) while the main thread builds and writes the workbook; in this thread when there is no compiled worker.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportModel } from './model.js';
import { chartSpecs, type ChartId } from './chart-specs.js';
import type { ChartJob, ChartReply } from './chart-worker.js';

export interface RenderedCharts {
  svgs: Partial<Record<ChartId, string>>;
  /** vega's warnings, collected rather than printed. */
  warnings: string[];
}

export interface ChartRenderer {
  /** The model's charts as sanitised inline SVG (charts without data are absent). */
  render(model: ReportModel): Promise<RenderedCharts>;
  close(): Promise<void>;
}

/**
 * A renderer for the reports of one run. The worker starts at once, so vega and vega-lite load in
 * it while the report's queries run; from the TypeScript sources (tests) there is no compiled
 * worker and the charts draw in this thread, the same SVG either way.
 */
export function chartRenderer(): ChartRenderer {
  const file = fileURLToPath(new URL('./chart-worker.js', import.meta.url));
  if (!import.meta.url.endsWith('.js') || !existsSync(file)) return chartsInThisThread();
  return inWorker(new Worker(file));
}

/** Draws the charts in this thread, when it is the only one (nothing to close). */
export function chartsInThisThread(): ChartRenderer {
  return {
    async render(model) {
      const { renderCharts } = await import('./charts.js');
      const warnings: string[] = [];
      return { svgs: await renderCharts(model, warnings), warnings };
    },
    close: async () => undefined,
  };
}

function inWorker(worker: Worker): ChartRenderer {
  const pending = new Map<number, { resolve: (r: RenderedCharts) => void; reject: (e: Error) => void }>();
  let jobs = 0;
  let failed: Error | undefined;
  // The worker keeps the process alive only while it has charts to draw.
  worker.unref();
  const failAll = (e: Error): void => {
    failed ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (m: ChartReply) => {
    const p = pending.get(m.job);
    if (!p) return;
    pending.delete(m.job);
    if (!pending.size) worker.unref();
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve({ svgs: Object.fromEntries(m.svgs) as RenderedCharts['svgs'], warnings: m.warnings });
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`the chart worker stopped (exit code ${code})`)));
  return {
    render(model) {
      if (failed) return Promise.reject(failed);
      const job = ++jobs;
      const specs = Object.entries(chartSpecs(model)) as ChartJob['specs'];
      return new Promise<RenderedCharts>((resolve, reject) => {
        pending.set(job, { resolve, reject });
        worker.ref();
        worker.postMessage({ job, specs } satisfies ChartJob);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

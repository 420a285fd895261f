// The one message catalog: every code a person can read, with its zh and en text.
// Each domain keeps its codes in its own file beside this one; a code lives in exactly one of them.
import type { Entry } from '../message.js';
import { COMMON } from './common.js';
import { VALUES } from './values.js';
import { FIGURES } from './figures.js';
import { BUNDLE } from './bundle.js';
import { LAKE } from './lake.js';
import { TRENDS } from './trends.js';
import { RECOGNITION } from './recognition.js';
import { CLI } from './cli.js';
import { WORKSPACE } from './workspace.js';
import { METRICS } from './metrics.js';
import { LOAD } from './load.js';
import { FILES } from './files.js';
import { SAMPLE } from './sample.js';
import { PLAN } from './plan.js';
import { REPORT } from './report.js';
import { LABELS } from './labels.js';
import { FIELDS } from './fields.js';
import { SAMPLEPLAN } from './sampleplan.js';
import { SHAPE } from './shape.js';
import { REPORT_LABELS } from './reportlabels.js';
import { METRIC_ERRORS } from './metric-errors.js';
import { CODED_NAMES } from './coded-names.js';
import { VIEWS } from './views.js';
import { TABLE_FLAG_TEXT } from './flags.js';
import { NULL_REASONS } from './null-reasons.js';

const DOMAINS: Array<Record<string, Entry>> = [COMMON, VALUES, FIGURES, BUNDLE, LAKE, TRENDS, RECOGNITION, CLI, WORKSPACE, METRICS, LOAD, FILES, SAMPLE, PLAN, REPORT, LABELS, FIELDS, SAMPLEPLAN, SHAPE, REPORT_LABELS, METRIC_ERRORS, CODED_NAMES, VIEWS, TABLE_FLAG_TEXT, NULL_REASONS];

export const CATALOG: Record<string, Entry> = {};
for (const domain of DOMAINS) {
  for (const [code, entry] of Object.entries(domain)) {
    if (code in CATALOG) throw new Error(`message code ${code} is defined twice`);
    CATALOG[code] = entry;
  }
}

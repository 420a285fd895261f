// Short runs on Node 20: V8 waits longer before compiling a function with TurboFan.
import { setFlagsFromString } from 'node:v8';

// A report or a metrics run is over in a second or two and runs most of its code (vega, exceljs,
// DuckDB's result conversion…) a few times only. Node 20's V8 (11.3) still hands hundreds of those
// functions to TurboFan, whose background compiling cost a city report about 1 s of CPU, more than
// the report's own thread, for code that had finished by then. Eight times the default interrupt
// budget (67,584) leaves TurboFan the functions that stay hot (zip compression, row conversion).
// Later V8s (Node 22+) tier differently and no longer have the flag: nothing is changed there.
const NODE_20 = process.versions.node.split('.')[0] === '20';
const BUDGET = 8 * 67_584;

let tuned = false;

/** Call before a short command's work begins; idempotent, and a no-op outside Node 20. */
export function tuneForShortRun(): void {
  if (tuned || !NODE_20) return;
  tuned = true;
  setFlagsFromString(`--interrupt-budget=${BUDGET}`);
}

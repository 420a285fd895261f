// A one-line progress display on stderr, only when stderr is a terminal (drawn by the output module).
import { output, type Progress } from './output.js';

export function progressReporter(label: (p: { file: string; sheet: string; rows: number }) => string): Progress {
  return output().progress(label);
}

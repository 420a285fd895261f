// A one-line progress display on stderr, only when stderr is a terminal.
import { stderrIsTty } from './output.js';

export function progressReporter(label: (p: { file: string; sheet: string; rows: number }) => string) {
  const active = stderrIsTty() && !process.env.CI;
  let last = 0;
  return {
    update(p: { file: string; sheet: string; rows: number }): void {
      if (!active) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write('\r\x1b[2K' + label(p));
    },
    done(): void {
      if (active) process.stderr.write('\r\x1b[2K');
    },
  };
}

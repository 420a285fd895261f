// Entry point of the readers: any supported file → sheets of raw rows, streaming.
//
//   const table = await openTableFile(path, { encoding });
//   try { for await (const sheet of table.sheets) for await (const row of sheet.rows) … }
//   finally { await table.dispose(); }
//
// The format is decided from the content (sniff.ts), never from the extension. Every failure a
// user can cause or fix is a UserError naming the file; errors met while rows stream (a bad byte
// late in a CSV, a damaged sheet) are thrown from the row iterator, after earlier rows were
// yielded: the loader's transaction rolls back.

import type { OpenOptions, TableFile } from '../source.js';
import { asUserError } from './common.js';
import { parseEncodingOption } from './encoding.js';
import { openHtml } from './html.js';
import { sniffFile } from './sniff.js';
import { openText } from './text.js';
import { openXls } from './xls.js';
import { openXlsx } from './xlsx.js';

export { sniffFile } from './sniff.js';
export { detectDelimiter } from './text.js';
export { ENCODING_CHOICES, parseEncodingOption } from './encoding.js';

export async function openTableFile(path: string, options: OpenOptions = {}): Promise<TableFile> {
  const file = path;
  if (options.encoding !== undefined) parseEncodingOption(options.encoding); // fail fast on a typo
  try {
    const sniffed = await sniffFile(path, file);
    switch (sniffed.kind) {
      case 'xlsx':
        return await openXlsx(path, file, sniffed.size);
      case 'xls':
      case 'spreadsheetml':
        return await openXls(path, file, sniffed.kind);
      case 'html':
        return await openHtml(path, file, sniffed.size, sniffed.prefix, options);
      case 'text':
        return await openText(path, file, sniffed.size, sniffed.prefix, options);
    }
  } catch (e) {
    throw asUserError(e, file, '');
  }
}

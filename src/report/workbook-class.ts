// The exceljs Workbook class alone: the report writes in-memory workbooks and needs nothing else of exceljs.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

// exceljs's entry point also loads its streaming reader and writer (unzipper, archiver and their
// dependencies): about 100 ms of a report's start, for classes a report never uses. The Workbook
// module is the very class the entry point exports (exceljs is pinned), so the files written are the same.
export const Workbook = createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as typeof ExcelJS.Workbook;

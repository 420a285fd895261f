// Legacy Excel 97-2003 (.xls, BIFF) and Excel 2003 XML spreadsheets: converted to one UTF-8 CSV
// per sheet by LibreOffice when it is installed (no npm package reads BIFF safely: see
// TECH-NOTES), otherwise refused with instructions.
//
// LibreOffice writes "<input base>-<sheet name>.csv" for each sheet (also for a single sheet) and
// prints "Writing sheet <name> -> <path>" in sheet order; we read that order and those names.
// Its profile is pre-seeded with the zh-CN locale so dates come out as 2024/1/15 (the default
// en-US locale writes 01/15/2024, which the loader would misread).

import { msg } from '../../i18n/message.js';
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter as PATH_SEP, join } from 'node:path';
import { UserError } from '../../errors.js';
import type { SheetSource, TableFile } from '../source.js';
import { iterable } from './common.js';
import { decodeFile, type EncodingChoice } from './encoding.js';
import { parseDelimited } from './text.js';

export const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
/** Conversion time limit. */
export const CONVERT_TIMEOUT_MS = 15 * 60 * 1000;

let conversions = 0;

const LOCALE_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>zh-CN</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>zh-CN</value></prop></item>
</oor:items>
`;

/** First of `names` found executable on PATH. */
export async function findExecutable(names: string[], pathEnv = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of pathEnv.split(PATH_SEP)) {
    if (!dir) continue;
    for (const n of names) {
      const p = join(dir, n);
      try {
        await access(p, constants.X_OK);
        return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export async function openXls(path: string, file: string, kind: 'xls' | 'spreadsheetml'): Promise<TableFile> {
  const soffice = await findExecutable(['soffice', 'libreoffice']);
  const what = msg(kind === 'xls' ? 'file_what_xls' : 'file_what_spreadsheetml');
  if (!soffice) {
    throw new UserError(msg('xls_needs_conversion', { file, what }), { hint: msg('xls_needs_conversion_hint') });
  }
  const work = await mkdtemp(join(tmpdir(), 'jiceng-xls-'));
  const profile = join(tmpdir(), `lo_profile_${process.pid}_${++conversions}`);
  const cleanup = async () => {
    await rm(work, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const input = join(work, kind === 'xls' ? 'book.xls' : 'book.xml');
    const out = join(work, 'out');
    await mkdir(out);
    await mkdir(join(profile, 'user'), { recursive: true });
    await writeFile(join(profile, 'user', 'registrymodifications.xcu'), LOCALE_XCU);
    await copyFile(path, input);
    const { stdout, stderr, code, timedOut } = await run(soffice, [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--calc',
      '--convert-to',
      CSV_FILTER,
      '--outdir',
      out,
      input,
    ]);
    const files = (await readdir(out)).filter((f) => f.toLowerCase().endsWith('.csv'));
    if (timedOut || files.length === 0) {
      const m = timedOut
        ? msg('xls_conversion_timeout', { file, what, minutes: CONVERT_TIMEOUT_MS / 60000 })
        : msg('xls_conversion_failed', { file, what, code, detail: lastLine(stderr) ? `: ${lastLine(stderr)}` : '' });
      throw new UserError(m, { hint: msg('xls_conversion_failed_hint') });
    }
    const sheets = orderSheets(stdout, files, out);
    return {
      path,
      format: 'xls',
      encoding: 'utf-8',
      delimiter: ',',
      sheets: iterable(async function* (): AsyncGenerator<SheetSource> {
        for (const s of sheets) {
          const choice: EncodingChoice = { decoder: 'utf-8', label: 'utf-8', source: 'detected' };
          yield {
            name: s.name,
            date1904: false,
            rows: iterable(() => parseDelimited(decodeFile(s.csv, `${file} (sheet "${s.name}")`, choice), file, ',')),
          };
        }
      }),
      dispose: cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

function lastLine(s: string): string {
  const lines = s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/javaldx/.test(l));
  return lines[lines.length - 1] ?? '';
}

/** Sheets in workbook order with their names, from LibreOffice's "Writing sheet" lines. */
export function orderSheets(stdout: string, files: string[], dir: string): { name: string; csv: string }[] {
  const prefix = 'book-';
  const result: { name: string; csv: string }[] = [];
  const seen = new Set<string>();
  for (const m of stdout.matchAll(/^Writing sheet (.*) -> (.*)$/gm)) {
    const base = m[2]!.trim().split(/[\\/]/).pop()!;
    if (files.includes(base) && !seen.has(base)) {
      seen.add(base);
      result.push({ name: m[1]!, csv: join(dir, base) });
    }
  }
  for (const f of [...files].sort()) {
    if (seen.has(f)) continue;
    const name = f.startsWith(prefix) ? f.slice(prefix.length, -4) : f.slice(0, -4);
    result.push({ name, csv: join(dir, f) });
  }
  return result;
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const lang = process.env.LC_ALL || process.env.LC_CTYPE || process.env.LANG || '';
    const env = { ...process.env };
    if (!/utf-?8/i.test(lang)) env.LC_ALL = 'C.UTF-8'; // sheet names in file names
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d.length + stdout.length < 1 << 20 ? d : ''));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.length + stderr.length < 1 << 20 ? d : ''));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL'); // soffice is a script: end its whole group
      } catch {
        child.kill('SIGKILL');
      }
    }, CONVERT_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut });
    });
  });
}

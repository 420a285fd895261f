// Loading a batch of files: one transaction per file, sheets waiting for units retried last, a refused file
// set aside while the rest load, and a storage failure (disk full, read-only) stopping the whole batch.
import { basename } from 'node:path';
import type { Workspace } from '../workspace.js';
import { isUserError, type UserError } from '../errors.js';
import { DeferFile, expandPaths, loadFile, type LoadOptions, type SheetResult } from './load.js';

/** A file refused as a whole (unreadable, ambiguous kind…): the others still load. */
export interface FileError {
  file: string;
  error: UserError;
}

export interface LoadOutcome {
  /** The files the paths expanded to, in load order. */
  files: string[];
  results: SheetResult[];
  fileErrors: FileError[];
}

/** Told as each file lands, so a long load can show its progress file by file. */
export interface BatchHooks {
  onProgress?: (p: { file: string; sheet: string; rows: number }) => void;
  /** After each attempt at a file, loaded or not (a progress line can be cleared here). */
  onAttempt?: () => void;
  onFile?: (results: SheetResult[]) => void;
  onFileError?: (file: string, error: UserError) => void;
}

/** Error codes (src/util/fs-errors.ts) that stop the whole load rather than one file. */
export const STORAGE_FAILURES = new Set(['io_disk_full', 'io_file_too_large', 'io_read_only', 'io_error']);

/** Loads the files under `paths` one by one; a refused file does not stop the rest, a storage failure does. */
export async function loadFiles(ws: Workspace, paths: string[], options: LoadOptions = {}, hooks: BatchHooks = {}): Promise<LoadOutcome> {
  const files = expandPaths(paths);
  const results: SheetResult[] = [];
  const fileErrors: FileError[] = [];
  // A file waiting for units (sheets named after stations) is tried again after the others.
  const queue = files.map((file) => ({ file, defer: true }));
  for (let i = 0; i < queue.length; i++) {
    const { file, defer } = queue[i];
    try {
      const r = await loadFile(ws, file, { ...options, deferUnits: defer && i < queue.length - 1, onProgress: hooks.onProgress ?? options.onProgress });
      hooks.onAttempt?.();
      results.push(...r);
      hooks.onFile?.(r);
    } catch (e) {
      hooks.onAttempt?.();
      if (e instanceof DeferFile) {
        queue.push({ file, defer: false });
        continue;
      }
      if (!isUserError(e)) throw e;
      // The workspace's disk is full or read-only: every further file would fail the same way.
      if (STORAGE_FAILURES.has(e.code)) throw e;
      fileErrors.push({ file: basename(file), error: e });
      hooks.onFileError?.(file, e);
    }
  }
  return { files, results, fileErrors };
}

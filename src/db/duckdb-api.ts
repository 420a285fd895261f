// @duckdb/node-api, loaded with require(): the one place the rest of jiceng takes DuckDB's values from.
import { createRequire } from 'node:module';
import type * as Api from '@duckdb/node-api';

// Imported as an ES module, the package (CommonJS) has Node scan the source of every file it
// re-exports for their export names: about 100 ms of every command's start. require() skips that
// scan; the classes are the very same ones.
const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof Api;

export const { DuckDBInstance, DuckDBTypeId, dateValue } = api;
export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBTypeId = Api.DuckDBTypeId;
export type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

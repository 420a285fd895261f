// One county's report in a workspace of several: the metrics, plan rows and chart queries narrowed to that county.
import type { MetricsResult } from '../metrics/run.js';

/** undefined: the whole workspace; a name (or null, the stations without one): that county only. */
export type CountyScope = string | null | undefined;

/** A county as a map key: null (stations without a county) is a key of its own. */
export const countyKey = (c: string | null | undefined): string => (c === null || c === undefined ? '\u0000' : c);
const key = countyKey;

/** True when the row belongs to the scope. */
export const inScope = (scope: CountyScope, county: string | null | undefined): boolean => scope === undefined || key(scope) === key(county);

/** The metrics of the county's stations and the county's own pooled rows (values are computed per county already). */
export function scopeResult(result: MetricsResult, scope: CountyScope): MetricsResult {
  if (scope === undefined) return result;
  return {
    ...result,
    stations: result.stations.filter((s) => inScope(scope, s.county)),
    values: result.values.filter((v) => inScope(scope, v.county)),
  };
}

/** SQL condition on the stations table for the scope ('' for the whole workspace), with its parameters. */
export function stationScopeSql(scope: CountyScope): { where: string; params: Record<string, string> } {
  if (scope === undefined) return { where: '', params: {} };
  if (scope === null) return { where: ' AND county IS NULL', params: {} };
  return { where: ' AND county = $scope_county', params: { scope_county: scope } };
}

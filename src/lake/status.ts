// The lakes a workspace has merged, for `jiceng status`: one line per lake and county.
import type { Database } from '../db/database.js';

export interface LakeLoad {
  lake: string;
  county: string | null;
  rows: number;
  added: number;
  updated: number;
  loaded_at: string;
}

/** Loads from lakes are marked by their encoding 'parquet'; grouped by lake folder, county and load run. */
export async function lakeLoads(db: Database): Promise<LakeLoad[]> {
  return db.all<LakeLoad>(`SELECT file_name AS lake, county, sum(rows_in_file)::INT AS rows, sum(rows_added)::INT AS added,
      sum(rows_updated)::INT AS updated, strftime(max(finished_at), '%Y-%m-%d %H:%M:%S') AS loaded_at
    FROM loads WHERE encoding = 'parquet' GROUP BY file_path, file_name, county, started_at ORDER BY min(load_id)`);
}

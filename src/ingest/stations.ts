// Stations keyed within their county: each station row's county, and the id of a row whose file
// gives no 单位编码, settled against the workspace before the stage is merged.
import { normalizeKey } from '../contract/normalize.js';
import { Database, ident } from '../db/database.js';
import { msg, say } from '../i18n/message.js';
import { countyKey } from './resolve.js';

export interface StationsOutcome {
  /** A name found in several counties while the file names none: the sheet cannot be placed. */
  ambiguous?: { unit: string; counties: string[] };
  /** Stations known until now by their name alone that this file gives a 单位编码: their records move to it. */
  coded?: number;
}

/**
 * Fills each staged station's county (its own column, else the file's county) and settles the id
 * of a row without one: the id the same unit of the same county already has, else its name (as
 * before: a one-county workspace keeps name ids), else county/name when another county's unit
 * holds the name. An explicit id already held by another county's unit is rejected: ids are unique
 * across the workspace, so a unit reference by id never crosses counties.
 */
export async function settleStations(
  db: Database,
  stage: string,
  rejectStage: string,
  fileCounty: string | null,
  idColumn: string,
): Promise<StationsOutcome> {
  const S = ident(stage);
  const rows = await db.all<{ _row: string; station_id: string; station_name: string; county: string | null; name_key: string; _id_derived: string | null }>(
    `SELECT _row, station_id, station_name, county, name_key, _id_derived FROM ${S} ORDER BY CAST(_row AS INTEGER)`,
  );
  if (!rows.length) return {};
  const existing = await db.all<{ station_id: string; station_name: string; county: string | null }>(`SELECT station_id, station_name, county FROM stations`);
  const byCountyName = new Map<string, string>();
  const idCounty = new Map<string, { key: string; county: string | null }>();
  const countiesOfName = new Map<string, Map<string, string | null>>();
  const remember = (id: string, name: string, county: string | null): void => {
    const ck = countyKey(county);
    const nk = normalizeKey(name);
    byCountyName.set(`${ck}\u001f${nk}`, id);
    if (!idCounty.has(id)) idCounty.set(id, { key: ck, county });
    const m = countiesOfName.get(nk) ?? new Map<string, string | null>();
    m.set(ck, county);
    countiesOfName.set(nk, m);
  };
  for (const s of existing) remember(s.station_id, s.station_name, s.county);
  const existingIds = new Set(existing.map((s) => s.station_id));
  // Stations keyed by their name (an earlier file had no 单位编码) that this file gives a code.
  const retired: string[] = [];
  // '' is the unnamed county of a one-county workspace whose stations name none.
  const defaultCounty = fileCounty === '' ? null : fileCounty;
  const several = fileCounty === null && new Set(existing.map((s) => countyKey(s.county))).size > 1;

  const updates: Array<[string, string, string | null]> = [];
  const rejects: Array<[string, string, string, string, string]> = [];
  for (const r of rows) {
    let county = r.county ?? defaultCounty;
    const nk = normalizeKey(r.station_name);
    if (county === null && several) {
      // Several counties and none named: the unit is the one of the county that has this name.
      const found = countiesOfName.get(nk);
      if (found && found.size > 1) return { ambiguous: { unit: r.station_name, counties: [...found.values()].map((c) => c ?? '-') } };
      if (found && found.size === 1) county = [...found.values()][0];
    }
    const ck = countyKey(county);
    let id = r.station_id;
    if (r._id_derived) {
      // Never the unit of another county, nor of the unnamed one: a station is keyed within its county.
      id = byCountyName.get(`${ck}\u001f${nk}`) ?? '';
      if (!id) id = idCounty.has(r.station_name) ? `${county ?? ''}/${r.station_name}` : r.station_name;
    } else {
      const owner = idCounty.get(id);
      if (owner && owner.key !== '' && ck !== '' && owner.key !== ck) {
        const m = msg('station_id_other_county', { county: owner.county });
        rejects.push([r._row, idColumn, say(m, 'en'), m.code, JSON.stringify(m.params)]);
        continue;
      }
      // The same unit of the same county, stored under its name: it is this coded one, not a second unit.
      const prior = byCountyName.get(`${ck}\u001f${nk}`);
      if (prior && prior !== id && existingIds.has(prior) && (prior === r.station_name || prior === `${county ?? ''}/${r.station_name}`) && !retired.includes(prior)) {
        retired.push(prior);
      }
    }
    remember(id, r.station_name, county);
    updates.push([r._row, id, county]);
  }

  const U = ident(`${stage}_settled`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${U} (_row VARCHAR, station_id VARCHAR, county VARCHAR)`);
  for (let i = 0; i < updates.length; i += 500) {
    const part = updates.slice(i, i + 500);
    await db.run(`INSERT INTO ${U} VALUES ${part.map(() => '(?, ?, ?)').join(', ')}`, part.flat());
  }
  if (rejects.length) {
    for (const r of rejects) await db.run(`INSERT INTO ${ident(rejectStage)} VALUES (?, ?, ?, ?, ?)`, r);
    await db.run(`DELETE FROM ${S} WHERE _row IN (${rejects.map(() => '?').join(', ')})`, rejects.map((r) => r[0]));
  }
  await db.run(`UPDATE ${S} SET station_id = u.station_id, county = u.county, _key = u.station_id FROM ${U} u WHERE ${S}._row = u._row`);
  await db.run(`DROP TABLE IF EXISTS ${U}`);
  // The name-keyed records give way to the coded ones; references by name resolve to the code after the load.
  if (retired.length) await db.run(`DELETE FROM stations WHERE station_id IN (${retired.map(() => '?').join(', ')})`, retired);
  return retired.length ? { coded: retired.length } : {};
}

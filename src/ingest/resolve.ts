// Resolving unit references (by id or by name) against the stations table, in every kind, within
// the county of the row: two counties may each have a 城关派出所, and a name never crosses counties.
import { KINDS, KIND_NAMES, type KindName } from '../contract/kinds.js';
import { normalizeKey } from '../contract/normalize.js';
import { Database, ident, lit } from '../db/database.js';
import { resolvedColumn } from '../db/schema.js';

/**
 * Suffixes dropped for the last-resort match, used only when unambiguous, each with the kind of unit
 * it names: 城关所 = 城关派出所, but 城关中队 or 城关警务室 is another unit than 城关派出所, and
 * 刑侦中队 another than 刑侦大队 (matching them put a squad's cases on a station).
 */
const UNIT_SUFFIX = /(公安派出所|派出所|所|警务室|分局|大队|中队)$/;
const SUFFIX_KIND: Record<string, string> = { 公安派出所: '所', 派出所: '所', 所: '所', 警务室: '室', 分局: '局', 大队: '大', 中队: '中' };

/**
 * The short key a reference is looked up by: the name without its county's bureau and its suffix,
 * marked with the kind of unit the suffix names (城关所 → 城关#所); a name without a suffix is its
 * bare stem (城关), which unitShortKeys gives every unit too.
 */
export function shortUnitKey(key: string): string {
  const name = key.replace(/^.*?(县|市|区)公安局/, '');
  const m = UNIT_SUFFIX.exec(name);
  if (!m) return name;
  const stem = name.slice(0, m.index);
  return stem ? `${stem}#${SUFFIX_KIND[m[1]!]}` : '';
}

/** The short keys a unit's name is found by: its own (shortUnitKey), and its bare stem (城关派出所 → 城关#所, 城关). */
export function unitShortKeys(name: string): string[] {
  const short = shortUnitKey(name);
  if (!short) return [];
  const bare = short.split('#')[0]!;
  return bare === short ? [short] : [short, bare];
}

/**
 * The key a county is compared by: 平安县公安局 = 平安县 = 平安县 公安局. The unnamed county (stations
 * whose file gave none) is '' ; loads.county holds '' for a file placed in it.
 */
export function countyKey(county: string | null | undefined): string {
  if (county === null || county === undefined) return '';
  const k = normalizeKey(county);
  return k.replace(/(公安分局|公安局|分局|局)$/, '') || k;
}

export type UnitMatch = { id: string } | { ambiguous: string[] } | null;

/** One county's units: by id, by name, by short name (null where two units share it). */
interface CountyUnits {
  /** The county as written on its first station (null: the unnamed county). */
  county: string | null;
  byId: Map<string, string>;
  byName: Map<string, string>;
  byShort: Map<string, string | null>;
}

export interface UnitIndex {
  /** The counties of the workspace, one spelling each (null: stations whose file named none). */
  counties: Array<string | null>;
  /**
   * A unit reference resolved within a county: `county` as written on the row or the load ('' =
   * the unnamed county), or null when unknown: then a name found in two counties is ambiguous.
   */
  lookup(raw: string, county: string | null): UnitMatch;
}

export async function unitIndex(db: Database): Promise<UnitIndex> {
  const stations = await db.all<{ station_id: string; station_name: string; county: string | null }>(
    `SELECT station_id, station_name, county FROM stations ORDER BY _load_id, _row`,
  );
  const groups = new Map<string, CountyUnits>();
  for (const s of stations) {
    const ck = countyKey(s.county);
    let g = groups.get(ck);
    if (!g) groups.set(ck, (g = { county: s.county ?? null, byId: new Map(), byName: new Map(), byShort: new Map() }));
    g.byId.set(normalizeKey(s.station_id), s.station_id);
    const name = normalizeKey(s.station_name);
    g.byName.set(name, s.station_id);
    for (const short of unitShortKeys(name)) g.byShort.set(short, g.byShort.has(short) && g.byShort.get(short) !== s.station_id ? null : s.station_id);
  }
  const within = (g: CountyUnits | undefined, k: string): string | null =>
    g ? (g.byId.get(k) ?? g.byName.get(k) ?? g.byShort.get(shortUnitKey(k)) ?? null) : null;
  const lookup = (raw: string, county: string | null): UnitMatch => {
    const k = normalizeKey(raw);
    if (county !== null) {
      const ck = countyKey(county);
      // A county the stations table does not name at all (its stations' file gave none): its units
      // are the unnamed county's. A county it names is never left for another.
      const found = groups.has(ck) ? within(groups.get(ck), k) : within(groups.get(''), k);
      return found === null ? null : { id: found };
    }
    // County unknown: a reference must point to one county's unit, never to a guess between two.
    // An id that is also a name (a unit whose file gave no code) counts as a name: id or name first, then the short name.
    const picks = [(g: CountyUnits) => g.byId.get(k) ?? g.byName.get(k), (g: CountyUnits) => g.byShort.get(shortUnitKey(k))];
    for (const pick of picks) {
      const hits = [...groups.values()].map((g) => ({ g, id: pick(g) })).filter((h) => h.id !== undefined);
      if (hits.length > 1) return { ambiguous: hits.map((h) => h.g.county ?? '-') };
      if (hits.length === 1) return hits[0].id === null ? null : { id: hits[0].id! };
    }
    return null;
  };
  return { counties: [...groups.values()].map((g) => g.county), lookup };
}

/**
 * The county a file belongs to when it names none: --county, else the one county of the workspace
 * ('' when its stations name none), else null (no stations yet, or several counties).
 */
export function fileCounty(index: UnitIndex, option: string | undefined): string | null {
  if (option !== undefined) return option;
  if (index.counties.length === 1) return index.counties[0] ?? '';
  return null;
}

/**
 * Re-resolves every unit reference in the workspace. Run after each load: stations loaded later
 * resolve rows loaded earlier, and a row naming an unknown unit stays with a NULL id (flagged). A
 * row's county is its own county column, else the county its load was placed in (loads.county).
 * A name found in several counties, with no county to choose, stays unresolved and is flagged
 * ambiguous_unit in row_flags.
 *
 * `kinds`: only these kinds' rows, for a load that left the stations table as it was (a row's
 * resolution depends on the stations and its own load only, so other kinds' rows would not change);
 * every kind when omitted.
 */
export async function resolveUnits(db: Database, kinds: readonly KindName[] = KIND_NAMES): Promise<void> {
  const index = await unitIndex(db);
  await db.run(`DELETE FROM row_flags WHERE code = 'ambiguous_unit'${kinds === KIND_NAMES ? '' : ` AND kind IN (${kinds.map(lit).join(', ') || 'NULL'})`}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE load_county AS SELECT load_id, any_value(county) AS county FROM loads GROUP BY load_id`);
  for (const kind of kinds) {
    const hasCounty = KINDS[kind].fields.some((f) => f.name === 'county');
    const county = hasCounty ? `coalesce(t.county, lc.county)` : 'lc.county';
    for (const f of KINDS[kind].fields.filter((x) => x.unitRef)) {
      const col = ident(f.name);
      const target = ident(resolvedColumn(f));
      const from = `${ident(kind)} t LEFT JOIN load_county lc ON lc.load_id = t._load_id`;
      const raws = await db.all<{ raw: string; county: string | null }>(`SELECT DISTINCT t.${col} AS raw, ${county} AS county FROM ${from} WHERE t.${col} IS NOT NULL`);
      if (!raws.length) continue;
      await createUnitLookup(db, 'unit_lookup', raws, index);
      const matched = `${from} JOIN unit_lookup u ON u.raw = t.${col} AND u.county IS NOT DISTINCT FROM ${county}`;
      // Only rows whose id changes are joined back by rowid (usually none: the merge wrote them).
      await db.run(`UPDATE ${ident(kind)} SET ${target} = x.station_id
        FROM (SELECT t.rowid AS rid, u.station_id FROM ${matched} WHERE t.${target} IS DISTINCT FROM u.station_id) x
        WHERE ${ident(kind)}.rowid = x.rid`);
      await db.run(`INSERT INTO row_flags
        SELECT t._load_id, ${lit(kind)}, t._file, t._sheet, t._row, ${lit(f.name)}, ${lit(f.name)}, 'ambiguous_unit',
               json_object('unit', t.${col}, 'counties', u.ambiguous)::VARCHAR
        FROM ${matched} WHERE u.ambiguous IS NOT NULL`);
    }
  }
  await db.run(`DROP TABLE IF EXISTS unit_lookup; DROP TABLE IF EXISTS load_county`);
}

/**
 * Temp table `name` (raw, county, station_id, ambiguous): each distinct unit reference with its
 * county, as the index resolves it. The one lookup the merge (writing the ids as it inserts) and
 * resolveUnits (settling them afterwards) both join.
 */
export async function createUnitLookup(db: Database, name: string, raws: Array<{ raw: string; county: string | null }>, index: UnitIndex): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${ident(name)} (raw VARCHAR, county VARCHAR, station_id VARCHAR, ambiguous VARCHAR)`);
  const values = raws.map((r) => {
    const m = index.lookup(r.raw, r.county);
    return [r.raw, r.county, m && 'id' in m ? m.id : null, m && 'ambiguous' in m ? m.ambiguous.join('、') : null];
  });
  for (let i = 0; i < values.length; i += 500) {
    const part = values.slice(i, i + 500);
    await db.run(`INSERT INTO ${ident(name)} VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}`, part.flat());
  }
}

/**
 * The first unit reference of a staged sheet that names units of several counties while neither
 * the row nor the file says which county: such a sheet is refused with a line naming --county.
 */
export async function ambiguousInStage(db: Database, stage: string, kind: keyof typeof KINDS, index: UnitIndex): Promise<{ unit: string; counties: string[] } | undefined> {
  const hasCounty = KINDS[kind].fields.some((f) => f.name === 'county');
  for (const f of KINDS[kind].fields.filter((x) => x.unitRef)) {
    const col = ident(f.name);
    const raws = await db.all<{ raw: string }>(
      `SELECT DISTINCT ${col} AS raw FROM ${ident(stage)} WHERE ${col} IS NOT NULL${hasCounty ? ' AND county IS NULL' : ''} ORDER BY raw`,
    );
    for (const { raw } of raws) {
      const m = index.lookup(raw, null);
      if (m && 'ambiguous' in m) return { unit: raw, counties: m.ambiguous };
    }
  }
  return undefined;
}

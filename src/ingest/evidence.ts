// Evidence from values: whether a column's sampled cells fit a field (dates for a date, numbers for
// a count, codes for an enum, the workspace's unit names for a unit), as a change of confidence.
import type { Field } from '../contract/kinds.js';
import type { Cell } from './source.js';
import { parseValue } from './values.js';
import type { KnownUnits } from './known-units.js';

/** Sampled cells per column index, and the units the workspace knows. */
export type SheetValues = Map<number, Cell[]> & { units?: KnownUnits };

/** Too few values say nothing. */
const MIN_SAMPLES = 3;
const DATE_TEXT = /^\s*(19|20)\d\d\s*([-/.年])\s*\d{1,2}/;
const RESIDENT_ID = /^\d{17}[\dXx]$/;

function share(cells: Cell[], test: (c: Cell) => boolean): number {
  let n = 0;
  for (const c of cells) if (test(c)) n++;
  return n / cells.length;
}

const looksLikeDate = (c: Cell): boolean => c instanceof Date || (typeof c === 'string' && (DATE_TEXT.test(c) || /^\s*(19|20)\d{6}\s*$/.test(c)));

export interface ValueEvidence {
  delta: number;
  /** What the values looked like, as a catalog key: ev_<note> (dates, not_dates, unit_names…). */
  note?: string;
}

/**
 * How the sampled values of a column bear on a field. Type mismatches are strong (a 受理时间 column
 * holding no dates is not received_at); agreement adds a little, so values break ties between two
 * columns whose headers read equally well.
 */
export function valueEvidence(field: Field, cells: Cell[], units?: KnownUnits): ValueEvidence {
  if (cells.length < MIN_SAMPLES) return { delta: 0 };
  const fits = share(cells, (c) => {
    const p = parseValue(c, field);
    return p.ok && p.value !== null;
  });
  switch (field.type) {
    case 'date':
    case 'datetime': {
      // A count (3, 42) parses as an Excel serial too: only serials of plausible years count as dates.
      const dates = share(cells, (c) => {
        if (typeof c === 'number') return c > 18000 && c < 60000;
        if (typeof c === 'string' && /^\s*\d{1,5}\s*$/.test(c)) return false;
        const p = parseValue(c, field);
        return p.ok && p.value !== null;
      });
      if (dates >= 0.8) return { delta: 0.05, note: 'dates' };
      if (dates <= 0.2) return { delta: -0.5, note: 'not_dates' };
      return { delta: 0 };
    }
    case 'int':
    case 'number':
    case 'money':
      if (fits >= 0.8) return { delta: 0.05, note: 'numbers' };
      if (fits <= 0.2) return { delta: -0.5, note: 'not_numbers' };
      return { delta: 0 };
    case 'enum':
      if (field.open) break;
      if (fits >= 0.8) return { delta: 0.05, note: 'codes' };
      if (fits <= 0.2) return { delta: -0.2, note: 'not_codes' };
      return { delta: 0 };
    case 'bool':
      if (fits >= 0.8) return { delta: 0.05, note: 'yes_no' };
      if (fits <= 0.2) return { delta: -0.2, note: 'not_yes_no' };
      return { delta: 0 };
    default:
      break;
  }
  // Text and identifiers: dates are not names or ids; ID numbers belong to id_number only.
  if (share(cells, looksLikeDate) >= 0.8) return { delta: -0.5, note: 'dates' };
  const ids = share(cells, (c) => typeof c === 'string' && RESIDENT_ID.test(c.trim()));
  if (field.personal === 'id_number') return ids >= 0.8 ? { delta: 0.05, note: 'id_numbers' } : { delta: 0 };
  if (ids >= 0.8) return { delta: -0.3, note: 'id_numbers' };
  if (field.unitRef || field.name === 'station_name') {
    if (units?.size && share(cells, (c) => c !== null && units.has(String(c))) >= 0.5) return { delta: 0.1, note: 'unit_names' };
    if (share(cells, (c) => typeof c === 'number') >= 0.8) return { delta: -0.3, note: 'numbers' };
  }
  return { delta: 0 };
}

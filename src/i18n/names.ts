// Display names of codes a person reads: a kind of export, a field of a kind, in the chosen language
// (codes stay in --json and CSV).
import { msg, type Message } from './message.js';
import { CATALOG } from './catalog/index.js';

const named = (code: string, asWritten: string): Message => (CATALOG[code] ? msg(code) : msg('legacy_text', { text: asWritten }));

/** The display name of a field of a kind (受理时间 / received); an unknown field is shown as written. */
export function fieldName(kind: string, field: string): Message {
  return named(`field_${kind}_${field}`, field);
}

/** A field's name with its code where the user may have to type it: 身份证号（id_number） in zh, ID number in en. */
export function fieldWithCode(kind: string, field: string): Message {
  return named(`field_coded_${kind}_${field}`, field);
}

/** A kind's name with its code: 花名册（staffing） in zh, staff roster in en. */
export function kindWithCode(kind: string): Message {
  return named(`kind_coded_${kind}`, kind);
}

/** A kind to type after --kind, in either language: 花名册（staffing）, staff roster (staffing). */
export function kindChoice(kind: string): Message {
  return msg('name_with_code', { name: kindName(kind), code: kind });
}

/** A field to type in a --map file, in either language: 警号（person_id）, badge number (person_id). */
export function fieldChoice(kind: string, field: string): Message {
  return msg('name_with_code', { name: fieldName(kind, field), code: field });
}

/** The display name of a kind (stations → 单位 / units); an unknown kind is shown as written. */
export function kindName(kind: string): Message {
  return named(`kind_${kind}`, kind);
}

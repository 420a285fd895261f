// Display names of codes a person reads: a kind of export, a field of a kind, in the chosen language
// (codes stay in --json and CSV).
import { msg, type Message } from './message.js';
import { CATALOG } from './catalog/index.js';

const named = (code: string, asWritten: string): Message => (CATALOG[code] ? msg(code) : msg('legacy_text', { text: asWritten }));

/** The display name of a field of a kind (受理时间 / received); an unknown field is shown as written. */
export function fieldName(kind: string, field: string): Message {
  return named(`field_${kind}_${field}`, field);
}

/** The display name of a kind (stations → 单位 / units); an unknown kind is shown as written. */
export function kindName(kind: string): Message {
  return named(`kind_${kind}`, kind);
}

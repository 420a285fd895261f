// Display names with the code beside them, for messages about a sheet the user may fix with --kind or
// --map: 花名册（staffing）, 身份证号（id_number） in zh, the English name in en. Built from the contract.
import type { Entry } from '../message.js';
import { KINDS, KIND_NAMES } from '../../contract/kinds.js';
import { LABELS } from './labels.js';
import { FIELDS } from './fields.js';

export const CODED_NAMES: Record<string, Entry> = {
  // A name the user types as a code in either language (the kinds of --kind): 花名册（staffing） / staff roster (staffing).
  name_with_code: { zh: '{name}（{code}）', en: '{name} ({code})' },
};
for (const k of KIND_NAMES) {
  const name = (LABELS as Record<string, Entry>)[`kind_${k}`];
  CODED_NAMES[`kind_coded_${k}`] = { zh: `${name.zh}（${k}）`, en: name.en };
  for (const f of KINDS[k].fields) {
    const field = FIELDS[`field_${k}_${f.name}`];
    CODED_NAMES[`field_coded_${k}_${f.name}`] = { zh: `${field.zh}（${f.name}）`, en: field.en };
  }
}

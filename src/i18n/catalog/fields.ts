// Display names of the contract's fields, one catalog code per kind and field: field_<kind>_<field>.
// Chinese is the field's first alias in src/contract/kinds.ts (the header it is known by); English is
// below. test/catalog.test.ts checks that every field of every kind has its English name here.
import type { Entry } from '../message.js';
import { KINDS, type KindName } from '../../contract/kinds.js';

export const FIELD_EN: { [K in KindName]: Record<string, string> } = {
  stations: {
    station_id: 'unit code', station_name: 'unit name', county: 'county bureau', unit_kind: 'unit kind', area_type: 'area type',
    population_resident: 'resident population', population_registered: 'registered population', population_floating: 'floating population',
    villages: 'villages', area_km2: 'area (km²)', authorized_strength: 'authorized strength',
  },
  staffing: {
    county: 'county bureau',
    person_id: 'badge number', name: 'name', unit: 'unit', post: 'post', post_class: 'post class', personnel_type: 'personnel type',
    status: 'duty status', seconded_to: 'seconded to', rank_level: 'rank', law_enforcement_qualified: 'law-enforcement qualification',
    birth_date: 'date of birth', hire_date: 'date joined', as_of: 'as-of date',
  },
  headcount: {
    county: 'county bureau',
    unit: 'unit', as_of: 'as-of date', sworn: 'sworn officers', auxiliary: 'auxiliary officers', civilian: 'civilian staff',
    frontline: 'frontline officers', command: 'command posts', office: 'office officers', qualified: 'qualified officers', seconded_out: 'seconded out',
  },
  cases: {
    county: 'county bureau',
    case_id: 'case number', station: 'handling unit', case_type: 'case type', category: 'case cause', is_major: 'major case',
    received_at: 'received', filed_at: 'filed', solved_at: 'solved', closed_at: 'closed', status: 'case status', source: 'case source',
    officer: 'officer in charge', amount: 'amount involved',
  },
  ledger: {
    county: 'county bureau',
    station: 'unit', date: 'date', item: 'item', kind: 'type', issuer: 'issuing department', due_date: 'due date',
    submitted_date: 'submitted', hours: 'hours', indicator: 'indicator', value: 'value',
  },
  petitions: {
    county: 'county bureau',
    petition_id: 'petition number', received_at: 'registered', station: 'responsible unit', channel: 'channel', petitioner: 'petitioner',
    id_number: 'ID number', phone: 'phone', topic: 'subject', cause: 'cause', is_repeat: 'repeat petition', is_collective: 'collective petition',
    closed_at: 'closed', status: 'status', satisfaction: 'satisfaction',
  },
  findings: {
    case_id: 'case number', result: 'result', defect_type: 'defect type', reviewer: 'reviewer', reviewed_at: 'review date', notes: 'notes',
  },
};

export const FIELDS: Record<string, Entry> = {};
for (const [kind, def] of Object.entries(KINDS) as Array<[KindName, (typeof KINDS)[KindName]]>) {
  for (const f of def.fields) {
    FIELDS[`field_${kind}_${f.name}`] = { zh: f.aliases[0] ?? f.name, en: FIELD_EN[kind][f.name] ?? f.name };
  }
}

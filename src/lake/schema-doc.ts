// schema.json of a lake: every table and column in Chinese and English, derived from the contract.
import { KINDS, type Field, type KindName } from '../contract/kinds.js';
import { resolvedColumn, SQL_TYPE, type ExtraColumn } from '../db/schema.js';
import { msg, say } from '../i18n/message.js';
import { fileColumns, hasQuarter, LAKE_FORMAT, LAKE_FORMAT_VERSION, LAKE_TABLES, LOADS_COLUMNS, LOADS_TABLE, METRICS_TABLE, partitionsOf, periodField } from './layout.js';
import { METRIC_COLUMNS } from './metric-values.js';

type Role = 'data' | 'resolved' | 'derived' | 'provenance' | 'partition' | 'metric';

interface ColumnDoc {
  name: string;
  type: string;
  role: Role;
  role_zh: string;
  role_en: string;
  name_zh: string;
  name_en: string;
  meaning_zh: string;
  meaning_en: string;
  natural_key: boolean;
  personal?: string;
}

interface TableDoc {
  name: string;
  title_zh: string;
  title_en: string;
  path: string;
  partitioned_by: string[];
  natural_key: string[];
  columns: ColumnDoc[];
}

const both = (code: string, params?: Record<string, string>) => ({ zh: say(msg(code, params), 'zh'), en: say(msg(code, params), 'en') });
const englishName = (name: string): string => name.replace(/^_/, '').replace(/_/g, ' ');

function fieldDoc(kind: KindName, f: Field): ColumnDoc {
  const type = both(`lake_type_${f.type}`);
  const aliases = f.aliases.slice(0, 6).join(', ');
  const meaning = both('lake_field_meaning', { type: type.zh, aliases });
  const meaningEn = say(msg('lake_field_meaning', { type: type.en, aliases }), 'en');
  const codes = f.codes ? Object.entries(f.codes).map(([c, sp]) => `${c} = ${sp.slice(0, 3).join('/')}`).join('; ') : '';
  const role = both('lake_role_data');
  return {
    name: f.name,
    type: SQL_TYPE[f.type],
    role: 'data',
    role_zh: role.zh,
    role_en: role.en,
    name_zh: f.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? f.name,
    name_en: englishName(f.name),
    meaning_zh: codes ? `${meaning.zh}。${say(msg('lake_field_codes', { codes }), 'zh')}` : meaning.zh,
    meaning_en: codes ? `${meaningEn}. ${say(msg('lake_field_codes', { codes }), 'en')}` : meaningEn,
    natural_key: KINDS[kind].key.includes(f.name),
    ...(f.personal ? { personal: f.personal } : {}),
  };
}

function extraDoc(c: ExtraColumn, kind: KindName | null, role: Role, meaning: { zh: string; en: string }, nameZh?: string): ColumnDoc {
  const r = both(`lake_role_${role}`);
  return {
    name: c.name, type: c.sql, role, role_zh: r.zh, role_en: r.en,
    name_zh: nameZh ?? meaning.zh.split(/[，（；]/)[0], name_en: englishName(c.name),
    meaning_zh: meaning.zh, meaning_en: meaning.en,
    natural_key: kind !== null && c.name === '_key',
  };
}

function partitionDocs(kind: KindName | null): ColumnDoc[] {
  const out = [extraDoc({ name: 'county', sql: 'VARCHAR' }, null, 'partition', both('lake_col_county'), '所属县局')];
  if (kind === null || hasQuarter(kind)) {
    const p = kind ? periodField(kind) : undefined;
    const basis = kind === null ? { zh: '', en: '' } : p ? both('lake_quarter_basis_field', { field: p }) : both('lake_quarter_basis_findings');
    const m = { zh: say(msg('lake_col_quarter', { basis: basis.zh }), 'zh'), en: say(msg('lake_col_quarter', { basis: basis.en }), 'en') };
    out.push(extraDoc({ name: 'quarter', sql: 'VARCHAR' }, null, 'partition', m, '季度'));
  }
  return out;
}

function tableDoc(kind: KindName): TableDoc {
  const k = KINDS[kind];
  const columns: ColumnDoc[] = [];
  for (const c of fileColumns(kind)) {
    const f = k.fields.find((x) => x.name === c.name);
    if (f) columns.push(fieldDoc(kind, f));
    else if (c.name.startsWith('_')) columns.push(extraDoc(c, kind, 'provenance', both(`lake_col_${c.name}`)));
    else {
      const ref = k.fields.find((x) => x.unitRef && resolvedColumn(x) === c.name);
      columns.push(ref ? extraDoc(c, kind, 'resolved', both('lake_col_resolved', { field: ref.name })) : extraDoc(c, kind, 'derived', both(`lake_col_${c.name}`)));
    }
  }
  if (kind === 'stations') {
    const county = fieldDoc(kind, k.fields.find((f) => f.name === 'county')!);
    columns.push({ ...county, role: 'partition', ...roleText('partition') });
    if (hasQuarter(kind)) columns.push(...partitionDocs(kind).slice(1));
  } else columns.push(...partitionDocs(kind));
  return {
    name: kind, title_zh: k.title_zh, title_en: englishName(kind), path: `${kind}/${partitionsOf(kind).map((p) => `${p}=…/`).join('')}*.parquet`,
    partitioned_by: partitionsOf(kind), natural_key: k.key, columns,
  };
}

function roleText(role: Role): { role_zh: string; role_en: string } {
  const r = both(`lake_role_${role}`);
  return { role_zh: r.zh, role_en: r.en };
}

function metricsDoc(): TableDoc {
  const t = both('lake_metrics_title');
  const columns = METRIC_COLUMNS.filter((c) => c.name !== 'county' && c.name !== 'quarter').map((c) =>
    extraDoc({ name: c.name, sql: c.sql }, null, 'metric', both(`lake_mcol_${c.name}`)),
  );
  return {
    name: METRICS_TABLE, title_zh: t.zh, title_en: t.en, path: `${METRICS_TABLE}/county=…/quarter=…/*.parquet`,
    partitioned_by: partitionsOf(METRICS_TABLE), natural_key: ['metric', 'scope', 'station_id', 'county', 'quarter'],
    columns: [...columns, ...partitionDocs(null)],
  };
}

function loadsDoc(): TableDoc {
  const t = both('lake_loads_title');
  const types: Record<string, string> = { load_id: 'INTEGER', file_size: 'BIGINT', data_date: 'DATE', finished_at: 'TIMESTAMP' };
  return {
    name: LOADS_TABLE, title_zh: t.zh, title_en: t.en, path: `${LOADS_TABLE}/loads.parquet`, partitioned_by: [], natural_key: ['load_id'],
    columns: LOADS_COLUMNS.map((c) => ({ ...extraDoc({ name: c, sql: types[c] ?? 'VARCHAR' }, null, 'provenance', both(`lake_lcol_${c}`)), natural_key: c === 'load_id' })),
  };
}

/** The whole schema.json document. */
export function lakeSchema(): object {
  return {
    format: LAKE_FORMAT,
    format_version: LAKE_FORMAT_VERSION,
    read_with: "SELECT * FROM read_parquet('<lake>/<table>/**/*.parquet', hive_partitioning = true)",
    tables: [...LAKE_TABLES.map(tableDoc), metricsDoc(), loadsDoc()],
  };
}

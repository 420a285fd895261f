// Reads metrics/*.sql: the `-- key: value` header of each file (grammar in metrics/sworn_per_10k.sql) and its one SELECT.
import { msg, type Message } from '../i18n/message.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, isAbsolute } from 'node:path';
import { UserError } from '../errors.js';
import { projectRoot } from '../version.js';
import { GROUPS, type MetricGroup } from './format.js';

export type Direction = 'higher_is_better' | 'lower_is_better' | 'neutral';
export type Grain = 'station' | 'county';
export type CountyRule = 'pooled' | 'query' | 'none';
export type AreaType = 'urban' | 'town' | 'rural';
export type ThresholdTarget = AreaType | 'station' | 'county';

export const DIRECTIONS: Direction[] = ['higher_is_better', 'lower_is_better', 'neutral'];
const TARGETS: ThresholdTarget[] = ['urban', 'town', 'rural', 'station', 'county'];

/** One threshold rule: `min 15 for urban` → {op: 'min', limit: 15, targets: ['urban'], text}. */
export interface ThresholdRule {
  op: 'min' | 'max';
  limit: number;
  /** Empty: every row. Area types restrict to stations of that area type. */
  targets: ThresholdTarget[];
  /** The rule as written, for legends and reports. */
  text: string;
}

export interface MetricDefinition {
  id: string;
  /** Absolute path of the .sql file. */
  file: string;
  group: MetricGroup;
  order: number;
  title_en: string;
  title_zh: string;
  /** Column labels for narrow tables (default: the titles). */
  short_en: string;
  short_zh: string;
  unit: string;
  grain: Grain;
  direction: Direction;
  thresholds: ThresholdRule[];
  /** The thresholds line as written ('none' when absent). */
  thresholds_text: string;
  county: CountyRule;
  scale: number;
  /** Two-sided exact interval added to detail (defect_rate). */
  interval: { method: 'clopper_pearson'; confidence: number } | null;
  definition: string;
  reference: string;
  /** Every header key as written (x_… keys included). */
  header: Record<string, string>;
  /** The SELECT that follows the header (a trailing semicolon removed). */
  sql: string;
  /** The line of the file where that SELECT starts (1-based), so a DuckDB error's LINE n maps to the file. */
  sql_line: number;
  /** Set when the file's header could not be read (loadDefinitionsLeniently): where and why; the metric is not run. */
  broken?: { line: number; problem: Message };
  /** Named parameters the SQL uses ($q_start → 'q_start'). */
  params: string[];
}

/** Named parameters the runner binds. */
export const PARAMS = ['q_start', 'q_end', 'q_label', 'data_date', 'petition_data_date', 'window_days'] as const;

const REQUIRED = ['id', 'title_en', 'title_zh', 'unit', 'grain', 'direction'] as const;
const KNOWN = new Set([
  ...REQUIRED, 'short_en', 'short_zh', 'group', 'order', 'thresholds', 'county', 'scale', 'interval', 'definition', 'reference',
]);

export const PRELUDE_FILE = '_prelude.sql';

/** The metrics folder shipped with jiceng. */
export function defaultMetricsDir(): string {
  return join(projectRoot(), 'metrics');
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function headerError(file: string, line: number, problem: Message, hint?: Message): UserError {
  return new UserError(msg('metric_header', { file: shown(file), line, problem }), { code: problem.code, hint: hint ?? msg('metric_header_hint') });
}

/** Parses `min 15 for urban; max 10%`; throws a UserError (without location) on a bad rule. */
export function parseThresholds(text: string): ThresholdRule[] {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'none') return [];
  return t.split(';').map((part) => {
    const rule = part.trim();
    const m = /^(min|max)\s+(-?\d+(?:\.\d+)?)\s*(%?)(?:\s+for\s+(.+))?$/i.exec(rule);
    if (!m) throw new UserError(msg('mh_bad_threshold', { rule }));
    const targets = m[4] ? m[4].split(',').map((s) => s.trim().toLowerCase()) : [];
    for (const x of targets) {
      if (!TARGETS.includes(x as ThresholdTarget)) throw new UserError(msg('mh_bad_threshold_target', { target: x, valid: TARGETS.join(', ') }));
    }
    return {
      op: m[1].toLowerCase() as 'min' | 'max',
      limit: Number(m[2]) / (m[3] ? 100 : 1),
      targets: targets as ThresholdTarget[],
      text: rule,
    };
  });
}

/** The rules that apply to a row (a station of an area type, or a county). */
export function applicableRules(rules: ThresholdRule[], scope: 'station' | 'county', areaType: string | null): ThresholdRule[] {
  return rules.filter((r) => {
    if (r.targets.length === 0) return true;
    return r.targets.some((t) => t === scope || (scope === 'station' && t === areaType));
  });
}

/** True when the value violates one of the rules. */
export function breaches(rules: ThresholdRule[], value: number | null): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return rules.some((r) => (r.op === 'min' ? value < r.limit : value > r.limit));
}

/** Removes comments and string literals so parameters and semicolons can be found in the SQL text. */
function stripSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += c === '"' ? ' x ' : " '' ";
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Named parameters ($name) the SQL uses, and whether it holds more than one statement. */
export function scanSql(sql: string): { params: string[]; statements: number } {
  const bare = stripSql(sql);
  const params = [...new Set([...bare.matchAll(/\$([A-Za-z_]\w*)/g)].map((m) => m[1]))];
  const statements = bare.split(';').filter((s) => s.trim() !== '').length;
  return { params, statements };
}

/** Parses one metric file. Every problem is a UserError naming the file and the line. */
export function parseMetricFile(file: string, text?: string): MetricDefinition {
  const src = (text ?? readFileSync(file, 'utf8')).replace(/^\ufeff/, '');
  const lines = src.split(/\r?\n/);
  const header: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  let last: string | null = null;
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const first = i;
  for (; i < lines.length; i++) {
    const raw = lines[i];
    if (!raw.trimStart().startsWith('--')) break;
    const n = i + 1;
    let body = raw.trimStart().slice(2);
    if (body.startsWith(' ')) body = body.slice(1);
    if (body.trim() === '' || body.trimStart().startsWith('#')) {
      if (body.trim() === '') last = null;
      continue;
    }
    if (/^\s/.test(body)) {
      if (!last) throw headerError(file, n, msg('mh_orphan_continuation', { line: raw.trim() }));
      header[last] = (header[last] + ' ' + body.trim()).trim();
      continue;
    }
    const m = /^([A-Za-z_][\w]*)\s*:(.*)$/.exec(body);
    if (!m) throw headerError(file, n, msg('mh_not_key_value', { line: raw.trim() }));
    const key = m[1];
    if (!KNOWN.has(key) && !key.startsWith('x_')) {
      throw headerError(file, n, msg('mh_unknown_key', { key, known: [...KNOWN].join(', ') }));
    }
    if (key in header) throw headerError(file, n, msg('mh_key_twice', { key, first: lineOf[key] }));
    header[key] = m[2].trim();
    lineOf[key] = n;
    last = key;
  }
  const headerEnd = i; // 0-based index of the first line after the header
  if (headerEnd === first) throw headerError(file, first + 1, msg('mh_no_header'));
  for (const k of REQUIRED) {
    if (!header[k]) {
      throw headerError(file, k in lineOf ? lineOf[k] : headerEnd, msg(k in lineOf ? 'mh_key_empty' : 'mh_key_missing', { key: k, required: REQUIRED.join(', ') }));
    }
  }
  const stem = basename(file).replace(/\.sql$/i, '');
  const id = header.id;
  if (!/^[a-z][a-z0-9_]*$/.test(id)) throw headerError(file, lineOf.id, msg('mh_id_not_snake', { id }));
  if (id !== stem) throw headerError(file, lineOf.id, msg('mh_id_not_file', { id, stem }), msg('mh_id_not_file_hint', { id, stem }));

  const oneOf = <T extends string>(key: string, valid: readonly T[], dflt?: T): T => {
    const v = header[key];
    if (v === undefined || v === '') {
      if (dflt !== undefined) return dflt;
      throw headerError(file, headerEnd, msg('mh_key_missing_plain', { key }));
    }
    if (!valid.includes(v as T)) throw headerError(file, lineOf[key], msg('mh_not_one_of', { key, value: v, valid: valid.join(', ') }));
    return v as T;
  };
  const grain = oneOf<Grain>('grain', ['station', 'county']);
  const direction = oneOf<Direction>('direction', DIRECTIONS);
  const group = oneOf<MetricGroup>('group', GROUPS, 'other');
  const county = oneOf<CountyRule>('county', ['pooled', 'query', 'none'], grain === 'county' ? 'query' : 'pooled');
  if (grain === 'county' && county !== 'query') throw headerError(file, lineOf.county, msg('mh_county_grain'));

  const num = (key: string, dflt: number, positive: boolean): number => {
    if (header[key] === undefined || header[key] === '') return dflt;
    const v = Number(header[key].replace(/[,_]/g, ''));
    if (!Number.isFinite(v) || (positive && v <= 0)) throw headerError(file, lineOf[key], msg(positive ? 'mh_not_positive_number' : 'mh_not_number', { key, value: header[key] }));
    return v;
  };
  const scale = num('scale', 1, true);
  const order = num('order', 1000, false);

  let thresholds: ThresholdRule[];
  try {
    thresholds = parseThresholds(header.thresholds ?? '');
  } catch (e) {
    throw headerError(file, lineOf.thresholds, (e as UserError).msg ?? msg('legacy_text', { text: (e as Error).message }), msg('mh_thresholds_hint'));
  }

  let interval: MetricDefinition['interval'] = null;
  if (header.interval && header.interval.toLowerCase() !== 'none') {
    const m = /^clopper_pearson(?:\s+(\d+(?:\.\d+)?)\s*(%?))?$/i.exec(header.interval);
    const conf = m ? (m[1] ? Number(m[1]) / (m[2] ? 100 : 1) : 0.95) : NaN;
    if (!m || !(conf > 0 && conf < 1)) throw headerError(file, lineOf.interval, msg('mh_bad_interval', { value: header.interval }));
    interval = { method: 'clopper_pearson', confidence: conf };
  }

  const body = lines.slice(headerEnd).join('\n').trim().replace(/;\s*$/, '');
  let bodyStart = headerEnd;
  while (bodyStart < lines.length && lines[bodyStart].trim() === '') bodyStart++;
  if (!/\b(select|with|from)\b/i.test(stripSql(body))) {
    throw headerError(file, headerEnd + 1, msg('mh_no_select'), msg('mh_no_select_hint'));
  }
  const { params, statements } = scanSql(body);
  if (statements > 1) throw headerError(file, headerEnd + 1, msg('mh_two_statements'), msg('mh_two_statements_hint'));
  const unknown = params.filter((p) => !(PARAMS as readonly string[]).includes(p));
  if (unknown.length) {
    const at = lines.findIndex((l, idx) => idx >= headerEnd && l.includes('$' + unknown[0]));
    throw headerError(file, at + 1, msg('mh_unknown_param', { name: unknown[0], available: PARAMS.map((p) => '$' + p).join(', ') }), msg('mh_unknown_param_hint'));
  }

  return {
    id,
    file,
    group,
    order,
    title_en: header.title_en,
    title_zh: header.title_zh,
    short_en: header.short_en || header.title_en,
    short_zh: header.short_zh || header.title_zh,
    unit: header.unit,
    grain,
    direction,
    thresholds,
    thresholds_text: header.thresholds && header.thresholds !== '' ? header.thresholds : 'none',
    county,
    scale,
    interval,
    definition: header.definition ?? '',
    reference: header.reference ?? '',
    header,
    sql: body,
    sql_line: bodyStart + 1,
    params,
  };
}

/** Metric files of a folder: *.sql whose name does not start with "_", sorted by name. */
export function metricFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.sql') && !f.startsWith('_') && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads the definitions of every folder, later folders overriding earlier ones by id (a workspace's
 * metrics/ can replace a shipped metric), sorted by group, order and id.
 */
export function loadDefinitions(dirs: string[] = [defaultMetricsDir()]): MetricDefinition[] {
  const byId = new Map<string, MetricDefinition>();
  for (const dir of dirs) for (const f of metricFiles(dir)) {
    const d = parseMetricFile(f);
    byId.set(d.id, d);
  }
  return sortDefinitions([...byId.values()]);
}

/** A metric file whose header could not be read: the file, the line, and the problem. */
export interface BrokenMetricFile {
  id: string;
  file: string;
  line: number;
  problem: Message;
}

/**
 * loadDefinitions, but a file whose header cannot be read does not stop the others. It is listed in
 * `broken`; when it replaces a metric of an earlier folder, that metric stays in the list marked
 * broken (its figures become null rather than silently the replaced file's).
 */
export function loadDefinitionsLeniently(dirs: string[] = [defaultMetricsDir()]): { definitions: MetricDefinition[]; broken: BrokenMetricFile[] } {
  const byId = new Map<string, MetricDefinition>();
  const broken: BrokenMetricFile[] = [];
  for (const dir of dirs) for (const f of metricFiles(dir)) {
    const id = basename(f).replace(/\.sql$/i, '');
    try {
      const d = parseMetricFile(f);
      byId.set(d.id, d);
    } catch (e) {
      if (!(e instanceof UserError) || !e.msg) throw e;
      const line = Number(e.msg.params?.line ?? 1);
      const problem = (e.msg.params?.problem as Message | undefined) ?? e.msg;
      broken.push({ id, file: f, line, problem });
      const earlier = byId.get(id);
      if (earlier) byId.set(id, { ...earlier, file: f, broken: { line, problem } });
    }
  }
  return { definitions: sortDefinitions([...byId.values()]), broken };
}

export function sortDefinitions(defs: MetricDefinition[]): MetricDefinition[] {
  return [...defs].sort(
    (a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group) || a.order - b.order || a.id.localeCompare(b.id),
  );
}

/** The prelude that defines the shared macros: the last folder that has one, else the shipped one. */
export function preludeFile(dirs: string[] = [defaultMetricsDir()]): string {
  for (const dir of [...dirs].reverse()) {
    const p = join(dir, PRELUDE_FILE);
    if (existsSync(p)) return p;
  }
  return join(defaultMetricsDir(), PRELUDE_FILE);
}

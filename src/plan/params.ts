// The staffing model's parameters: documented defaults, the `plan` section of jiceng.json, and `key=value` overrides.
//
// The model (Wilson & Weiss, "A Performance-Based Approach to Police Staffing and Allocation",
// COPS Office 2012; ICMA Center for Public Safety Management, "the rule of 60"):
//   required frontline officers = workload hours / (available hours per officer × committed ceiling)
// Every number below is a planning default to be tuned to the county (ideally from a two-week time
// log kept by two or three stations); none of them is a national standard.
import { msg, say, type Message } from '../i18n/message.js';
import { normalizeKey } from '../contract/normalize.js';
import type { WorkspaceConfig } from '../config.js';
import { UserError, EXIT } from '../errors.js';
import type { Lang } from '../i18n/index.js';

export const CASE_TYPES = ['criminal', 'public_security'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export interface PlanParams {
  /**
   * Officer-hours per case received in the quarter, by case type. Person-hours, not elapsed hours:
   * interviews, interrogations and searches need two officers (刑事诉讼法 art. 118: 讯问 by no fewer
   * than two investigators; 公安机关办理行政案件程序规定: 询问/检查 by no fewer than two police).
   * criminal 20 h: scene, victim and witness statements, interrogation, evidence, custody escort,
   * the file (立案/拘留/提请批捕/起诉意见) — solved cases take far more, unsolved far less.
   * public_security 8 h: statements by two officers, mediation or a penalty decision, the file.
   */
  hours_per_case: Record<CaseType, number>;
  /**
   * Officer-hours for a case category (案由), overriding hours_per_case for every case of that
   * category whatever its type. Matched after normalisation (full-width → half-width, spaces
   * dropped, case-insensitive, a trailing 案/案件 dropped): "诈骗" matches 诈骗, 诈骗案, " 诈骗案件".
   * Default none.
   */
  hours_per_category: Record<string, number>;
  /** Officer-hours per petition (信访): registering, checking the facts, the written reply within
   *  the statutory 60 days (信访工作条例 2022), the follow-up visit. 6 h. */
  hours_per_petition: number;
  /** Add the station's recorded ledger hours (台账 耗时, already person-hours) to its workload:
   *  report burden takes officers' time as surely as cases do. Default true. */
  include_ledger_hours: boolean;
  /** Scheduled hours per officer per quarter: 40 h a week (国务院关于职工工作时间的规定) × 13 weeks
   *  = 520. Overtime is deliberately not capacity: it shows up as utilisation above the ceiling. */
  scheduled_hours_per_quarter: number;
  /** Public holidays and annual leave per quarter: 13 public-holiday days a year (全国年节及纪念日
   *  放假办法, from 2025) + 10 days annual leave (职工带薪年休假条例: 10 days after 10 years' service)
   *  = 23 days × 8 h / 4 = 46 h. */
  leave_hours_per_quarter: number;
  /** Training per quarter: at least 15 days a year of practical training for grassroots and
   *  frontline officers (公安部 关于全面推进全国公安民警大练兵的意见, "三个必训") = 15 × 8 / 4 = 30 h. */
  training_hours_per_quarter: number;
  /** Sickness, personal leave and other absence per quarter: 2 working days = 16 h (about 3% of
   *  scheduled time; an assumption, replace with the county's own attendance figure). */
  absence_hours_per_quarter: number;
  /** Available hours per officer per quarter. null (the default) = scheduled − leave − training −
   *  absence = 520 − 46 − 30 − 16 = 428 h (1,712 a year, within the 1,600–1,800 net hours US
   *  workload studies find). A number sets it outright and the four inputs above are not used. */
  available_hours_per_officer: number | null;
  /** Most of an officer's available time that may be committed to recorded demand: ICMA's rule of
   *  60 (no more than 60% of patrol time committed to calls for service); the other 40% is patrol,
   *  community work (社区警务), 110 calls that become no case, and slack. Default 0.6. */
  committed_ceiling: number;
}

export const PLAN_DEFAULTS: PlanParams = {
  hours_per_case: { criminal: 20, public_security: 8 },
  hours_per_category: {},
  hours_per_petition: 6,
  include_ledger_hours: true,
  scheduled_hours_per_quarter: 520,
  leave_hours_per_quarter: 46,
  training_hours_per_quarter: 30,
  absence_hours_per_quarter: 16,
  available_hours_per_officer: null,
  committed_ceiling: 0.6,
};

/** A share of the scheduled hours, written "8%": accepted for the three deductions. */
export type PercentText = `${number}%`;

/**
 * What the config section and the overrides may hold: PlanParams, partly, where each deduction may
 * also be a percentage of the scheduled hours ("8%"). Every Partial<PlanParams> is one.
 */
export interface PlanSettings {
  hours_per_case?: Partial<Record<CaseType, number>>;
  hours_per_category?: Record<string, number>;
  hours_per_petition?: number;
  include_ledger_hours?: boolean;
  scheduled_hours_per_quarter?: number;
  leave_hours_per_quarter?: number | PercentText;
  training_hours_per_quarter?: number | PercentText;
  absence_hours_per_quarter?: number | PercentText;
  available_hours_per_officer?: number | null;
  committed_ceiling?: number;
}

/** Keys of the `plan` section (and of --set); hours_per_case.<type> and hours_per_category.<名称> too. */
export const PLAN_KEYS = [
  'hours_per_case', 'hours_per_category', 'hours_per_petition', 'include_ledger_hours', 'scheduled_hours_per_quarter',
  'leave_hours_per_quarter', 'training_hours_per_quarter', 'absence_hours_per_quarter', 'available_hours_per_officer',
  'committed_ceiling',
] as const;
type PlanKey = (typeof PLAN_KEYS)[number];

const DEDUCTIONS = ['leave_hours_per_quarter', 'training_hours_per_quarter', 'absence_hours_per_quarter'] as const;

/** Chinese spellings accepted for the case types in --hours-per-case and --set. */
const CASE_TYPE_WORDS: Record<string, CaseType> = {
  criminal: 'criminal', 刑事: 'criminal', 刑事案件: 'criminal',
  public_security: 'public_security', publicsecurity: 'public_security', 治安: 'public_security', 治安案件: 'public_security',
  行政: 'public_security', 行政案件: 'public_security',
};

/** The key a category is matched on: normalised, without a trailing 案/案件. */
export function categoryKey(s: string): string {
  return normalizeKey(s).replace(/(案件|案)$/u, '');
}

const KEYS_BEFORE = ['hours_per_case.criminal', 'hours_per_case.public_security'];
const KEYS_AFTER = [
  'hours_per_petition', 'include_ledger_hours', 'scheduled_hours_per_quarter', 'leave_hours_per_quarter', 'training_hours_per_quarter',
  'absence_hours_per_quarter', 'available_hours_per_officer', 'committed_ceiling',
];

/** The settable keys, the category placeholder named in the language (案由 / category). */
export function settableKeys(): Message {
  return msg('plan_keys_text', { a: KEYS_BEFORE.join(', '), b: KEYS_AFTER.join(', ') });
}

/** The settable keys as text (for help). */
export function validKeysText(lang: Lang = 'zh'): string {
  return say(settableKeys(), lang);
}

/** Available hours per officer per quarter: the set value, else scheduled − leave − training − absence. */
export function availableHours(p: PlanParams): number {
  if (p.available_hours_per_officer !== null) return p.available_hours_per_officer;
  return p.scheduled_hours_per_quarter - p.leave_hours_per_quarter - p.training_hours_per_quarter - p.absence_hours_per_quarter;
}

/** Hours one officer may commit to recorded workload in the quarter: available × ceiling. */
export function committableHours(p: PlanParams): number {
  return availableHours(p) * p.committed_ceiling;
}

// ---------------------------------------------------------------------------------------------
// Validation

type Source = 'config' | 'flag';

function fail(source: Source, key: string, want: Message, got: unknown): never {
  const shown = typeof got === 'string' ? `"${got}"` : JSON.stringify(got);
  if (source === 'config') {
    throw new UserError(
      msg('plan_bad_config_value', { key, got: shown, want }),
      { hint: msg('fix_or_delete_setting_hint'), exitCode: EXIT.usage, code: 'bad_plan_param' },
    );
  }
  throw new UserError(
    msg('plan_bad_param_value', { key, got: shown, want }),
    { hint: msg('plan_bad_param_value_hint', { key, keys: settableKeys() }), exitCode: EXIT.usage, code: 'bad_plan_param' },
  );
}

function unknownKey(source: Source, key: string): never {
  throw new UserError(
    source === 'config'
      ? msg('plan_unknown_config_key', { key })
      : msg('plan_unknown_param', { key }),
    { hint: msg('plan_params_are_hint', { keys: settableKeys() }), exitCode: EXIT.usage, code: 'unknown_plan_param' },
  );
}

/** What a value must be, as a message (the examples are JSON: data, not words). */
const WANT = {
  hours: msg('plan_want_hours'),
  positiveHours: msg('plan_want_positive_hours'),
  hoursOrShare: msg('plan_want_hours_or_share'),
  ceiling: msg('plan_want_ceiling'),
  bool: msg('plan_want_bool'),
  available: msg('plan_want_available'),
  object: msg('plan_want_object', { example: '{"criminal": 20, "public_security": 8}' }),
  categories: msg('plan_want_categories', { example: '{"诈骗": 30}' }),
  pairs: msg('plan_want_pairs'),
};

const isHours = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const PERCENT_RE = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

function checkCaseHours(v: unknown, source: Source, key = 'hours_per_case'): Partial<Record<CaseType, number>> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(source, key, WANT.object, v);
  const outv: Partial<Record<CaseType, number>> = {};
  for (const [k, h] of Object.entries(v as Record<string, unknown>)) {
    const t = CASE_TYPE_WORDS[normalizeKey(k)];
    if (!t) {
      throw new UserError(
        msg('plan_unknown_case_type', { key, k }),
        { hint: msg('plan_unknown_case_type_hint'), exitCode: EXIT.usage, code: 'bad_plan_param' },
      );
    }
    if (!isHours(h)) fail(source, `${key}.${t}`, WANT.hours, h);
    outv[t] = h;
  }
  return outv;
}

function checkCategories(v: unknown, source: Source): Record<string, number> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(source, 'hours_per_category', WANT.categories, v);
  const outv: Record<string, number> = {};
  for (const [k, h] of Object.entries(v as Record<string, unknown>)) {
    if (!categoryKey(k)) fail(source, 'hours_per_category', WANT.categories, k);
    if (!isHours(h)) fail(source, `hours_per_category.${k}`, WANT.hours, h);
    outv[k] = h;
  }
  return outv;
}

/** Checks a settings object (the config section or overrides) key by key; returns it typed. */
export function checkSettings(raw: unknown, source: Source = 'config'): PlanSettings {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    if (source === 'config') {
      throw new UserError(msg('plan_config_not_object'), {
        hint: msg('plan_params_are_hint', { keys: settableKeys() }), exitCode: EXIT.usage, code: 'bad_plan_param',
      });
    }
    return {};
  }
  const s: PlanSettings = {};
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (!(PLAN_KEYS as readonly string[]).includes(key)) unknownKey(source, key);
    switch (key as PlanKey) {
      case 'hours_per_case': s.hours_per_case = checkCaseHours(v, source); break;
      case 'hours_per_category': s.hours_per_category = checkCategories(v, source); break;
      case 'hours_per_petition': if (!isHours(v)) fail(source, key, WANT.hours, v); s.hours_per_petition = v; break;
      case 'include_ledger_hours': if (typeof v !== 'boolean') fail(source, key, WANT.bool, v); s.include_ledger_hours = v; break;
      case 'scheduled_hours_per_quarter':
        if (!(isHours(v) && v > 0)) fail(source, key, WANT.positiveHours, v);
        s.scheduled_hours_per_quarter = v; break;
      case 'leave_hours_per_quarter': case 'training_hours_per_quarter': case 'absence_hours_per_quarter':
        if (!(isHours(v) || (typeof v === 'string' && PERCENT_RE.test(v) && Number(PERCENT_RE.exec(v)![1]) <= 100))) {
          fail(source, key, WANT.hoursOrShare, v);
        }
        s[key as (typeof DEDUCTIONS)[number]] = (typeof v === 'string' ? v.trim().replace(/\s+/g, '') : v) as number | PercentText;
        break;
      case 'available_hours_per_officer':
        if (!(v === null || (isHours(v) && v > 0))) fail(source, key, WANT.available, v);
        s.available_hours_per_officer = v as number | null; break;
      case 'committed_ceiling':
        if (!(typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1)) fail(source, key, WANT.ceiling, v);
        s.committed_ceiling = v; break;
    }
  }
  return s;
}

/** Lays settings over a base: scalars replace, hours_per_case and hours_per_category merge key by key. */
function layer(base: PlanSettings, top: PlanSettings): PlanSettings {
  const outv: PlanSettings = { ...base, ...top };
  if (top.hours_per_case) outv.hours_per_case = { ...base.hours_per_case, ...top.hours_per_case };
  if (top.hours_per_category) outv.hours_per_category = { ...base.hours_per_category, ...top.hours_per_category };
  // Setting any deduction or the scheduled hours means "derive the available hours", unless the same layer sets them.
  const derives = top.scheduled_hours_per_quarter !== undefined || DEDUCTIONS.some((d) => top[d] !== undefined);
  if (derives && top.available_hours_per_officer === undefined) outv.available_hours_per_officer = null;
  return outv;
}

/**
 * The parameters in force: defaults, then jiceng.json's `plan` section, then the overrides (flags).
 * Percentages are turned into hours against the final scheduled hours. Throws a usage error naming the
 * key for any bad value, and when the deductions leave no available hours.
 */
export function resolvePlanParams(config: WorkspaceConfig | undefined, overrides: PlanSettings = {}): PlanParams {
  const fromConfig = checkSettings(config?.plan, 'config');
  const fromFlags = checkSettings(overrides, 'flag');
  const merged = layer(layer(PLAN_DEFAULTS as PlanSettings, fromConfig), fromFlags);
  const scheduled = merged.scheduled_hours_per_quarter!;
  const hoursOf = (v: number | PercentText | undefined): number => {
    if (typeof v === 'number') return v;
    return (Number(PERCENT_RE.exec(String(v))![1]) / 100) * scheduled;
  };
  const p: PlanParams = {
    hours_per_case: { ...PLAN_DEFAULTS.hours_per_case, ...merged.hours_per_case } as Record<CaseType, number>,
    hours_per_category: { ...merged.hours_per_category },
    hours_per_petition: merged.hours_per_petition!,
    include_ledger_hours: merged.include_ledger_hours!,
    scheduled_hours_per_quarter: scheduled,
    leave_hours_per_quarter: hoursOf(merged.leave_hours_per_quarter),
    training_hours_per_quarter: hoursOf(merged.training_hours_per_quarter),
    absence_hours_per_quarter: hoursOf(merged.absence_hours_per_quarter),
    available_hours_per_officer: merged.available_hours_per_officer ?? null,
    committed_ceiling: merged.committed_ceiling!,
  };
  const avail = availableHours(p);
  if (!(avail > 0)) {
    throw new UserError(
      msg('plan_no_available_hours', {
        a: round(avail), s: round(p.scheduled_hours_per_quarter), l: round(p.leave_hours_per_quarter), t: round(p.training_hours_per_quarter), b: round(p.absence_hours_per_quarter),
      }),
      { hint: msg('plan_no_available_hours_hint'), exitCode: EXIT.usage, code: 'bad_plan_param' },
    );
  }
  return p;
}

const round = (x: number): number => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// key=value overrides (--set and the named flags)

function parseNumberText(key: string, raw: string, allowPercent: boolean): number | PercentText {
  const v = raw.normalize('NFKC').trim();
  if (allowPercent && PERCENT_RE.test(v)) return v.replace(/\s+/g, '') as PercentText;
  if (/^\d+(?:\.\d+)?$/.test(v) || /^\.\d+$/.test(v)) return Number(v);
  fail('flag', key, allowPercent ? WANT.hoursOrShare : WANT.hours, raw);
}

function parseBoolText(key: string, raw: string): boolean {
  const v = normalizeKey(raw);
  if (['true', 'yes', 'y', '1', 'on', '是'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'off', '否'].includes(v)) return false;
  fail('flag', key, WANT.bool, raw);
}

/** "criminal=20,public_security=8" (or 刑事=20，治安=8) → {criminal: 20, public_security: 8}. */
export function parsePairs(key: string, raw: string): Record<string, string> {
  const outv: Record<string, string> = {};
  for (const part of raw.split(/[,，、;；]/).map((x) => x.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*[=:：]\s*(.+)$/u.exec(part);
    if (!m) fail('flag', key, WANT.pairs, raw);
    outv[m[1].trim()] = m[2].trim();
  }
  return outv;
}

/**
 * Parses `key=value` overrides (the --set flag; the named flags are turned into the same form) into
 * settings. Keys: see validKeysText(); hours_per_case=criminal=20,public_security=8 sets both types.
 */
export function parseSetArgs(specs: string[]): PlanSettings {
  const s: PlanSettings = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new UserError(msg('plan_bad_setting', { s: spec }), {
        hint: msg('plan_params_are_hint', { keys: settableKeys() }), exitCode: EXIT.usage, code: 'bad_plan_param',
      });
    }
    const key = spec.slice(0, eq).trim();
    const value = spec.slice(eq + 1).trim();
    const dot = key.indexOf('.');
    const head = dot > 0 ? key.slice(0, dot) : key;
    const sub = dot > 0 ? key.slice(dot + 1).trim() : '';
    if (head === 'hours_per_case') {
      const pairs = sub ? { [sub]: value } : parsePairs(key, value);
      const typed: Record<string, number> = {};
      for (const [k, v] of Object.entries(pairs)) typed[k] = parseNumberText(`hours_per_case.${k}`, v, false) as number;
      s.hours_per_case = { ...s.hours_per_case, ...checkCaseHours(typed, 'flag') };
    } else if (head === 'hours_per_category') {
      const pairs = sub ? { [sub]: value } : parsePairs(key, value);
      const typed: Record<string, number> = {};
      for (const [k, v] of Object.entries(pairs)) typed[k] = parseNumberText(`hours_per_category.${k}`, v, false) as number;
      s.hours_per_category = { ...s.hours_per_category, ...checkCategories(typed, 'flag') };
    } else if (sub || !(PLAN_KEYS as readonly string[]).includes(key)) {
      unknownKey('flag', key);
    } else if (key === 'include_ledger_hours') {
      s.include_ledger_hours = parseBoolText(key, value);
    } else if (key === 'available_hours_per_officer' && /^(null|auto|derived)$/i.test(value)) {
      s.available_hours_per_officer = null;
    } else if (key === 'committed_ceiling') {
      const v = parseNumberText(key, value, true);
      const n = typeof v === 'number' ? v : Number(PERCENT_RE.exec(v)![1]) / 100;
      s.committed_ceiling = n;
    } else {
      const v = parseNumberText(key, value, (DEDUCTIONS as readonly string[]).includes(key));
      (s as Record<string, unknown>)[key] = v;
    }
  }
  return checkSettings(s, 'flag');
}

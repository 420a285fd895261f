// Messages about values: optional values loaded empty (row flags), derived values, and units
// resolved within their county.
import type { Entry } from '../message.js';

/** Row flags: a value that did not fit an optional field, loaded as empty. No parameters: they label a flag. */
export const ROW_FLAG_TEXT = {
  flag_date_in_future: { zh: '日期晚于今天，按空值加载', en: 'date in the future; loaded as empty' },
  flag_date_too_far_ahead: { zh: '日期晚于一年之后，按空值加载', en: 'date more than a year ahead; loaded as empty' },
  flag_date_too_early: { zh: '日期过早（早于合理起点），按空值加载', en: 'date before the plausible start; loaded as empty' },
  flag_not_a_date: { zh: '无法识别的日期（如“不详”），按空值加载', en: 'not a readable date (such as "unknown"); loaded as empty' },
  flag_bad_number: { zh: '不是有效数值，按空值加载', en: 'not a usable number; loaded as empty' },
  flag_above_max: { zh: '数值超过合理上限，按空值加载', en: 'value above the plausible maximum; loaded as empty' },
  flag_unknown_code: { zh: '无法识别的取值，按空值加载', en: 'value matches no code; loaded as empty' },
  flag_not_yes_no: { zh: '不是“是/否”，按空值加载', en: 'not yes or no; loaded as empty' },
  flag_id_lost_digits: { zh: '编号以数字格式保存并丢失位数，按空值加载', en: 'identifier stored as a number and lost digits; loaded as empty' },
  flag_text_too_long: { zh: '文字超过 Excel 单元格容量，按空值加载', en: 'text longer than an Excel cell holds; loaded as empty' },
  flag_bad_value: { zh: '取值无法识别，按空值加载', en: 'value could not be read; loaded as empty' },
  flag_value_derived: { zh: '取值无法识别，已由同一行的其他列推断', en: 'value matches no code; derived from another column of the row' },
  ambiguous_unit: { zh: '单位名称在多个县局中都有，无法确定', en: 'unit name exists in several counties' },
} satisfies Record<string, Entry>;

export const VALUES = {
  ...ROW_FLAG_TEXT,
  rows_flagged_optional: {
    zh: '{n} 行有选填项取值无法使用，已按空值加载并标记（{jiceng} status --flags）',
    en: '{n} row(s) had an optional value that could not be used: loaded with it empty and flagged ({jiceng} status --flags)',
  },
  rows_value_derived: {
    zh: '{n} 行的“{column}”无法识别，已按“{from}”列推断',
    en: '{n} row(s): {column} matches no code, derived from the {from} column',
  },
  ambiguous_unit_no_county: {
    zh: '{where}：单位“{unit}”在多个县局中都有（{counties}），文件没有指明县局',
    en: '{where}: unit "{unit}" exists in several counties ({counties}) and the file names no county',
  },
  ambiguous_unit_no_county_hint: {
    zh: '加 --county 县局名称 指明这个文件属于哪个县局，例如 --county {county}',
    en: 'name the county the file belongs to with --county NAME, e.g. --county {county}',
  },
  station_id_other_county: {
    zh: '单位编码已被另一县局（{county}）的单位使用',
    en: 'unit code already used by a unit of another county ({county})',
  },
  county_not_in_workspace: {
    zh: '--county {county} 不是工作区中的县局（现有：{counties}），单位按未注明县局的单位识别：请核对县局名称，或先加载该县局的单位基础信息',
    en: '--county {county} names no county of the workspace (it holds: {counties}); units were looked up among those of no named county: check the name, or load that county\'s stations first',
  },
  county_option_empty: { zh: '--county 不能为空', en: '--county cannot be empty' },
  county_option_empty_hint: { zh: '写县局名称，例如 --county 平安县公安局', en: 'give the county name, e.g. --county 平安县公安局' },
} satisfies Record<string, Entry>;

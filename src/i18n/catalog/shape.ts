// Messages of the shape work (issue 14): the jiceng.json schema's refusals and what it expects.
import type { Entry } from '../message.js';

export const SHAPE = {
  config_unknown_key: { zh: '{path}：未知的设置项 {key}（此处可用：{known}）', en: '{path}: unknown setting {key} (allowed here: {known})' },
  config_unknown_key_hint: { zh: '检查拼写，或删除该项', en: 'check the spelling, or delete the setting' },
  config_wrong_type: { zh: '{path}：{key} 应为{want}，实际为{got}', en: '{path}: {key} should be {want}, not {got}' },
  config_wrong_type_hint: { zh: '改正该值，或删除该项以使用默认值', en: 'fix the value, or delete the setting to use its default' },
  config_want_integer: { zh: '整数', en: 'a whole number' },
  config_want_number: { zh: '数字', en: 'a number' },
  config_want_text: { zh: '文本', en: 'a text' },
  config_want_boolean: { zh: 'true 或 false', en: 'true or false' },
  config_want_null: { zh: 'null', en: 'null' },
  config_want_list: { zh: '列表（每项为{of}）', en: 'a list (each item {of})' },
  config_want_pair: { zh: '两项的列表（{first}，{second}）', en: 'a list of two ({first}, {second})' },
  config_want_object: { zh: '对象（可含 {keys}）', en: 'an object (with any of {keys})' },
  config_want_map: { zh: '对象（每个值为{of}）', en: 'an object (each value {of})' },
  config_want_either: { zh: '以下之一：{options}', en: 'one of: {options}' },
  config_seen_list: { zh: '列表', en: 'a list' },
  config_seen_object: { zh: '对象', en: 'an object' },
  config_seen_text: { zh: '文本 {value}', en: 'the text {value}' },
  config_seen_boolean: { zh: '{value}', en: '{value}' },
  config_seen_number: { zh: '数字 {value}', en: 'the number {value}' },
} satisfies Record<string, Entry>;

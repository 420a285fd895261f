// Messages shared by every command.
import type { Entry } from '../message.js';

export const COMMON = {
  internal_error: { zh: '内部错误：{detail}', en: 'internal error: {detail}' },
  internal_error_hint: { zh: '加 --debug 重新运行查看详情；如果问题持续，请报告', en: 'run again with --debug for details, and report it if it persists' },
  /** Between the items of a list parameter. */
  list_separator: { zh: '；', en: '; ' },
  hint_prefix: { zh: '提示：', en: 'hint: ' },
  warning_prefix: { zh: '警告：', en: 'warning: ' },
  /** Text stored before messages were codes (older workspaces), or from outside jiceng: shown as it is. */
  legacy_text: { zh: '{text}', en: '{text}' },
} satisfies Record<string, Entry>;

// Messages shared by every command.
import type { Entry } from '../message.js';

export const COMMON = {
  internal_error: { zh: '内部错误：{detail}', en: 'internal error: {detail}' },
  internal_error_hint: { zh: '加 --debug 重新运行查看详情；如果问题持续，请报告', en: 'run again with --debug for details, and report it if it persists' },
} satisfies Record<string, Entry>;

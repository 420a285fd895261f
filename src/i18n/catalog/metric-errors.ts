// A metric file that fails when run: its figures' null reason, the warning naming the file and line, and --strict.
import type { Entry } from '../message.js';

export const METRIC_ERRORS = {
  metric_error: { zh: '指标文件出错，未能计算', en: 'the metric file failed, so it was not computed' },
  metric_error_warning: {
    zh: '指标 {id}（{file} 第 {line} 行）出错，其数值记为空，其他指标照常计算：{detail}',
    en: 'metric {id} ({file}, line {line}) failed; its figures are left empty and the other metrics are computed as usual: {detail}',
  },
  metric_file_skipped_warning: {
    zh: '指标文件 {file} 第 {line} 行有误，已跳过该文件（{id}），其他指标照常计算：{detail}',
    en: 'metric file {file}, line {line}, cannot be read, so it was skipped ({id}); the other metrics are computed as usual: {detail}',
  },
  help_opt_strict: {
    zh: '任一指标文件出错即中止（默认：该指标记为空值并给出警告）',
    en: 'stop at the first metric file that fails (default: its figures are left empty, with a warning)',
  },
} satisfies Record<string, Entry>;

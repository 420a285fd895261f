// Writing reports and running the demo: their errors.
import type { Entry } from '../message.js';

export const REPORT = {
  report_unknown_format: { zh: '未知报告格式“{format}”', en: 'unknown report format "{format}"' },
  report_formats_hint: { zh: '格式有：{formats}（例如 --format xlsx,html）', en: 'formats are: {formats} (e.g. --format xlsx,html)' },
  report_no_format: { zh: '没有给出报告格式', en: 'no report format given' },
  report_no_format_hint: { zh: '--format {formats}', en: '--format {formats}' },
  out_dir_is_file: { zh: '该路径（或其上一级）是文件，不是文件夹', en: 'that path (or one above it) is a file, not a folder' },
  out_dir_no_permission: { zh: '没有写入权限', en: 'no permission to write there' },
  report_personal_number: {
    zh: 'HTML 报告未写出：页面中会出现一个与{field}（{code}）相同的号码（个人信息），它多半被填进了其他列（如台账的下发部门、事项）',
    en: 'the HTML report was not written: a page would show a number that is also a {field} ({code}, personal data), most likely typed into another column (a ledger\'s issuer or item)',
  },
  report_personal_number_hint: {
    zh: '找出并改正填在其他列中的{field}后重新加载，或用 --format xlsx 只写工作簿（工作簿中个人信息已遮蔽）',
    en: 'find the {field} typed into another column, correct the export and load it again, or write the workbook only with --format xlsx (it masks personal data)',
  },
  report_out_dir_failed: { zh: '无法创建输出文件夹 {dir}：{detail}', en: 'cannot create the output folder {dir}: {detail}' },
  report_out_dir_failed_hint: { zh: '用 --out DIR 指定一个可写入的文件夹', en: 'pass --out DIR with a folder you can write to' },
  demo_exports_missing: { zh: '在 {dir} 中找不到演示导出表', en: 'demo exports not found in {dir}' },
  demo_exports_missing_hint: { zh: '运行 `npm run fixtures` 生成它们', en: 'run `npm run fixtures` to generate them' },
  demo_files_failed: { zh: '{n} 个演示文件加载失败', en: '{n} demo file(s) failed to load' },
  demo_files_failed_hint: { zh: '见上面各行', en: 'see the lines above' },
} satisfies Record<string, Entry>;

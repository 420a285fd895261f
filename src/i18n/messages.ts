// Chinese for the loader's reasons and warnings. They are stored and printed in --json in English
// (stable, greppable); people at a terminal with --lang zh read them in Chinese.
import type { Lang } from './index.js';

type Replacement = string | ((match: string, ...groups: string[]) => string);

const ZH: Array<[RegExp, Replacement]> = [
  // Row rejections (values.ts, rows.ts, stage.ts)
  [/^required value is empty$/, '必填项为空'],
  [/^not a date$/, '不是日期'],
  [/^day missing$/, '缺少日'],
  [/^month and day missing$/, '缺少月和日'],
  [/^month (\d+) out of range$/, '月份 $1 超出范围'],
  [/^day (\d+) out of range$/, '日 $1 超出范围'],
  [/^hour (\d+) out of range$/, '小时 $1 超出范围'],
  [/^minute (\d+) out of range$/, '分钟 $1 超出范围'],
  [/^second (\d+) out of range$/, '秒 $1 超出范围'],
  [/^year out of range$/, '年份超出范围'],
  [/^number out of date range$/, '数字不在日期范围内'],
  [/^a year without month and day$/, '只有年份，缺少月和日'],
  [/^not a number$/, '不是数字'],
  [/^not a whole number$/, '不是整数'],
  [/^number too large$/, '数字过大'],
  [/^amount too large$/, '金额过大'],
  [/^negative value$/, '不能为负数'],
  [/^uses 万; give the full number$/, '使用了“万”，请填写完整数字'],
  [/^not yes\/no$/, '不是“是/否”'],
  [/^unknown value; expected one of: (.*)$/, '无法识别的取值，应为：$1'],
  [/^ambiguous.*$/, '取值有歧义，可对应多个代码'],
  [/^stored as a number and lost digits.*$/, '以数字格式保存，已丢失位数：请在源文件中将该列设为文本格式'],
  [/^date before (\S+)$/, '日期早于 $1'],
  [/^date in the future$/, '日期晚于今天'],
  [/^date more than a year ahead$/, '日期晚于一年之后'],
  [/^value above the plausible maximum (\S+)$/, '数值超过合理上限 $1'],
  [/^text longer than (\d+) characters.*$/, '文字超过 $1 个字符（超出 Excel 单元格容量）'],
  [/^duplicate key with different values; rows (.*) share it: fix the export so only one remains$/, '键值重复且内容不同：第 $1 行，请修正导出文件只保留一行'],
  // Sheet warnings (load.ts)
  [/^(\S+) taken as "(.*)" \(from the title\)$/, '$1 取自标题：“$2”'],
  [/^(\S+) taken as "(.*)" \(--as-of\)$/, '$1 取自 --as-of：“$2”'],
  [/^(\S+) taken as "(.*)" \(from the sheet name\)$/, '$1 取自工作表名：“$2”'],
  [/^(\S+) read from the (\S+) column \(the file has no (\S+) column\)$/, '文件没有“$3”列，$1 由 $2 列识别'],
  [/^hidden sheet skipped \(pass --include-hidden to load it\)$/, '隐藏工作表未加载（如需加载请加 --include-hidden）'],
  [/^no recognisable header: not a jiceng export, skipped$/, '未找到可识别的表头，不是可加载的导出表，已跳过'],
  [/^empty sheet$/, '空工作表'],
  [/^(\d+) row\(s\) not filled in yet \(answer cells empty\): skipped$/, '$1 行尚未填写（答题格为空），已跳过'],
  [/^(\d+) exact duplicate row\(s\) skipped, the first of each kept: (.*)$/, '$1 行与前面的行完全相同，已跳过（保留第一行）：$2'],
  [/^(\d+) row\(s\) share a key with different values: all rejected$/, '$1 行键值重复且内容不同，均已拒收'],
  [/^(\d+) record\(s\) differ from (.*) loaded earlier \(load (\d+)\): replaced by this file's values$/, '$1 条记录与先前加载的 $2（第 $3 次加载）不一致，已按本文件替换'],
  [/^(\d+) hidden or filtered row\(s\) loaded as data$/, '$1 行隐藏或被筛选的行已作为数据加载'],
  [/^(\d+) formula cell\(s\) have no saved result.*$/, '$1 个公式单元格没有保存计算结果，按空值读取：请在 Excel 或 WPS 中打开并保存后再加载'],
  [/^(\d+) station\(s\) with population 0 loaded and flagged.*$/, '$1 个派出所人口为 0，已加载并标记：其每万人指标为空（jiceng status --flags）'],
  [/^total row (\d+): (.*) says (\S+) but the loaded rows sum to (\S+)(.*)$/, '合计行（第 $1 行）：$2 为 $3，但已加载各行合计为 $4$5'],
  [/^ \((\d+) row\(s\) were rejected\)$/, '（另有 $1 行被拒收）'],
  // A sheet that cannot be loaded (load.ts), and its hints
  [
    /^(.*): looks like (\S+) but has no column for required field (\S+) \((.*?)\); headers seen: (.*?)(?:; closest: "(.*)")?$/,
    (_m, where, kind, field, aliases, seen, closest) =>
      `${where}：看起来是 ${kind} 表，但缺少必填字段 ${field}（${aliases}）的列；现有表头：${seen}${closest ? `；最接近的是“${closest}”` : ''}`,
  ],
  [/^map it with --map \(e\.g\. (.*)\)$/, '用 --map 指定映射，例如 $1'],
  [/^add a column headed (\S+), or map an existing one with --map$/, '添加表头为“$1”的列，或用 --map 把现有列映射过去'],
];

/** The message in the chosen language; English as written, Chinese where a translation is known. */
export function localizeMessage(text: string, lang: Lang): string {
  if (lang !== 'zh') return text;
  for (const [re, zh] of ZH) {
    if (re.test(text)) {
      const out = typeof zh === 'string' ? text.replace(re, zh) : text.replace(re, zh as (m: string, ...g: string[]) => string);
      // A trailing clause that is itself a known message (e.g. "(2 row(s) were rejected)").
      return out.replace(/ \((\d+) row\(s\) were rejected\)$/, '（另有 $1 行被拒收）');
    }
  }
  return text;
}

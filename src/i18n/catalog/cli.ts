// The command line itself: help headings and texts of every command and option, commander's own
// errors, the language choice.
import type { Entry } from '../message.js';

export const CLI = {
  // Language
  bad_lang: { zh: '不支持的语言“{value}”（{source}）', en: 'unknown language "{value}" ({source})' },
  bad_lang_hint: { zh: '可选语言：zh（中文）、en（英文），例如 --lang zh', en: 'languages are: zh (Chinese), en (English), e.g. --lang en' },

  // Help headings and commander's fixed words
  help_usage: { zh: '用法：', en: 'Usage:' },
  help_options: { zh: '选项：', en: 'Options:' },
  help_global_options: { zh: '全局选项：', en: 'Global Options:' },
  help_commands: { zh: '命令：', en: 'Commands:' },
  help_arguments: { zh: '参数：', en: 'Arguments:' },
  help_options_token: { zh: '[选项]', en: '[options]' },
  help_command_token: { zh: '[命令]', en: '[command]' },
  help_default: { zh: '默认：{value}', en: 'default: {value}' },
  help_choices: { zh: '可选：{values}', en: 'choices: {values}' },
  help_env: { zh: '环境变量：{name}', en: 'env: {name}' },
  help_preset: { zh: '预设：{value}', en: 'preset: {value}' },
  help_help_option: { zh: '显示命令帮助', en: 'display help for command' },
  help_help_command: { zh: '显示某个命令的帮助', en: 'display help for command' },
  help_version_option: { zh: '显示版本号', en: 'output the version number' },

  // Commander's errors
  cli_unknown_command: { zh: '未知命令“{name}”', en: "unknown command '{name}'" },
  cli_unknown_command_suggest: { zh: '未知命令“{name}”，是不是要用 {suggestion}？', en: "unknown command '{name}' (did you mean {suggestion}?)" },
  cli_unknown_option: { zh: '未知选项“{flag}”', en: "unknown option '{flag}'" },
  cli_unknown_option_suggest: { zh: '未知选项“{flag}”，是不是要用 {suggestion}？', en: "unknown option '{flag}' (did you mean {suggestion}?)" },
  cli_missing_argument: { zh: '缺少必需的参数 {name}', en: "missing required argument '{name}'" },
  cli_option_missing_argument: { zh: '选项 {flags} 缺少取值', en: "option '{flags}' argument missing" },
  cli_missing_mandatory_option: { zh: '必须给出选项 {flags}', en: "required option '{flags}' not specified" },
  cli_conflicting_option: { zh: '选项 {a} 不能与 {b} 同时使用', en: "option '{a}' cannot be used with '{b}'" },
  cli_excess_arguments: { zh: '{command} 的参数过多：应为 {expected} 个，实际 {got} 个', en: "too many arguments for '{command}': expected {expected}, got {got}" },
  cli_usage_hint: { zh: '运行 {command} --help 查看用法', en: 'run {command} --help for usage' },

  // The program and its global options
  help_program: { zh: '基层：县公安局季度考核、警力配置与案件倒查', en: '基层 (jiceng): quarterly assessment, staffing and case backtracking for county public-security bureaus' },
  help_opt_workspace: { zh: '工作区文件夹（默认：$JICENG_WORKSPACE 或当前文件夹）', en: 'workspace folder (default: $JICENG_WORKSPACE or the current folder)' },
  help_opt_lang: { zh: '界面语言：zh 或 en（默认：$JICENG_LANG，否则 zh）', en: 'output language: zh or en (default: $JICENG_LANG, else zh)' },
  help_opt_debug: { zh: '出错时显示调用栈', en: 'show stack traces on errors' },

  // Options several commands share
  help_opt_json: { zh: '输出 JSON', en: 'print JSON' },
  help_opt_json_document: { zh: '输出一个 JSON 文档', en: 'print one JSON document' },
  help_opt_quarter: { zh: '季度：2026Q3、2026-Q3、2026年第三季度、2026年3季度（默认：有案件数据的最近一个季度）', en: 'quarter: 2026Q3, 2026-Q3, 2026年第三季度, 2026年3季度 (default: the latest with case data)' },

  // init
  help_init: { zh: '在 dir 或当前文件夹创建工作区（jiceng.duckdb + jiceng.json）', en: 'create a workspace (jiceng.duckdb + jiceng.json) in dir or the current folder' },

  // load
  help_load: { zh: '把 xlsx/csv/tsv/txt 导出表（文件夹：其中所有此类文件）加载进工作区', en: 'load xlsx/csv/tsv/txt exports (a folder: every such file in it) into the workspace' },
  help_load_kind: { zh: '按此类别加载，不自动识别（逗号分隔：一张表按多个类别加载）', en: 'load as this kind instead of detecting it (comma list: one sheet as several kinds)' },
  help_load_map: { zh: '映射文件：按类别补充表头别名和常量（JSON）', en: 'mapping file: extra header aliases and constants per kind (JSON)' },
  help_load_encoding: { zh: 'CSV/TXT 文件的编码：utf-8、gb18030、utf-16le、utf-16be（默认：自动识别）', en: 'text encoding of CSV/TXT files: utf-8, gb18030, utf-16le, utf-16be (default: detected)' },
  help_load_as_of: {
    zh: '花名册和警力统计表缺少“统计日期”列时使用的统计日期；案件、信访导出表的数据日期',
    en: 'snapshot date for rosters and headcount tables that lack a 统计日期 column; the data date of case and petition exports',
  },
  help_inspect: {
    zh: '不改动工作区，显示每张表将如何加载（类别、列 → 字段及依据、行数）',
    en: 'show how each sheet would load (kind, columns → fields with evidence, rows), without touching the workspace',
  },
  help_inspect_kind: { zh: '按此类别检查，不自动识别（逗号分隔）', en: 'inspect as this kind instead of detecting it (comma list)' },
  help_inspect_map: { zh: '要试用的映射文件（JSON，同 load）', en: 'mapping file to try (JSON, as for load)' },
  help_inspect_write_map: { zh: '把所用映射写成 --map 文件，修改后交给 load 使用', en: 'write the mapping used as a --map file, to correct and pass to load' },
  help_inspect_encoding: { zh: 'CSV/TXT 文件的编码（默认：自动识别）', en: 'text encoding of CSV/TXT files (default: detected)' },
  help_inspect_include_hidden: { zh: '也检查隐藏的工作表', en: 'also inspect hidden sheets' },
  help_mappings: {
    zh: '列出工作区按表头特征记住的 --map 映射（以后同样表头的导出表无需再加参数）',
    en: 'list the --map mappings the workspace remembers by header signature (used again without flags)',
  },
  help_mappings_forget: {
    zh: '忘记一个记住的映射（编号见 `{jiceng} mappings`）：下次加载需要重新给 --map',
    en: 'forget a remembered mapping (its id from `{jiceng} mappings`): the next load needs --map again',
  },
  help_export: { zh: '把规范表（含来源信息）和指标值写成分区的 Parquet 数据湖', en: 'write the canonical tables (with provenance) and the metric values as a partitioned Parquet lake' },
  help_export_parquet: { zh: '数据湖文件夹：<表>/county=…/quarter=…/*.parquet、schema.json、manifest.json', en: 'the lake folder: <table>/county=…/quarter=…/*.parquet, schema.json, manifest.json' },
  help_export_county: { zh: '只导出这个县局；单位表未写县局时，用作本工作区的县局名', en: 'export this county only; in a workspace whose stations name no county, the name to give it' },
  help_export_json: { zh: '以 JSON 输出清单', en: 'print the manifest as JSON' },
  help_load_county: {
    zh: '文件所属县局（文件没有“所属县局”列时）：单位名称只在该县局的单位中查找',
    en: 'the county the files belong to, for files without a county column: unit names are resolved among its units',
  },
  help_opt_as_of_data: {
    zh: '数据日期（案件、信访导出数据截至的日期），代替加载时记录的日期',
    en: 'the data date (the day the case and petition exports are true as of) instead of the one recorded at load',
  },
  help_metrics_trend: {
    zh: '最近 N 个有数据季度的重点指标趋势（默认 8 个），截至 --quarter；可用 --metric 另选指标',
    en: 'the headline metrics over the last N quarters with data (default 8), ending at --quarter; --metric picks others',
  },
  help_metrics_quarters: {
    zh: '某一区间内有数据季度的趋势，例如 2025Q4..2026Q3（含 --trend）',
    en: 'the trend over the quarters with data in a range, e.g. 2025Q4..2026Q3 (implies --trend)',
  },
  help_report_quarters: {
    zh: '趋势部分的季度区间，例如 2025Q4..2026Q3（默认：截至 --quarter 最多 8 个有数据的季度）',
    en: 'the quarters of the trend section, e.g. 2025Q4..2026Q3 (default: up to 8 with data, ending at --quarter)',
  },
  help_report_county: { zh: '工作区有多个县局时：只写这个县局的报告', en: "in a workspace of several counties: write only this county's report" },
  help_report_prefecture: { zh: '工作区有多个县局时：只写市局报告（各县局并列对比）', en: 'in a workspace of several counties: write only the prefecture report (counties side by side)' },
  help_load_include_hidden: { zh: '也加载隐藏的工作表', en: 'also load hidden sheets' },
  help_load_json: { zh: '输出一个 JSON 文档，含每个文件和工作表的结果', en: 'print one JSON document with the result of every file and sheet' },

  // status
  help_status: { zh: '显示工作区内容：各类别的行数和期间、加载记录、拒收行和存疑行', en: 'show what the workspace holds: rows and periods per kind, loads, rejects and flagged rows' },
  help_status_rejects: { zh: '列出每一条拒收行（文件、工作表、行、列、原因）', en: 'list every rejected row (file, sheet, row, column, reason)' },
  help_status_flags: { zh: '列出每一条存疑行（未知单位、无法归类的岗位、身份证号无效、人口为 0）', en: 'list every flagged row (unknown unit, unclassified post, invalid ID number, population 0)' },

  // metrics
  help_metrics: { zh: '计算各派出所和全县的季度指标（metrics/*.sql）', en: 'compute the quarterly metrics (metrics/*.sql) for every station and the county' },
  help_metrics_compare: { zh: '加上另一季度（默认：上一季度）的值和变化', en: 'add the value of another quarter (default: the previous one) and the change' },
  help_metrics_station: { zh: '派出所编号或名称（可重复，或用逗号分隔）', en: 'a station id or name (repeat, or a comma list)' },
  help_metrics_metric: { zh: '指标编号或分组：staffing、workload、report_burden、petitions、backtracking、integrity（可重复，或用逗号分隔）', en: 'a metric id or a group: staffing, workload, report_burden, petitions, backtracking, integrity (repeat, or a comma list)' },
  help_metrics_list: { zh: '列出指标定义（名称、分组、单位、方向、阈值）', en: 'list the metric definitions (name, group, unit, direction, thresholds)' },
  help_metrics_score: { zh: '派出所计分卡：各所加权得分和名次，列出每项贡献（权重在 jiceng.json 的 "scorecard"）', en: 'station scorecard: weighted score and rank per station, every contribution shown (weights in jiceng.json "scorecard")' },
  help_metrics_csv: { zh: '输出 CSV（每个指标和派出所或全县一行）', en: 'print CSV (one row per metric and station or county)' },
  help_metrics_dir: { zh: '另一个指标文件夹（同编号的指标以此为准）', en: 'a further folder of metric files (overrides metrics of the same id)' },

  // report
  help_report: { zh: '生成季度报告：Excel 工作簿和离线 HTML 文件（图表内嵌，不含个人信息）', en: 'write the quarterly report: an Excel workbook and an offline HTML file (charts inline, no personal data)' },
  help_report_compare: { zh: '加上与另一季度（默认：上一季度）相比的变化', en: 'add the change from another quarter (default: the previous one)' },
  help_report_out: { zh: '输出文件夹', en: 'output folder' },
  help_report_format: { zh: 'xlsx、html 或两者，逗号分隔', en: 'xlsx, html or both, comma-separated' },
  help_report_personal: { zh: '在工作簿中显示未遮盖的身份证号、电话和姓名（HTML 中从不显示）', en: 'show ID numbers, phones and names unmasked in the workbook (never in the HTML)' },
  help_report_json: { zh: '以 JSON 输出所写文件的路径', en: 'print the written file paths as JSON' },

  // sample
  help_sample: { zh: '案件倒查：抽取带种子的样本、生成审核工作簿、核验、评估倒查结果', en: 'case backtracking: draw a seeded sample, write the auditor workbook, verify it, evaluate findings' },
  help_sample_draw: { zh: '抽取本季度的倒查样本：按派出所（和案件类型）分层，带种子，可复现', en: "draw the quarter's backtracking sample: stratified by station (and case type), seeded, reproducible" },
  help_sample_quarter: { zh: '季度，例如 2026Q3（默认：有案件的最近一个季度）', en: 'quarter, e.g. 2026Q3 (default: the latest quarter with cases)' },
  help_sample_rate: { zh: '每层抽取比例，例如 0.10 或 10%（默认：配置 sample.rate，0.10）', en: 'share to draw in every stratum, e.g. 0.10 or 10% (default: config sample.rate, 0.10)' },
  help_sample_seed: { zh: '抽样种子（默认：随机生成并打印）；种子和总体相同，样本就相同', en: 'seed of the draw (default: a random one, printed); the same seed and population give the same sample' },
  help_sample_stratify: { zh: '分层：station 加上 case_type、category 中的任意项（默认：station,case_type）', en: 'strata: station plus any of case_type, category (default: station,case_type)' },
  help_sample_min: { zh: '每个非空层至少抽取的案件数（默认 1）', en: 'cases drawn at least from every non-empty stratum (default 1)' },
  help_sample_above: { zh: '涉案金额高于此数（元）的案件全部抽取，单独计数', en: 'take every case with an amount above this (yuan) with certainty, counted apart' },
  help_sample_out: { zh: '要写的工作簿（默认：工作区内 reports/倒查样本_<季度>_<样本编号>.xlsx）', en: 'workbook to write (default: reports/倒查样本_<quarter>_<sample id>.xlsx in the workspace)' },
  help_sample_no_workbook: { zh: '只保存样本，不生成工作簿', en: 'store the sample without writing the workbook' },
  help_sample_json_manifest: { zh: '以 JSON 输出样本清单', en: 'print the manifest as JSON' },
  help_sample_verify: { zh: '把样本工作簿（FILE.xlsx）或已保存的样本（SAMPLE_ID）与重新抽取的结果核对', en: 'check a sample workbook (FILE.xlsx) or a stored sample (SAMPLE_ID) against a fresh re-derivation of the draw' },
  help_sample_json_report: { zh: '以 JSON 输出核验结果', en: 'print the report as JSON' },
  help_sample_size: { zh: '属性抽样样本量（AICPA）：精确二项分布，给出总体 N 时用超几何分布', en: 'attribute-sampling sample size (AICPA): exact binomial, or hypergeometric for a population of N' },
  help_sample_confidence: { zh: '置信水平，例如 0.95 或 95%', en: 'confidence level, e.g. 0.95 or 95%' },
  help_sample_tolerable: { zh: '可容忍偏差（问题）率，例如 0.05 或 5%', en: 'tolerable deviation (defect) rate, e.g. 0.05 or 5%' },
  help_sample_expected: { zh: '总体中预期的偏差率（默认 0）', en: 'expected deviation rate in the population (default 0)' },
  help_sample_population: { zh: '总体大小：使用精确的超几何模型', en: 'population size: use the exact hypergeometric model' },
  help_sample_findings: { zh: '样本各派出所和全县的问题率（精确 Clopper–Pearson）；尚无结果时，说明样本能证明什么', en: 'defect rates of a sample per station and for the county (exact Clopper–Pearson); before findings, what the sample can prove' },
  help_sample_findings_quarter: { zh: '该季度最近一次样本（默认：最近一次样本）', en: 'the latest sample of this quarter (default: the latest sample)' },
  help_sample_list: { zh: '工作区中保存的样本，最新的在前', en: 'the samples stored in the workspace, newest first' },
  help_sample_list_quarter: { zh: '只列这个季度', en: 'only this quarter' },
  help_sample_workbook: { zh: '重新生成已保存样本的审核工作簿', en: "write a stored sample's auditor workbook again" },

  // plan
  help_plan: { zh: '警力与工作量：各派出所需要的一线民警（工作量工时 ÷（可用工时 × 60%））与实有民警对比', en: 'staffing against workload: frontline officers each station needs (workload hours ÷ (available hours × 60%)), against those it has' },
  help_plan_csv: { zh: '输出 CSV：派出所表（或 --move / --vary 的表）', en: 'print CSV: the station table (or the --move / --vary table)' },
  help_plan_move: { zh: '假设调整：从机关（hq、specialist）逐一调 N 名民警到缺口最大的派出所', en: 'what-if: move N sworn officers from organs (hq, specialist) to the stations with the largest shortfall, one at a time' },
  help_plan_from: { zh: '与 --move 一起用：只从这个机关（编号或名称）调出', en: 'with --move: take them only from this organ (id or name)' },
  help_plan_vary: { zh: '敏感性：把某个参数上下浮动 ±r 后重算（例如 hours_per_case=±20%；可重复）。参数：{params}', en: 'sensitivity: recompute with a parameter at ±r (e.g. hours_per_case=±20%; repeat). Parameters: {params}' },
  help_plan_hours_per_case: { zh: '每起案件按类型的警力工时，例如 刑事=20,治安=8（criminal=20,public_security=8）', en: 'officer-hours per case by type, e.g. criminal=20,public_security=8 (刑事=20,治安=8)' },
  help_plan_hours_per_category: { zh: '某一案由每起案件的警力工时（优先于类型），例如 诈骗=30,盗窃=16', en: 'officer-hours per case of a category (case cause), overriding its type, e.g. 诈骗=30,盗窃=16' },
  help_plan_hours_per_petition: { zh: '每件信访的警力工时', en: 'officer-hours per petition' },
  help_plan_scheduled: { zh: '每名民警每季度排班工时（40 小时 × 13 周 = 520）', en: 'scheduled hours per officer per quarter (40 h × 13 weeks = 520)' },
  help_plan_leave: { zh: '每名民警每季度节假日和年休假工时，或占排班工时的百分比', en: 'holiday and annual leave hours per officer per quarter, or a % of the scheduled hours' },
  help_plan_training: { zh: '每名民警每季度培训工时，或占排班工时的百分比', en: 'training hours per officer per quarter, or a % of the scheduled hours' },
  help_plan_absence: { zh: '每名民警每季度病假及其他缺勤工时，或占排班工时的百分比', en: 'sickness and other absence hours per officer per quarter, or a % of the scheduled hours' },
  help_plan_available: { zh: '直接设定每名民警每季度可用工时（否则为 排班 − 休假 − 培训 − 缺勤）', en: 'available hours per officer per quarter, set outright (else scheduled − leave − training − absence)' },
  help_plan_ceiling: { zh: '可用时间中用于工作量的上限（ICMA 60% 规则：0.6 或 60%）', en: 'most of the available time committed to workload (ICMA rule of 60: 0.6 or 60%)' },
  help_plan_ledger_hours: { zh: '把派出所台账记录的工时计入工作量（默认）', en: "count the stations' recorded ledger hours as workload (the default)" },
  help_plan_no_ledger_hours: { zh: '工作量不计台账工时', en: 'leave the ledger hours out of the workload' },
  help_plan_set: { zh: '设置任一参数（可重复）：{keys}', en: 'set any parameter (repeat): {keys}' },
  help_plan_after: {
    zh: '\n参数依次取默认值、jiceng.json 的 "plan" 节、再取这些选项。\n  所需一线民警 = 工作量工时 ÷（每名民警可用工时 × 上限）\n  缺口 = 实有一线民警 − 所需（负数：不足）；利用率 = 工作量 ÷（实有 × 可用工时）\n示例：\n  {jiceng} plan --quarter 2026Q3\n  {jiceng} plan --move 5 --from 刑侦大队\n  {jiceng} plan --vary hours_per_case=±20% --vary committed_ceiling=±10%\n  {jiceng} plan --hours-per-case criminal=24,public_security=6 --ceiling 55% --json',
    en: '\nParameters come from the defaults, then the "plan" section of jiceng.json, then these flags.\n  required frontline = workload hours / (available hours per officer × ceiling)\n  gap = actual frontline sworn − required (negative: short); utilisation = workload / (actual × available hours)\nExamples:\n  {jiceng} plan --quarter 2026Q3\n  {jiceng} plan --move 5 --from 刑侦大队\n  {jiceng} plan --vary hours_per_case=±20% --vary committed_ceiling=±10%\n  {jiceng} plan --hours-per-case criminal=24,public_security=6 --ceiling 55% --json',
  },

  json_and_csv: { zh: '--json 和 --csv 只能选一个', en: '--json and --csv cannot be used together' },
  json_and_csv_hint: { zh: '要 JSON 文档用 --json，要表格数据用 --csv', en: 'use --json for a JSON document, --csv for rows of a table' },

  // demo
  help_demo: { zh: '把自带的演示县加载进新的工作区，显示其内容并生成季度报告（xlsx 和 html）', en: 'load the bundled demo county into a fresh workspace, show what it holds and write its quarterly report (xlsx and html)' },
  help_demo_out: { zh: '报告的输出文件夹（演示工作区放在 <dir>/demo-workspace）', en: 'output folder for the reports (the demo workspace goes in <dir>/demo-workspace)' },
} satisfies Record<string, Entry>;

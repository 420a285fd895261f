// Words of the terminal views: the column titles, headings and lines printed by status, metrics,
// load, demo, init and report (formerly inline {zh, en} pairs in the views themselves).
import type { Entry } from '../message.js';

export const VIEWS = {
  // Column titles, shared by the views that show the same column.
  view_col_kind: { zh: '类别', en: 'kind' },
  view_col_rows: { zh: '行数', en: 'rows' },
  view_col_periods: { zh: '覆盖期间', en: 'periods' },
  view_col_loads: { zh: '加载次数', en: 'loads' },
  view_col_rejected: { zh: '拒收', en: 'rejected' },
  view_col_flagged: { zh: '存疑', en: 'flagged' },
  view_col_file: { zh: '文件', en: 'file' },
  view_col_sheet: { zh: '工作表', en: 'sheet' },
  view_col_issue: { zh: '问题', en: 'issue' },
  view_col_field: { zh: '字段', en: 'field' },
  view_col_value: { zh: '填写内容', en: 'value' },
  view_col_unit: { zh: '单位', en: 'unit' },
  view_col_station: { zh: '单位', en: 'station' },
  view_col_row: { zh: '行', en: 'row' },
  view_col_column: { zh: '列', en: 'column' },
  view_col_reason: { zh: '原因', en: 'reason' },
  view_col_quarter: { zh: '季度', en: 'quarter' },
  view_col_indicator: { zh: '指标', en: 'indicator' },
  view_col_declared: { zh: '上报', en: 'declared' },
  view_col_recorded: { zh: '案件记录', en: 'recorded' },
  view_col_gap: { zh: '差额', en: 'gap' },
  view_col_group: { zh: '分组', en: 'group' },
  view_col_title: { zh: '名称', en: 'title' },
  view_col_direction: { zh: '方向', en: 'direction' },
  view_col_dir: { zh: '方向', en: 'dir' },
  view_col_thresholds: { zh: '阈值', en: 'thresholds' },
  view_col_rank: { zh: '名次', en: 'rank' },
  view_col_score: { zh: '得分', en: 'score' },
  view_col_weight: { zh: '权重', en: 'weight' },
  view_col_weight_used: { zh: '计分权重', en: 'weight used' },
  view_col_missing: { zh: '缺值指标（不计分）', en: 'missing (not scored)' },
  view_col_metric: { zh: '指标', en: 'metric' },
  view_none: { zh: '无', en: 'none' },

  // status
  view_status_workspace: { zh: '工作区 {dir}', en: 'Workspace {dir}' },
  view_status_flags_heading: { zh: '存疑数据（已加载，请核对）', en: 'Flagged rows (loaded; please check)' },
  view_status_gaps_heading: { zh: '统计数字不实（上报数与案件记录不符）', en: 'Declared statistics that differ from the case records' },
  view_status_rejects_heading: { zh: '拒收的行', en: 'Rejected rows' },
  view_status_rejects_total: { zh: '共 {n} 行被拒收。列出：{jiceng} status --rejects', en: '{n} rows rejected. List them: {jiceng} status --rejects' },
  view_status_nothing_loaded: { zh: '尚未加载任何数据。下一步：{jiceng} load <导出文件或文件夹>', en: 'Nothing loaded yet. Next: {jiceng} load <exports>' },

  // metrics: the quarter's tables
  view_metrics_heading: { zh: '{q} 季度指标（{s} 至 {e}）', en: 'Metrics for {q} ({s} to {e})' },
  view_metrics_heading_compare: { zh: '；括号内为较 {c} 的变化', en: '; in brackets: change since {c}' },
  view_metrics_breach_legend: { zh: '* 未达阈值', en: '* threshold breached' },
  view_metrics_gap_criminal: { zh: '刑事案件受理数', en: 'criminal cases received' },
  view_metrics_gap_public_security: { zh: '治安案件受理数', en: 'public-security cases received' },
  view_metrics_gap_line: { zh: '! {who}：{ind}（{date}）上报 {dec}，案件台账 {rec}，差 {gap}', en: '! {who}: {ind} ({date}) declared {dec}, recorded {rec}, gap {gap}' },
  view_metrics_flags_heading: { zh: '加载时存疑的行（已加载；单位不明的行未计入所站指标）', en: 'Rows flagged at load (loaded; rows with an unknown unit are left out of station values)' },
  view_metrics_flags_list: { zh: '逐行列出：{jiceng} status --flags', en: 'List every row: {jiceng} status --flags' },

  // metrics --score
  view_score_heading: { zh: '{q} 派出所综合评分（{m}）', en: 'Station scorecard {q} ({m})' },
  view_score_contributions_heading: { zh: '各指标得分贡献（分；括号内为指标值）', en: 'Contribution of each metric (points; value in brackets)' },
  view_score_total: { zh: '合计得分', en: 'score' },
  view_score_formula: {
    zh: '得分 = 100 × Σ 权重 × 标准化值 / Σ 有值指标的权重；标准化值：本县最好的所为 1、最差为 0（{m}）；↑ 越高越好，↓ 越低越好，→0 越接近 0 越好。',
    en: 'score = 100 × Σ weight × normalised / Σ weights of metrics with a value; normalised: best station of the county 1, worst 0 ({m}); ↑ higher is better, ↓ lower is better, →0 closer to 0 is better.',
  },

  // load: a line per sheet, and the closing summary
  view_load_sheet_unchanged: { zh: '= {where} → {kind}：已加载过，{n} 行均无变化，工作区未改动', en: '= {where} → {kind}: already loaded; all {n} rows unchanged, workspace left as it was' },
  view_load_sheet_loaded: {
    zh: '✓ {where} → {kind}：接收 {loaded} 行（新增 {added}，更新 {updated}，无变化 {unchanged}），跳过 {skipped}，拒收 {rejected}',
    en: '✓ {where} → {kind}: {loaded} rows accepted ({added} new, {updated} updated, {unchanged} unchanged), {skipped} skipped, {rejected} rejected',
  },
  view_load_files_refused: { zh: '{files} 个文件未能加载（原因见上）', en: '{files} files not loaded (see above)' },
  view_load_rows_rejected: { zh: '拒收 {n} 行', en: '{n} row(s) rejected' },
  view_load_sheets_failed: { zh: '{n} 个工作表未能加载', en: '{n} sheet(s) not loaded' },
  view_load_files_failed: { zh: '{n} 个文件未能加载', en: '{n} file(s) not loaded' },
  view_load_next_rejects: { zh: '。逐行原因：{jiceng} status --rejects', en: '. Row by row: {jiceng} status --rejects' },
  view_load_see_above: { zh: '（原因见上）', en: ' (see above)' },
  view_load_no_files: { zh: '没有找到可加载的文件（xlsx、xls、csv、tsv、txt）', en: 'no loadable files found (xlsx, xls, csv, tsv, txt)' },
  view_load_progress: { zh: '{file} [{sheet}] {rows} 行', en: '{file} [{sheet}] {rows} rows' },

  // init
  view_init_created: { zh: '已创建工作区：{dir}\n下一步：{jiceng} load <导出文件或文件夹> -w {dir}', en: 'Created workspace {dir}\nNext: {jiceng} load <exports> -w {dir}' },
  view_init_exists: { zh: '工作区已存在：{dir}（未改动）', en: 'Workspace already exists: {dir} (left as it was)' },

  // demo
  view_demo_workspace: { zh: '演示工作区：{dir}', en: 'Demo workspace: {dir}' },
  view_demo_sample: { zh: '倒查样本 {id}（种子 {seed}）：从 {pop} 件中抽取 {n} 件', en: 'Backtracking sample {id} (seed {seed}): {n} of {pop} cases' },
  view_demo_explore: { zh: '继续探索：{jiceng} status --rejects -w {dir}', en: 'Explore: {jiceng} status --rejects -w {dir}' },
  view_demo_report_again: { zh: '重新生成报告：{jiceng} report -w {dir} --compare', en: 'Report again: {jiceng} report -w {dir} --compare' },

  // report (and demo): the reports written
  view_report_written: { zh: '{q} 季度报告{c}：', en: 'Report for {q}{c}:' },
  view_report_compared: { zh: '（对比 {p}）', en: ' (compared with {p})' },
} satisfies Record<string, Entry>;

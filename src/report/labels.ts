// Words of the reports in both languages: sheet and section names, column headers, code labels.
import { tr, type Lang, type Text } from '../i18n/index.js';
import { FLAG_LABELS } from '../quality/flags.js';

export type { Lang, Text };
export const t = (text: Text, lang: Lang, vars?: Record<string, string | number>): string => tr(text, lang, vars);

/** Sheet names (≤ 31 characters, none of : \ / ? * [ ]) and HTML section titles. */
export const SHEETS = {
  summary: { zh: '封面汇总', en: 'Summary' },
  plan: { zh: '警力与工作量', en: 'Staffing vs workload' },
  quality: { zh: '数据质量', en: 'Data quality' },
  provenance: { zh: '数据来源', en: 'Provenance' },
  changes: { zh: '季度变化', en: 'Quarter change' },
} satisfies Record<string, Text>;

/** Short group names for sheet tabs (the long titles are in metrics/format.ts GROUP_TITLES). */
export const GROUP_SHEETS: Record<string, Text> = {
  staffing: { zh: '警力配置', en: 'Staffing' },
  workload: { zh: '工作负荷', en: 'Workload' },
  report_burden: { zh: '报表台账负担', en: 'Report burden' },
  petitions: { zh: '信访', en: 'Petitions' },
  backtracking: { zh: '案件倒查', en: 'Backtracking' },
  integrity: { zh: '统计真实性', en: 'Statistics integrity' },
  other: { zh: '自定义指标', en: 'Other metrics' },
};

export const L = {
  reportTitle: { zh: '{county}{quarter}基层警务季度评估报告', en: '{county}: quarterly assessment {quarter}' },
  period: { zh: '{start} 至 {end}', en: '{start} to {end}' },
  comparedWith: { zh: '对比季度：{q}', en: 'Compared with {q}' },
  generated: { zh: '生成时间：{at}（jiceng {v}）', en: 'Generated {at} (jiceng {v})' },
  countyRow: { zh: '{county}（全县）', en: '{county} (county)' },
  countyFallback: { zh: '全县', en: 'County' },
  manyCounties: { zh: '多县', en: 'counties' },
  station: { zh: '单位', en: 'Unit' },
  stationId: { zh: '单位编码', en: 'Unit id' },
  areaType: { zh: '辖区类型', en: 'Area' },
  metric: { zh: '指标', en: 'Metric' },
  metricId: { zh: '指标代码', en: 'Metric id' },
  unit: { zh: '单位（量纲）', en: 'Unit of measure' },
  value: { zh: '本季度', en: 'This quarter' },
  previous: { zh: '上季度', en: 'Previous' },
  previousQ: { zh: '{q}', en: '{q}' },
  change: { zh: '变化', en: 'Change' },
  changeOf: { zh: '{m} 变化', en: '{m} change' },
  threshold: { zh: '阈值', en: 'Threshold' },
  breach: { zh: '未达阈值', en: 'Breach' },
  breachMark: { zh: '是', en: 'yes' },
  notes: { zh: '说明', en: 'Notes' },
  countyFigures: { zh: '全县主要指标', en: 'County figures' },
  scorecard: { zh: '派出所综合评分与排名', en: 'Station scorecard and ranks' },
  rank: { zh: '名次', en: 'Rank' },
  score: { zh: '得分', en: 'Score' },
  weightUsed: { zh: '计分权重', en: 'Weights used' },
  missing: { zh: '缺值指标（不计分）', en: 'Missing (not scored)' },
  breaches: { zh: '未达阈值事项', en: 'Threshold breaches' },
  noBreaches: { zh: '本季度无未达阈值的指标。', en: 'No metric breaches its threshold this quarter.' },
  scope: { zh: '范围', en: 'Scope' },
  group: { zh: '类别', en: 'Group' },
  definition: { zh: '口径', en: 'Definition' },
  scoreNote: {
    zh: '得分 = 100 × Σ 权重 × 标准化值 / Σ 有值指标的权重；标准化值：本县最好的所为 1、最差为 0（{method}）。',
    en: 'Score = 100 × Σ weight × normalised value / Σ weights of the metrics with a value; normalised: best station of the county 1, worst 0 ({method}).',
  },
  pp: { zh: '百分点', en: 'percentage points' },
  // Data quality
  rejects: { zh: '拒收的行', en: 'Rejected rows' },
  rejectsSummary: { zh: '拒收原因汇总', en: 'Rejects by reason' },
  rejectsNone: { zh: '没有拒收的行。', en: 'No rows were rejected.' },
  rejectsShown: { zh: '共 {n} 行拒收，此处列出前 {m} 行。', en: '{n} rejected rows; the first {m} are listed.' },
  flags: { zh: '已加载但存疑的行', en: 'Rows loaded with a flag' },
  flagsSummary: { zh: '存疑情况汇总', en: 'Flags by kind' },
  flagsNone: { zh: '没有存疑的行。', en: 'No rows were flagged.' },
  gaps: { zh: '上报受理数与案件台账不符（数字不实）', en: 'Declared case counts that the case records do not support' },
  gapsNone: { zh: '本季度上报数与案件台账一致。', en: 'Declared counts agree with the case records this quarter.' },
  file: { zh: '文件', en: 'File' },
  sheet: { zh: '工作表', en: 'Sheet' },
  kind: { zh: '数据类别', en: 'Kind' },
  row: { zh: '行号', en: 'Row' },
  column: { zh: '列', en: 'Column' },
  reason: { zh: '原因', en: 'Reason' },
  flag: { zh: '问题', en: 'Flag' },
  written: { zh: '填写内容', en: 'As written' },
  rows: { zh: '行数', en: 'Rows' },
  record: { zh: '记录编号', en: 'Record' },
  person: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '联系电话', en: 'Phone' },
  maskedNote: {
    zh: '个人信息已脱敏（身份证号保留前 6 位和后 4 位，电话保留前 3 位和后 4 位，姓名只保留姓）；需要原文时用 --include-personal-data 重新生成。',
    en: 'Personal data is masked (ID numbers keep the first 6 and last 4 characters, phones the first 3 and last 4 digits, names the surname); regenerate with --include-personal-data to show it.',
  },
  unmaskedNote: {
    zh: '本工作簿含未脱敏的个人信息（以 --include-personal-data 生成），请按涉密资料管理。',
    en: 'This workbook holds unmasked personal data (made with --include-personal-data): handle it as restricted.',
  },
  indicator: { zh: '统计指标', en: 'Indicator' },
  date: { zh: '日期', en: 'Date' },
  declared: { zh: '上报数', en: 'Declared' },
  recorded: { zh: '台账数', en: 'Recorded' },
  gap: { zh: '差额', en: 'Gap' },
  // Provenance
  loads: { zh: '加载的文件', en: 'Files loaded' },
  sha256: { zh: 'SHA-256', en: 'SHA-256' },
  rowsInFile: { zh: '文件行数', en: 'Rows in file' },
  rowsLoaded: { zh: '接收', en: 'Loaded' },
  rowsAdded: { zh: '新增', en: 'Added' },
  rowsUpdated: { zh: '更新', en: 'Updated' },
  rowsSkipped: { zh: '跳过', en: 'Skipped' },
  rowsRejected: { zh: '拒收', en: 'Rejected' },
  loadedAt: { zh: '加载时间', en: 'Loaded at' },
  toolVersion: { zh: '工具版本', en: 'Tool version' },
  loadCommand: { zh: '加载命令', en: 'Load command' },
  reportCommand: { zh: '生成本报告的命令', en: 'Command that produced this report' },
  generatedAt: { zh: '生成时间', en: 'Generated at' },
  workspace: { zh: '工作区', en: 'Workspace' },
  quarter: { zh: '季度', en: 'Quarter' },
  noLoads: { zh: '工作区中没有加载记录。', en: 'The workspace records no loads.' },
  // Plan
  planTitle: { zh: '按工作量测算的一线警力需求与实有警力', en: 'Frontline officers required by workload against the actual' },
  cases: { zh: '案件', en: 'Cases' },
  petitions: { zh: '信访', en: 'Petitions' },
  hoursCases: { zh: '案件工时', en: 'Case hours' },
  hoursPetitions: { zh: '信访工时', en: 'Petition hours' },
  hoursLedger: { zh: '台账工时', en: 'Ledger hours' },
  hoursTotal: { zh: '工时合计', en: 'Workload hours' },
  required: { zh: '应配一线民警', en: 'Required frontline' },
  requiredCeil: { zh: '应配（取整）', en: 'Required (whole)' },
  actual: { zh: '实有一线民警', en: 'Actual frontline' },
  planGap: { zh: '缺口（实有−应配）', en: 'Gap (actual − required)' },
  utilisation: { zh: '利用率', en: 'Utilisation' },
  planNote: {
    zh: '应配一线民警 = 工时合计 ÷（每名民警季度可用 {avail} 小时 × 承诺上限 {ceiling}）；缺口为负即缺员；利用率高于 {ceiling} 即缺员。',
    en: 'Required = workload hours ÷ ({avail} available hours per officer per quarter × the {ceiling} ceiling); a negative gap means officers short; utilisation above {ceiling} means short.',
  },
  planSummary: {
    zh: '缺员所 {short} 个，缺员合计 {shortfall} 名；基层所队民警占比 {grassroots}。',
    en: '{short} station(s) short, {shortfall} officers short in all; grassroots share of sworn officers {grassroots}.',
  },
  planUnavailable: { zh: '无法测算警力需求：{reason}', en: 'The staffing model could not be computed: {reason}' },
  // Backtracking
  btTitle: { zh: '案件倒查：覆盖率与问题率', en: 'Case backtracking: coverage and defect rate' },
  population: { zh: '倒查总体', en: 'Population' },
  sampled: { zh: '抽取', en: 'Sampled' },
  reviewed: { zh: '已复核', en: 'Reviewed' },
  pending: { zh: '待复核', en: 'Pending' },
  defects: { zh: '问题案件', en: 'Defects' },
  defectRate: { zh: '问题率', en: 'Defect rate' },
  ciLower: { zh: '95% 区间下限', en: '95% CI lower' },
  ciUpper: { zh: '95% 区间上限', en: '95% CI upper' },
  ciLowerC: { zh: '{c} 区间下限', en: '{c} CI lower' },
  ciUpperC: { zh: '{c} 区间上限', en: '{c} CI upper' },
  upperOneSided: { zh: '单侧上限', en: 'One-sided upper bound' },
  coverage: { zh: '覆盖率', en: 'Coverage' },
  sampleInfo: { zh: '样本 {id}（{created}，抽样比例 {rate}，种子 {seed}）', en: 'Sample {id} ({created}, rate {rate}, seed {seed})' },
  noSample: { zh: '本季度尚未抽取倒查样本（运行 jiceng sample draw）。', en: 'No backtracking sample has been drawn for the quarter (run jiceng sample draw).' },
  noFindings: { zh: '样本尚无复核结果（倒查结果加载后即有问题率）。', en: 'The sample has no findings yet (load the findings to get defect rates).' },
  findings: { zh: '样本复核结果（Clopper–Pearson 精确区间）', en: 'Findings of the sample (exact Clopper–Pearson intervals)' },
  // Changes
  changesTitle: { zh: '较上季度的变化', en: 'Change from the previous quarter' },
  changesNone: { zh: '未指定对比季度（用 --compare）。', en: 'No comparison quarter (use --compare).' },
  // HTML
  toc: { zh: '目录', en: 'Contents' },
  chartData: { zh: '图表数据', en: 'Chart data' },
  noData: { zh: '无数据', en: 'no data' },
  personalNote: { zh: '本报告不含任何个人信息。', en: 'This report holds no personal data.' },
  total: { zh: '合计', en: 'Total' },
  count: { zh: '件数', en: 'Count' },
  hours: { zh: '小时', en: 'Hours' },
  issuer: { zh: '下发部门', en: 'Issuing department' },
  cause: { zh: '成因', en: 'Cause' },
  ledgerKind: { zh: '类型', en: 'Kind' },
  items: { zh: '事项数', en: 'Items' },
  line60: { zh: '60% 基准线', en: '60% line' },
  warnings: { zh: '注意', en: 'Note' },
  unknown: { zh: '（未填）', en: '(blank)' },
  na: { zh: '—', en: '—' },
} satisfies Record<string, Text>;

export const AREA_TYPES: Record<string, Text> = {
  urban: { zh: '城区', en: 'urban' },
  town: { zh: '城镇', en: 'town' },
  rural: { zh: '农村', en: 'rural' },
};

export const LEDGER_KINDS: Record<string, Text> = {
  report: { zh: '报表', en: 'reports' },
  register: { zh: '台账', en: 'registers' },
  meeting: { zh: '会议', en: 'meetings' },
  inspection: { zh: '检查考核', en: 'inspections' },
  non_police: { zh: '非警务', en: 'non-police' },
};

export const CAUSES: Record<string, Text> = {
  policy: { zh: '决策（政策）', en: 'policy' },
  execution: { zh: '政策执行、工作作风', en: 'execution' },
  grassroots: { zh: '基层办事不公', en: 'grassroots unfairness' },
  unreasonable: { zh: '诉求不合理', en: 'unreasonable demand' },
  other: { zh: '其他', en: 'other' },
};

export const FLAGS: Record<string, Text> = FLAG_LABELS;

export const KIND_LABELS: Record<string, Text> = {
  stations: { zh: '单位', en: 'stations' },
  staffing: { zh: '花名册', en: 'staffing' },
  headcount: { zh: '警力统计', en: 'headcount' },
  cases: { zh: '案件', en: 'cases' },
  ledger: { zh: '台账', en: 'ledger' },
  petitions: { zh: '信访', en: 'petitions' },
  findings: { zh: '倒查结果', en: 'findings' },
};

export const INDICATORS: Record<string, Text> = {
  criminal_cases_received: { zh: '刑事案件受理数', en: 'criminal cases received' },
  public_security_cases_received: { zh: '治安案件受理数', en: 'public-security cases received' },
};

const TARGETS: Record<string, Text> = {
  ...AREA_TYPES,
  station: { zh: '派出所', en: 'stations' },
  county: { zh: '全县', en: 'county' },
};

/**
 * Threshold rules for people: "min 15 for urban; min 3 for rural" → "≥ 15（城区）；≥ 3（农村）",
 * "min 60%" → "≥ 60%", "min 0; max 0" → "= 0". Share limits are shown as percentages.
 */
export function rulesText(rules: Array<{ op: 'min' | 'max'; limit: number; targets: string[] }>, unit: string, lang: Lang): string {
  const value = (x: number): string => (unit === 'share' ? `${+(x * 100).toFixed(2)}%` : String(+x.toFixed(4)));
  const scope = (targets: string[]): string =>
    targets.length ? (lang === 'zh' ? `（${targets.map((x) => codeLabel(TARGETS, x, lang)).join('、')}）` : ` (${targets.map((x) => codeLabel(TARGETS, x, lang)).join(', ')})`) : '';
  const parts: string[] = [];
  const done = new Set<number>();
  rules.forEach((r, i) => {
    if (done.has(i)) return;
    const twin = rules.findIndex((o, j) => j > i && o.op !== r.op && o.limit === r.limit && o.targets.join() === r.targets.join());
    if (twin >= 0) {
      done.add(twin);
      parts.push(`= ${value(r.limit)}${scope(r.targets)}`);
    } else parts.push(`${r.op === 'min' ? '≥' : '≤'} ${value(r.limit)}${scope(r.targets)}`);
  });
  return parts.join(lang === 'zh' ? '；' : '; ');
}

/** A code's label, or the code as written when it is not a known one (open enums keep raw values). */
export function codeLabel(map: Record<string, Text>, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return t(L.unknown, lang);
  return map[code] ? t(map[code], lang) : code;
}

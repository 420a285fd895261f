// The canonical kinds, their fields, header aliases and value codes: the one source of truth
// (../shared/DATA-CONTRACT.md). Schema, header mapping, parsing and docs all derive from here.

export type FieldType =
  | 'id' // identifier kept as text, leading zeros intact (case ids, 警号, ID numbers)
  | 'text'
  | 'int' // counts and persons
  | 'number' // measures with decimals (hours, area)
  | 'money' // yuan, DECIMAL(18,2)
  | 'date' // calendar date
  | 'datetime' // date with optional time of day
  | 'bool'
  | 'enum'; // one of the field's codes

export interface Field {
  name: string;
  type: FieldType;
  required?: boolean;
  /** Chinese (and English) header spellings; the canonical name itself always matches too. */
  aliases: string[];
  /** For enums: code → spellings that map onto it. */
  codes?: Record<string, string[]>;
  /** For enums: a value matching no code is kept as written instead of being dropped with a warning. */
  open?: boolean;
  /** Personal data: never in an HTML report, masked in workbooks. */
  personal?: 'name' | 'id_number' | 'phone';
  /** The field names a unit (by id or by name) and is resolved against the stations table. */
  unitRef?: boolean;
  /** The row's quarter comes from this field. */
  periodField?: boolean;
  /** A count that a total row (合计) is checked against. */
  summable?: boolean;
  /** When the file has no column for this field, read it from that field's column (unit kind from 城关派出所). */
  deriveFrom?: string;
  /** Largest plausible value: anything above is a typo or a unit mix-up, and the row is rejected. */
  max?: number;
  /** Earliest plausible date (default PLAUSIBLE_DATE_FROM); latest is today, or a year ahead for deadlines. */
  from?: string;
  future?: boolean;
  /**
   * The units of measure its values are in. A header whose bracket names another (耗时（分钟）,
   * 面积（平方米）) is not taken for the field: its figures would load as the wrong unit.
   */
  measure?: string[];
}

export type KindName = 'stations' | 'staffing' | 'headcount' | 'cases' | 'ledger' | 'petitions' | 'findings';

export interface Kind {
  name: KindName;
  title_zh: string;
  /** Fields forming the natural key of a record; a newer export with the same key replaces it. */
  key: string[];
  /** Ledger rows have no id: identical rows are told apart by their occurrence in the file. */
  keyByOccurrence?: boolean;
  /** The field that a loader may fill from --as-of or the file's title when the column is absent. */
  snapshotField?: string;
  /** Fields an auditor fills in: a row with all of them empty is not reviewed yet and is skipped. */
  answerFields?: string[];
  fields: Field[];
}

const YES = ['是', '有', 'y', 'yes', 'true', '1', '√', '✓'];
const NO = ['否', '无', 'n', 'no', 'false', '0', '×'];
export const BOOL_CODES: Record<'true' | 'false', string[]> = { true: YES, false: NO };

export const UNIT_KIND_CODES: Record<string, string[]> = {
  station: ['派出所'],
  outpost: ['警务室', '检查站', '警务站'],
  // Organ names end in 科/室/中心 (户政科, 法制室, 指挥中心); the longest alias wins, so 警务室 stays an outpost.
  hq: ['机关', '指挥中心', '政工', '纪检', '警务保障', '法制', '办公室', '警令部', '督察', '户政', '装备', '财务', '科', '室'],
  specialist: ['刑侦', '治安', '国保', '禁毒', '经侦', '网安', '刑警', '特警', '技侦', '出入境', '食药环', '森林', '反恐', '情报'],
  traffic: ['交警', '巡警', '交巡警', '交通'],
  detention: ['看守所', '拘留所', '监管'],
};
export const GRASSROOTS_UNIT_KINDS = ['station', 'outpost'] as const;

export const KINDS: Record<KindName, Kind> = {
  stations: {
    name: 'stations',
    title_zh: '单位基础信息',
    key: ['station_id'],
    fields: [
      { name: 'station_id', type: 'id', aliases: ['单位编码', '单位代码', '机构代码', '单位编号', '机构编码', '组织机构代码', 'unit id', 'unit code', 'station id'] },
      { name: 'station_name', type: 'text', required: true, aliases: ['单位名称', '单位', '派出所', '所队名称', '派出所名称', '机构名称', '所队', 'unit', 'unit name', 'station', 'station name'] },
      { name: 'county', type: 'text', aliases: ['所属县局', '所属分局', '上级单位', '县局', '所属县(市、区)局', 'county'] },
      { name: 'unit_kind', type: 'enum', required: true, deriveFrom: 'station_name', aliases: ['单位类别', '机构类型', '单位类型', '机构类别', 'unit type', 'unit kind'], codes: UNIT_KIND_CODES },
      {
        name: 'area_type', type: 'enum', aliases: ['辖区类型', '辖区类别', '城乡类型', 'area type'],
        codes: { urban: ['城区', '城市', '市区'], town: ['城镇', '乡镇', '镇'], rural: ['农村', '乡村'] },
      },
      { name: 'population_resident', type: 'int', summable: true, max: 10_000_000, measure: ['人'], aliases: ['常住人口', '人口常住', '常住', '辖区常住人口', 'resident population'] },
      { name: 'population_registered', type: 'int', summable: true, max: 10_000_000, measure: ['人'], aliases: ['户籍人口', '人口户籍', '户籍', '辖区户籍人口', 'registered population'] },
      { name: 'population_floating', type: 'int', summable: true, max: 10_000_000, measure: ['人'], aliases: ['流动人口', '暂住人口', '人口流动', '流动', '暂住', '辖区流动人口', 'floating population'] },
      { name: 'villages', type: 'int', summable: true, max: 10_000, aliases: ['行政村数', '村(社区)数', '社区数', '村社区数', '行政村', '村居数', 'villages'] },
      { name: 'area_km2', type: 'number', summable: true, max: 100_000, measure: ['平方公里', '平方千米', 'km2', 'km²'], aliases: ['辖区面积', '面积(平方公里)', '面积', '辖区面积(平方公里)', 'area', 'area km2'] },
      { name: 'authorized_strength', type: 'int', summable: true, max: 10_000, aliases: ['编制数', '核定编制', '核定警力', '编制', '编制警力', 'authorized strength'] },
    ],
  },
  staffing: {
    name: 'staffing',
    title_zh: '警力花名册',
    key: ['person_id', 'as_of'],
    snapshotField: 'as_of',
    fields: [
      { name: 'person_id', type: 'id', required: true, aliases: ['警号', '人员编号', '工号', '警员编号', '人员编码', 'police no.', 'badge no.', 'staff id', 'person id'] },
      { name: 'name', type: 'text', personal: 'name', aliases: ['姓名', 'name'] },
      { name: 'unit', type: 'text', required: true, unitRef: true, aliases: ['所在单位', '工作单位', '单位', '单位名称', '所属单位', '所队', '所在派出所', '所在部门', '工作部门', '部门', 'unit', 'department'] },
      { name: 'post', type: 'text', required: true, aliases: ['岗位', '职务', '现任岗位', '现岗位', '现任职务', '工作岗位', 'post', 'position'] },
      {
        name: 'post_class', type: 'enum', aliases: ['岗位类别', '岗位类型', '岗位分类', 'post class'],
        codes: { command: ['领导', '指挥'], frontline: ['一线', '外勤'], office: ['内勤', '机关', '综合'] },
      },
      {
        name: 'personnel_type', type: 'enum', required: true, aliases: ['人员类别', '身份', '人员身份', '人员类型', '人员性质', '身份类别', 'personnel type', 'staff type'],
        codes: {
          sworn: ['民警', '公务员', '人民警察', '在编民警'],
          auxiliary: ['辅警', '协警', '警务辅助人员'],
          civilian: ['工勤', '工人', '文职', '公益性岗位'],
        },
      },
      {
        name: 'status', type: 'enum', aliases: ['在岗状态', '状态', '人员状态', 'status'],
        codes: { on_duty: ['在岗', '在职', '正常'], seconded: ['借调', '抽调'], leave: ['病休', '长期病假', '离岗', '病假'], retired: ['退休'] },
      },
      { name: 'seconded_to', type: 'text', unitRef: true, aliases: ['借调单位', '抽调单位', '借调去向'] },
      { name: 'rank_level', type: 'text', aliases: ['职级', 'rank'] },
      { name: 'law_enforcement_qualified', type: 'bool', aliases: ['执法资格', '具有执法资格', 'law enforcement qualified'] },
      { name: 'birth_date', type: 'date', from: '1930-01-01', aliases: ['出生日期', '出生年月', 'date of birth', 'birth date'] },
      { name: 'hire_date', type: 'date', aliases: ['入警时间', '参加公安工作时间', '入警日期', 'hire date'] },
      { name: 'as_of', type: 'date', aliases: ['统计日期', '截止日期', '统计截止日期', 'as of', 'snapshot date'] },
      // The county of the row: its unit is resolved among that county's units (ingest/resolve.ts).
      { name: 'county', type: 'text', aliases: ['所属县局', '所属分局', '县局', '县(市、区)局'] },
    ],
  },
  headcount: {
    name: 'headcount',
    title_zh: '警力统计表',
    key: ['unit', 'as_of'],
    snapshotField: 'as_of',
    fields: [
      { name: 'unit', type: 'text', required: true, unitRef: true, aliases: ['单位', '单位名称', '所在单位', '所队', '所在派出所', 'unit'] },
      { name: 'as_of', type: 'date', aliases: ['统计日期', '截止日期', 'as of'] },
      { name: 'sworn', type: 'int', required: true, summable: true, max: 10_000, aliases: ['民警数', '在编民警', '民警', '民警人数', '在编民警数', 'sworn'] },
      { name: 'auxiliary', type: 'int', summable: true, max: 10_000, aliases: ['辅警数', '辅警', '辅警人数', 'auxiliary'] },
      { name: 'civilian', type: 'int', summable: true, max: 10_000, aliases: ['工勤人数', '工勤', '工勤人员', 'civilian'] },
      { name: 'frontline', type: 'int', summable: true, max: 10_000, aliases: ['一线民警', '一线民警数', '一线', 'frontline'] },
      { name: 'command', type: 'int', summable: true, max: 10_000, aliases: ['领导职数', '领导', '领导民警'] },
      { name: 'office', type: 'int', summable: true, max: 10_000, aliases: ['内勤民警', '内勤', '内勤民警数'] },
      { name: 'qualified', type: 'int', summable: true, max: 10_000, aliases: ['具有执法资格', '执法资格', '具有执法资格民警'] },
      { name: 'seconded_out', type: 'int', summable: true, max: 10_000, aliases: ['借调外出', '被借调', '抽调外出'] },
      // The county of the row: its unit is resolved among that county's units (ingest/resolve.ts).
      { name: 'county', type: 'text', aliases: ['所属县局', '所属分局', '县局', '县(市、区)局'] },
    ],
  },
  cases: {
    name: 'cases',
    title_zh: '案件台账',
    key: ['case_id'],
    fields: [
      { name: 'case_id', type: 'id', required: true, aliases: ['案件编号', '案件编码', '警情编号', '案号', 'case no.', 'case number', 'case id'] },
      { name: 'station', type: 'text', required: true, unitRef: true, aliases: ['办案单位', '主办单位', '受理单位', '办案部门', '承办单位', '立案单位', '主办部门', '承办部门', '管辖单位', 'unit', 'handling unit', 'department'] },
      {
        name: 'case_type', type: 'enum', required: true, aliases: ['案件类别', '案件类型', 'case type', 'type'],
        codes: { criminal: ['刑事', '刑事案件'], public_security: ['治安', '行政', '治安案件', '行政案件'] },
      },
      { name: 'category', type: 'text', aliases: ['案由', '案件性质', 'category'] },
      { name: 'is_major', type: 'bool', aliases: ['是否重大', '案件等级', '重大案件', 'major'] },
      { name: 'received_at', type: 'datetime', required: true, periodField: true, aliases: ['受理时间', '报案时间', '接报时间', '受理日期', '受案时间', '接警时间', '报警时间', '登记时间', 'received', 'received at', 'date received'] },
      { name: 'filed_at', type: 'datetime', aliases: ['立案时间', '立案日期', 'filed', 'filed at'] },
      { name: 'solved_at', type: 'datetime', aliases: ['破案时间', '破案日期', 'solved', 'solved at'] },
      { name: 'closed_at', type: 'datetime', aliases: ['结案时间', '查结时间', '结案日期', '办结时间', 'closed', 'closed at'] },
      {
        name: 'status', type: 'enum', aliases: ['案件状态', '办理状态', 'status'],
        codes: {
          received: ['受理'], filed: ['立案'], solved: ['破案'], closed: ['结案', '查结', '已结'],
          withdrawn: ['撤案', '撤销'], not_filed: ['不予立案'],
        },
      },
      {
        name: 'source', type: 'enum', aliases: ['案件来源', '线索来源', 'source'],
        codes: {
          public_report: ['群众报警', '群众举报', '报警', '报案', '110'],
          proactive: ['工作发现', '主动发现', '自行发现'],
          referral: ['上级交办', '移送', '交办'],
        },
      },
      { name: 'officer', type: 'id', aliases: ['主办民警', '主办人警号', '主办民警警号', 'officer'] },
      { name: 'amount', type: 'money', measure: ['元'], aliases: ['涉案金额', '涉案价值', '涉案金额(元)', 'amount'] },
      // The county of the row: its unit is resolved among that county's units (ingest/resolve.ts).
      { name: 'county', type: 'text', aliases: ['所属县局', '所属分局', '县局', '县(市、区)局'] },
    ],
  },
  ledger: {
    name: 'ledger',
    title_zh: '报表台账登记',
    key: ['station', 'date', 'kind', 'issuer', 'item'],
    keyByOccurrence: true,
    fields: [
      { name: 'station', type: 'text', required: true, unitRef: true, aliases: ['单位', '单位名称', '填报单位', '所队', '所在派出所', '被检查单位', 'unit'] },
      { name: 'date', type: 'date', required: true, periodField: true, aliases: ['日期', '下发日期', '布置日期', '统计日期', '填报日期', 'date'] },
      { name: 'item', type: 'text', required: true, aliases: ['事项', '报表名称', '台账名称', '任务名称', '工作事项', 'item'] },
      {
        name: 'kind', type: 'enum', required: true, aliases: ['类型', '事项类型', '事项类别', 'type'],
        codes: {
          report: ['报表', '材料', '汇报'], register: ['台账', '登记簿'], meeting: ['会议'],
          inspection: ['检查', '考核', '评比'], non_police: ['非警务', '中心工作', '协助乡镇'],
        },
      },
      { name: 'issuer', type: 'text', aliases: ['下发部门', '布置部门', '下发单位', 'issuer'] },
      { name: 'due_date', type: 'date', future: true, aliases: ['截止日期', '报送期限', 'due date'] },
      { name: 'submitted_date', type: 'date', aliases: ['报送日期', '完成日期', 'submitted'] },
      { name: 'hours', type: 'number', summable: true, max: 1_000, measure: ['小时', '时', 'h', '工时'], aliases: ['耗时(小时)', '用时', '耗时', '用时(小时)', 'hours'] },
      {
        name: 'indicator', type: 'enum', open: true, aliases: ['统计指标', '指标名称', '指标', 'indicator'],
        codes: { criminal_cases_received: ['刑事案件受理数'], public_security_cases_received: ['治安案件受理数'] },
      },
      { name: 'value', type: 'number', aliases: ['数值', '指标值', '指标数值', 'value'] },
      // The county of the row: its unit is resolved among that county's units (ingest/resolve.ts).
      { name: 'county', type: 'text', aliases: ['所属县局', '所属分局', '县局', '县(市、区)局'] },
    ],
  },
  petitions: {
    name: 'petitions',
    title_zh: '信访台账',
    key: ['petition_id'],
    fields: [
      { name: 'petition_id', type: 'id', required: true, aliases: ['信访编号', '件号', '信访件号', '信访件编号', 'petition no.'] },
      { name: 'received_at', type: 'date', required: true, periodField: true, aliases: ['登记日期', '来访日期', '受理日期', '来信日期', '信访日期', '来信来访日期', 'received'] },
      { name: 'station', type: 'text', required: true, unitRef: true, aliases: ['责任单位', '涉及单位', '责任部门', '被反映单位', '单位', 'unit'] },
      {
        name: 'channel', type: 'enum', aliases: ['信访形式', '信访方式'],
        codes: { letter: ['来信'], visit: ['来访'], online: ['网上', '网信'], phone: ['电话'] },
      },
      { name: 'petitioner', type: 'text', personal: 'name', aliases: ['信访人', '信访人姓名'] },
      { name: 'id_number', type: 'id', personal: 'id_number', aliases: ['身份证号', '身份证号码', '公民身份号码'] },
      { name: 'phone', type: 'id', personal: 'phone', aliases: ['联系电话', '电话号码', '手机号'] },
      { name: 'topic', type: 'text', aliases: ['信访事项', '问题类别'] },
      {
        name: 'cause', type: 'enum', aliases: ['成因类别', '成因'],
        codes: {
          policy: ['决策', '政策'], execution: ['工作作风', '政策执行'], grassroots: ['基层办事不公'],
          unreasonable: ['诉求不合理'], other: ['其他'],
        },
      },
      { name: 'is_repeat', type: 'bool', aliases: ['重复信访', '是否重复'] },
      { name: 'is_collective', type: 'bool', aliases: ['集体访', '是否集体'] },
      { name: 'closed_at', type: 'date', aliases: ['办结日期', '办结时间'] },
      { name: 'status', type: 'text', aliases: ['办理状态'] },
      {
        name: 'satisfaction', type: 'enum', aliases: ['满意度', '满意度评价'],
        codes: { satisfied: ['满意'], basically: ['基本满意'], dissatisfied: ['不满意'] },
      },
      // The county of the row: its unit is resolved among that county's units (ingest/resolve.ts).
      { name: 'county', type: 'text', aliases: ['所属县局', '所属分局', '县局', '县(市、区)局'] },
    ],
  },
  findings: {
    name: 'findings',
    title_zh: '倒查结果',
    key: ['case_id'],
    answerFields: ['result', 'defect_type', 'reviewer', 'reviewed_at', 'notes'],
    fields: [
      { name: 'case_id', type: 'id', required: true, aliases: ['案件编号', 'case id', 'case no.', 'case number'] },
      {
        name: 'result', type: 'enum', required: true, aliases: ['倒查结果', '结果', '评查结果', 'result'],
        codes: { pass: ['合格', 'pass'], defect: ['不合格', 'defect'] },
      },
      { name: 'defect_type', type: 'text', aliases: ['问题类型', '缺陷类型', 'defect type'] },
      { name: 'reviewer', type: 'text', aliases: ['倒查人', '评查人', 'reviewer'] },
      { name: 'reviewed_at', type: 'date', aliases: ['倒查日期', '评查日期', 'review date'] },
      { name: 'notes', type: 'text', aliases: ['备注', '说明', 'notes'] },
    ],
  },
};

export const KIND_NAMES = Object.keys(KINDS) as KindName[];

export function isKindName(s: string): s is KindName {
  return Object.prototype.hasOwnProperty.call(KINDS, s);
}

export function fieldOf(kind: KindName, name: string): Field {
  const f = KINDS[kind].fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in ${kind}`);
  return f;
}

/**
 * Default post keywords (DATA-CONTRACT): tried in order, first match wins; configurable per workspace
 * (post_keywords in jiceng.json). The classes follow the Ministry's frontline (一线警力) line: officers
 * who themselves enforce the law, investigate, patrol, police a community or a road; posts that
 * support them from behind a desk or a wheel are office, however necessary.
 */
export const DEFAULT_POST_KEYWORDS: Array<[string, string[]]> = [
  ['command', ['所长', '教导员', '局长', '政委', '大队长', '中队长', '主任', '队长', '领导']],
  ['office', [
    '内勤', '文秘', '财务', '综合', '后勤', '档案', '机要', '宣传',
    // Drivers and cooks serve the unit; they enforce nothing themselves (后勤保障).
    '驾驶员', '司机', '炊事员', '厨师',
    // 督察 polices the police (internal supervision), not the public: a staff post of the 政工/督察 office.
    '督察',
    // Intelligence analysis (情报研判) is staff work in the command centre, not duty on the street.
    '情报', '研判',
    // Personnel, discipline, accounts, training, IT and communications support: organ work.
    '政工', '人事', '纪检', '会计', '出纳', '保密', '教官', '信息技术', '通信', '科员',
  ]],
  ['frontline', [
    '社区', '责任区', '办案', '巡逻', '值班', '外勤', '侦查', '刑警', '交警', '民警', '辅警',
    // Forensic doctors and crime-scene technicians (刑事技术员) work the scene and the case: investigation.
    '法医', '技术员', '刑事技术', '刑技', '痕迹',
    // Custody, riot, public-order, narcotics, cyber and dog units enforce the law directly.
    '监管', '特警', '治安', '禁毒', '网安', '警犬', '接处警', '执勤',
  ]],
];

/** Dates before this are typos (a case received in 1900 is an empty cell read as serial 1). */
export const PLAUSIBLE_DATE_FROM = '1950-01-01';

/** Words that mark a row as a control total or a footer line rather than data. */
export const TOTAL_WORDS = ['合计', '总计', '小计', '总数'];
export const FOOTER_WORDS = ['制表人', '审核人', '制表日期', '填表人', '填报人', '制表单位', '负责人', '填表日期', '审核', '导出日期', '导出时间', '导出人', '打印日期', '打印时间'];

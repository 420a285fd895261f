// A held-out-style corpus of header spellings: about forty small exports whose headers are written
// the way the case, personnel and petition systems and hand-made WPS sheets write them, each with
// the kind and values it must load as. Stations (城关派出所 S01, 东湖派出所 S02) are loaded first.
import { join } from 'node:path';
import { writeText, writeXlsx, type CellValue } from '../helpers.js';
import type { KindName } from '../../src/contract/kinds.js';

export interface HeaderCase {
  /** File name as exported. */
  file: string;
  kind: KindName;
  title?: string[];
  /** One header row, or two (group row first). */
  header: CellValue[][];
  rows: CellValue[][];
  sheet?: string;
  format?: 'xlsx' | 'gb18030' | 'utf-8';
  /** Rows that must load, and one field of the first row with its stored value. */
  expect: { rows: number; field: string; value: string };
}

const C1 = ['A1001', '城关派出所', '刑事', '2026-07-01 09:00'];
const C2 = ['A1002', '东湖派出所', '治安', '2026-07-02'];

const cases = (file: string, header: string[], extra: { title?: string[]; format?: HeaderCase['format']; rows?: CellValue[][]; field?: string; value?: string } = {}): HeaderCase => ({
  file, kind: 'cases', header: [header], title: extra.title, format: extra.format,
  rows: extra.rows ?? [C1, C2],
  expect: { rows: (extra.rows ?? [C1, C2]).length, field: extra.field ?? 'station', value: extra.value ?? '城关派出所' },
});

export const HEADER_CORPUS: HeaderCase[] = [
  // cases: the unit column as each system names it, received as each system names it
  cases('案件台账.xlsx', ['案件编号', '办案部门', '案件类别', '受案时间'], { title: ['平安县公安局案件台账'] }),
  cases('17_刑事治安案件_警综导出.csv', ['案件编号', '承办单位', '案件类别', '接警时间'], { format: 'gb18030' }),
  cases('立案登记.xlsx', ['案件编号', '立案单位', '案件类型', '报警时间']),
  cases('受案登记.xlsx', ['案件编号', '主办部门', '案件类型', '登记时间']),
  cases('case_export.csv', ['Case No. / 案件编号', 'Unit / 办案单位', 'Case Type / 案件类别', 'Received / 受理时间', 'Status / 案件状态'], {
    format: 'utf-8', rows: [[...C1, '立案'], [...C2, '结案']],
  }),
  cases('cases_en.csv', ['Case No.', 'Unit', 'Case Type', 'Received', 'Status'], { format: 'utf-8', rows: [[...C1, '立案'], [...C2, '结案']] }),
  cases('案件_编号.xlsx', ['1.案件编号', '2.办案单位', '3.案件类别', '4.受理日期']),
  cases('案件_顿号.xlsx', ['1、案件编号', '2、办案单位', '3、案件类别', '4、受理时间']),
  cases('案件_中文序号.xlsx', ['（一）案件编号', '（二）办案单位', '（三）案件类别', '（四）受理时间']),
  cases('案件_必填.xlsx', ['*案件编号', '办案单位※', '案件类别（必填）', '受理时间：']),
  cases('案件_繁体.xlsx', ['案件編號', '辦案單位', '案件類別', '受理時間']),
  cases('案件_换行.xlsx', ['案件\n编号', '办案\n单位', '案件\n类别', '受理\n时间']),
  cases('案件_发案.xlsx', ['案件编号', '办案单位', '案件类别', '发案时间', '受理时间'], {
    rows: [['A1001', '城关派出所', '刑事', '2026-06-20', '2026-07-01 09:00'], ['A1002', '东湖派出所', '治安', '2026-06-21', '2026-07-02']],
    field: 'received_at', value: '2026-07-01 09:00:00',
  }),
  cases('案件_重大.xlsx', ['案件编号', '办案单位', '案件类别', '受理时间', '是否重大案件'], {
    rows: [[...C1, '否'], [...C2, '是']], field: 'is_major', value: 'false',
  }),
  cases('案件_全角.csv', ['案件编号', '办案单位', '案件类别', '受理时间（年月日）'], { format: 'gb18030' }),
  cases('案件_或.xlsx', ['案件编号或警情编号', '办案单位/部门', '案件类别', '受理时间']),
  {
    file: '案件_两行表头.xlsx', kind: 'cases',
    header: [['基本信息', null, null, '办理情况'], ['案件编号', '主办单位', '案件类型', '受理时间']],
    rows: [C1, C2], expect: { rows: 2, field: 'case_type', value: 'criminal' },
  },
  // staffing
  {
    file: '花名册_人员性质.xlsx', kind: 'staffing', title: ['平安县公安局警力花名册'],
    header: [['警号', '姓名', '所在单位', '岗位', '人员性质', '统计日期']],
    rows: [['010001', '张伟', '城关派出所', '社区民警', '民警', '2026-09-30'], ['F0002', '李娜', '东湖派出所', '巡逻', '辅警', '2026-09-30']],
    expect: { rows: 2, field: 'personnel_type', value: 'sworn' },
  },
  {
    file: '花名册_警号或编号.xlsx', kind: 'staffing', title: ['警力花名册（截至2026年9月30日）'],
    header: [['警号/人员编号', '姓名', '所在派出所', '现任职务', '身份类别']],
    rows: [['010001', '张伟', '城关派出所', '所长', '民警'], ['F0002', '李娜', '东湖派出所', '巡逻', '辅警']],
    expect: { rows: 2, field: 'unit', value: '城关派出所' },
  },
  {
    file: '人员信息.xlsx', kind: 'staffing',
    header: [['人员编号', '所队', '工作岗位', '人员身份', '统计日期']],
    rows: [['010001', '城关派出所', '社区民警', '民警', '2026-09-30'], ['F0002', '东湖派出所', '巡逻', '辅警', '2026-09-30']],
    expect: { rows: 2, field: 'post', value: '社区民警' },
  },
  {
    file: '花名册_岗位名称.xlsx', kind: 'staffing', title: ['截至2026年9月30日'],
    header: [['工号', '工作单位', '岗位名称', '人员类别']],
    rows: [['010001', '城关派出所', '办案民警', '民警'], ['F0002', '东湖派出所', '巡逻', '辅警']],
    expect: { rows: 2, field: 'post', value: '办案民警' },
  },
  {
    file: '花名册_全角空格.xlsx', kind: 'staffing', title: ['2026年9月30日'],
    header: [['警　号', '所在单位', '岗　位', '人员类别']],
    rows: [['010001', '城关派出所', '内勤', '民警'], ['F0002', '东湖派出所', '巡逻', '辅警']],
    expect: { rows: 2, field: 'person_id', value: '010001' },
  },
  {
    file: '花名册_或.xlsx', kind: 'staffing',
    header: [['警号或人员编号', '单位或部门', '岗位', '人员类别', '统计日期']],
    rows: [['010001', '城关派出所', '所长', '民警', '2026-09-30'], ['F0002', '东湖派出所', '巡逻', '辅警', '2026-09-30']],
    expect: { rows: 2, field: 'unit', value: '城关派出所' },
  },
  // headcount
  {
    file: '警力统计_其中.xlsx', kind: 'headcount',
    header: [['单位', '民警数', '辅警数', '其中：一线民警', '统计日期']],
    rows: [['城关派出所', 30, 20, 22, '2026-09-30'], ['东湖派出所', 12, 8, 9, '2026-09-30']],
    expect: { rows: 2, field: 'frontline', value: '22' },
  },
  {
    file: '警力统计_所队.xlsx', kind: 'headcount',
    header: [['所队', '在编民警人数', '辅警人数', '统计日期']],
    rows: [['城关派出所', 30, 20, '2026-09-30'], ['东湖派出所', 12, 8, '2026-09-30']],
    expect: { rows: 2, field: 'sworn', value: '30' },
  },
  {
    file: '警力统计_简.xlsx', kind: 'headcount',
    header: [['单位名称', '民警', '其中:一线', '统计日期']],
    rows: [['城关派出所', 30, 22, '2026-09-30'], ['东湖派出所', 12, 9, '2026-09-30']],
    expect: { rows: 2, field: 'frontline', value: '22' },
  },
  // stations
  {
    file: '单位_括号人口.xlsx', kind: 'stations',
    header: [['单位名称', '单位类别', '辖区人口（户籍）', '辖区人口（常住）', '核定警力数']],
    rows: [['西山派出所', '派出所', 30000, 36000, 18], ['北湖派出所', '派出所', 20000, 21000, 12]],
    expect: { rows: 2, field: 'population_registered', value: '30000' },
  },
  {
    file: '单位_人口数.xlsx', kind: 'stations',
    header: [['所队名称', '户籍人口数', '常住人口数', '辖区面积（平方公里）', '行政村数']],
    rows: [['西山派出所', 30000, 36000, 120.5, 14], ['北湖派出所', 20000, 21000, 80, 9]],
    expect: { rows: 2, field: 'area_km2', value: '120.5' },
  },
  {
    file: '机构.xlsx', kind: 'stations',
    header: [['机构名称', '机构类型', '编制警力', '村(社区)数']],
    rows: [['西山派出所', '派出所', 18, 14], ['北湖派出所', '派出所', 12, 9]],
    expect: { rows: 2, field: 'authorized_strength', value: '18' },
  },
  {
    file: 'units_en.csv', kind: 'stations', format: 'utf-8',
    header: [['Unit Name', 'Unit Type', 'Resident Population', 'Registered Population']],
    rows: [['西山派出所', '派出所', 36000, 30000], ['北湖派出所', '派出所', 21000, 20000]],
    expect: { rows: 2, field: 'population_resident', value: '36000' },
  },
  // ledger
  {
    file: '台账_事项名称.xlsx', kind: 'ledger',
    header: [['单位', '日期', '事项名称', '类型', '耗时（小时）']],
    rows: [['城关派出所', '2026-07-02', '矛盾纠纷排查表', '报表', 2], ['东湖派出所', '2026-07-03', '周例会', '会议', 1.5]],
    expect: { rows: 2, field: 'item', value: '矛盾纠纷排查表' },
  },
  {
    file: '台账_填报.xlsx', kind: 'ledger',
    header: [['填报单位', '下发时间', '事项名称', '事项类别', '下发部门', '用时']],
    rows: [['城关派出所', '2026-07-02', '矛盾纠纷排查表', '报表', '治安大队', 2], ['东湖派出所', '2026-07-03', '周例会', '会议', '政工', 1]],
    expect: { rows: 2, field: 'kind', value: 'report' },
  },
  {
    file: '统计报表.xlsx', kind: 'ledger',
    header: [['所队', '日期', '报表名称', '类型', '指标名称', '指标数值']],
    rows: [['城关派出所', '2026-09-30', '刑事案件统计', '报表', '刑事案件受理数', 42], ['东湖派出所', '2026-09-30', '刑事案件统计', '报表', '刑事案件受理数', 17]],
    expect: { rows: 2, field: 'value', value: '42.0' },
  },
  {
    file: '检查登记.xlsx', kind: 'ledger',
    header: [['被检查单位', '日期', '工作事项', '类型']],
    rows: [['城关派出所', '2026-08-12', '执法质量检查', '检查'], ['东湖派出所', '2026-08-13', '消防检查', '检查']],
    expect: { rows: 2, field: 'station', value: '城关派出所' },
  },
  {
    file: '台账_圈号.xlsx', kind: 'ledger',
    header: [['①单位', '②日期', '③事项', '④类型']],
    rows: [['城关派出所', '2026-07-02', '月报', '报表'], ['东湖派出所', '2026-07-03', '月报', '报表']],
    expect: { rows: 2, field: 'item', value: '月报' },
  },
  {
    file: '台账_按所.xlsx', kind: 'ledger', sheet: '城关派出所',
    header: [['日期', '事项名称', '类型', '耗时(小时)']],
    rows: [['2026-07-02', '月报', '报表', 1], ['2026-07-09', '周例会', '会议', 1]],
    expect: { rows: 2, field: 'station', value: '城关派出所' },
  },
  // petitions
  {
    file: '信访_件编号.xlsx', kind: 'petitions',
    header: [['信访件编号', '登记时间', '责任单位', '信访形式', '是否重复信访']],
    rows: [['XF001', '2026-07-05', '城关派出所', '来访', '否'], ['XF002', '2026-07-06', '东湖派出所', '来信', '是']],
    expect: { rows: 2, field: 'is_repeat', value: 'false' },
  },
  {
    file: '信访_来访.xlsx', kind: 'petitions',
    header: [['信访编号', '来访时间', '涉及单位', '办结时间']],
    rows: [['XF001', '2026-07-05', '城关派出所', '2026-08-01'], ['XF002', '2026-07-06', '东湖派出所', null]],
    expect: { rows: 2, field: 'received_at', value: '2026-07-05' },
  },
  {
    file: '信访_部门.xlsx', kind: 'petitions',
    header: [['件号', '信访日期', '责任部门', '满意度']],
    rows: [['XF001', '2026-07-05', '城关派出所', '满意'], ['XF002', '2026-07-06', '东湖派出所', '基本满意']],
    expect: { rows: 2, field: 'satisfaction', value: 'satisfied' },
  },
  {
    file: 'petitions_bilingual.csv', kind: 'petitions', format: 'utf-8',
    header: [['Petition No. / 信访编号', 'Received / 登记日期', 'Unit / 责任单位']],
    rows: [['XF001', '2026-07-05', '城关派出所'], ['XF002', '2026-07-06', '东湖派出所']],
    expect: { rows: 2, field: 'station', value: '城关派出所' },
  },
];

/** Writes one corpus case as its file; returns the path. */
export async function writeHeaderCase(dir: string, c: HeaderCase): Promise<string> {
  const rows: CellValue[][] = [...(c.title ?? []).map((t) => [t]), ...c.header, ...c.rows];
  const path = join(dir, c.file);
  if (c.file.endsWith('.xlsx')) {
    await writeXlsx(path, [{ name: c.sheet ?? c.file.replace(/\.xlsx$/, ''), rows }]);
    return path;
  }
  return writeText(path, rows.map((r) => r.map((v) => (v instanceof Date || typeof v === 'boolean' ? String(v) : v))), c.format === 'gb18030' ? 'gb18030' : 'utf-8-bom');
}

/** The stations every corpus case refers to. */
export async function writeCorpusStations(dir: string): Promise<string> {
  return writeXlsx(join(dir, '单位基础信息.xlsx'), [
    {
      name: '单位',
      rows: [
        ['单位编码', '单位名称', '单位类别', '常住人口'],
        ['S01', '城关派出所', '派出所', 52000],
        ['S02', '东湖派出所', '派出所', 30000],
      ],
    },
  ]);
}

// Refusals name kinds and fields as a person reads them (issue 11): 花名册（staffing）, 警号（person_id）
// in zh, where the code is what the user types after --kind or in a --map; the English name in en.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { msg, say } from '../src/i18n/message.js';
import { fieldWithCode, kindChoice, kindWithCode } from '../src/i18n/names.js';
import { cli, tmp, writeText } from './helpers.js';

describe('names with their code', () => {
  it('zh: the display name with the code in brackets; en: the English name', () => {
    expect(say(kindWithCode('staffing'), 'zh')).toBe('花名册（staffing）');
    expect(say(kindWithCode('staffing'), 'en')).toBe('staff roster');
    expect(say(fieldWithCode('petitions', 'id_number'), 'zh')).toBe('身份证号（id_number）');
    expect(say(fieldWithCode('petitions', 'id_number'), 'en')).toBe('ID number');
    expect(say(kindChoice('findings'), 'en')).toBe('backtracking findings (findings)');
    // Something outside the contract is shown as written.
    expect(say(kindWithCode('vehicles'), 'zh')).toBe('vehicles');
    expect(say(msg('sheet_of_no_kind_hint', { name: 'x', kind: 'y', kinds: [kindChoice('cases'), kindChoice('ledger')] }), 'zh')).toBe(
      '如果它确实是x表，用 --kind y 和 --map 加载；可加载的类别：案件（cases）；台账（ledger）',
    );
  });
});

describe('jiceng inspect: refusals in both languages', () => {
  const dir = tmp('jiceng-coded-');
  const duty = writeText(join(dir, '值班表.csv'), [['城关派出所值班人员'], ['姓名', '所在单位', '岗位'], ['张三', '城关派出所', '所长']], 'gb18030');
  const cars = writeText(join(dir, '车辆登记.csv'), [['车牌号', '单位名称', '所属县局', '车辆类型'], ['甘A1', '城关派出所', '示范县', '警车']], 'gb18030');

  it('a roster without badge numbers', () => {
    const zh = cli(['inspect', duty, '-w', dir]);
    expect(zh.code).toBe(3);
    expect(zh.stdout).toContain('  ✗ 值班表.csv：看起来是花名册（staffing）表，但缺少必填字段警号（person_id）的列（可用表头：警号/人员编号/工号）；现有表头：姓名, 所在单位, 岗位\n');
    const en = cli(['inspect', duty, '-w', dir, '--lang', 'en']);
    expect(en.stdout).toContain('  ✗ 值班表.csv: looks like staff roster but has no column for required field badge number (警号/人员编号/工号); headers seen: 姓名, 所在单位, 岗位\n');
  }, 60_000);

  it('a register of no kind: the kinds to type after --kind, with their names', () => {
    const zh = cli(['inspect', cars, '-w', dir]);
    expect(zh.stdout).toContain('  ✗ 车辆登记.csv：不是可加载的任何一类表（最接近单位（stations），但没有它特有的字段）；现有表头：车牌号, 单位名称, 所属县局, 车辆类型\n');
    expect(zh.stdout).toContain(
      '    提示：如果它确实是单位表，用 --kind stations 和 --map 加载；可加载的类别：单位（stations）；花名册（staffing）；警力统计（headcount）；案件（cases）；台账（ledger）；信访（petitions）；倒查结果（findings）\n',
    );
    const en = cli(['inspect', cars, '-w', dir, '--lang', 'en']);
    expect(en.stdout).toContain('    hint: if it really is units, load it with --kind stations and a --map; kinds are: units (stations); staff roster (staffing); headcount (headcount); cases (cases); ledger (ledger); petitions (petitions); backtracking findings (findings)\n');
  }, 60_000);
});

import { describe, it, expect } from 'vitest';
import { localizeMessage } from '../src/i18n/messages.js';

describe('localizeMessage', () => {
  it('gives the loader reasons and warnings in Chinese with --lang zh, and leaves English as written', () => {
    const cases: Array<[string, string]> = [
      ['required value is empty', '必填项为空'],
      ['month 13 out of range', '月份 13 超出范围'],
      ['unknown value; expected one of: 刑事, 治安', '无法识别的取值，应为：刑事, 治安'],
      ['date before 1950-01-01', '日期早于 1950-01-01'],
      ['value above the plausible maximum 1000', '数值超过合理上限 1000'],
      ['duplicate key with different values; rows 12, 13 share it: fix the export so only one remains', '键值重复且内容不同：第 12, 13 行，请修正导出文件只保留一行'],
      ['as_of taken as "2026-09-30" (from the title)', 'as_of 取自标题：“2026-09-30”'],
      ['total row 8: 人口/常住 says 82001 but the loaded rows sum to 82000 (2 row(s) were rejected)', '合计行（第 8 行）：人口/常住 为 82001，但已加载各行合计为 82000（另有 2 行被拒收）'],
      ['23 record(s) differ from 案件台账_v1.xlsx loaded earlier (load 3): replaced by this file\'s values', '23 条记录与先前加载的 案件台账_v1.xlsx（第 3 次加载）不一致，已按本文件替换'],
    ];
    for (const [en, zh] of cases) {
      expect(localizeMessage(en, 'zh')).toBe(zh);
      expect(localizeMessage(en, 'en')).toBe(en);
    }
  });

  it('translates a sheet that cannot be loaded, with and without a closest header', () => {
    expect(
      localizeMessage('cases.csv: looks like cases but has no column for required field received_at (受理时间/报案时间/接报时间); headers seen: 案件编号, 受理时刻; closest: "受理时刻"', 'zh'),
    ).toBe('cases.csv：看起来是 cases 表，但缺少必填字段 received_at（受理时间/报案时间/接报时间）的列；现有表头：案件编号, 受理时刻；最接近的是“受理时刻”');
    expect(localizeMessage('a.csv: looks like cases but has no column for required field case_id (案件编号/案件编码/警情编号); headers seen: x, y', 'zh')).toBe(
      'a.csv：看起来是 cases 表，但缺少必填字段 case_id（案件编号/案件编码/警情编号）的列；现有表头：x, y',
    );
  });

  it('passes an unknown message through unchanged', () => {
    expect(localizeMessage('something new', 'zh')).toBe('something new');
  });
});

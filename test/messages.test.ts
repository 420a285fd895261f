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

  it('passes an unknown message through unchanged', () => {
    expect(localizeMessage('something new', 'zh')).toBe('something new');
  });
});

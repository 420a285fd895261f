// Names of the flags read off the kinds' tables (quality/flags.ts); row flags are named in values.ts.
import type { Entry } from '../message.js';

export const TABLE_FLAG_TEXT = {
  flag_unknown_unit: { zh: '单位不在单位表中', en: 'unit not in the stations table' },
  // Names the jiceng.json setting that fixes it.
  flag_unclassified_post: { zh: '岗位无法归类（在 jiceng.json 的 post_keywords 中添加该岗位关键词）', en: 'post matches no class (add a keyword for it to post_keywords in jiceng.json)' },
  flag_invalid_id_number: { zh: '身份证号校验不通过', en: 'ID number fails its checksum' },
  flag_zero_population: { zh: '派出所辖区人口为 0', en: 'station population is 0' },
} satisfies Record<string, Entry>;

// Traditional (and Taiwan/Hong Kong variant) characters → simplified, for header words only.
//
// A built-in table rather than opencc-js (1.4.2): its t2cn build is 109 KB and took 25 ms to import
// plus 150 ms to build its converter on this machine, paid by every `jiceng load` for a header row
// that is traditional "now and then". Headers only need the characters of the contract's own
// vocabulary, so this table holds exactly those: derived from OpenCC's TSCharacters,
// TWVariantsRev and HKVariantsRev dictionaries (Apache-2.0) for every character of kinds.ts and
// headers.ts. Values are never converted: a unit's name stays as written.

/** Pairs of (traditional, simplified) characters, written end to end. */
const PAIRS = '萬万個个箇个舉举價价眾众衆众會会傳传體体偵侦關关內内冊册農农決决況况齣出別别彆别製制辦办務务動动區区韆千協协單单縣县參参蔘参發发髮发檯台臺台颱台枱台號号閤合後后嚮向曏向員员國国備备復复複复審审導导侷局層层屬属嵗岁歲岁𡻕岁崗岗佈布鄉乡態态總总戶户執执報报揮挥敎教數数無无時时暫暂機机來来構构査查標标覈核檔档檢检匯汇彙汇滙汇註注滿满點点狀状環环現现電电監监碼码礎础離离種种祕秘積积稱称類类係系繫系級级紀纪綫线線线組组織织經经結结統统綜综編编網网羣群職职聯联葯药藥药錶表裝装計计議议記记訪访証证證证評评訴诉話话說说説说調调負负財财責责賬账質质資资車车輔辅輛辆轄辖選选邏逻裏里裡里鈡钟鍾钟鐘钟銷销鎭镇鎮镇長长門门問问間间隊队麪面麫面麵面項项預预領领題题額额風风';

const TABLE = new Map<string, string>();
{
  const chars = [...PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) TABLE.set(chars[i], chars[i + 1]);
}

/** The text with every traditional character of the header vocabulary made simplified. */
export function toSimplified(s: string): string {
  let out = '';
  for (const ch of s) out += TABLE.get(ch) ?? ch;
  return out;
}

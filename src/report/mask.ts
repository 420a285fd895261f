// Masking of personal data for reports: ID numbers, phone numbers and names keep only what identifies the row, not the person.

const STAR = '*';
const stars = (n: number): string => STAR.repeat(Math.max(0, n));

/**
 * 居民身份证号: an 18-character number keeps its first 6 (the issuing region) and last 4:
 * 110105********1234. A 15-digit (first-generation) number keeps 6 + 3: 110105******123. Anything
 * else keeps at most its first 2 and last 2 characters, and only when 8 or more are hidden.
 */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim().replace(/[\s-]/g, '');
  if (!s) return '';
  const chars = Array.from(s);
  if (chars.length === 18) return chars.slice(0, 6).join('') + stars(8) + chars.slice(14).join('');
  if (chars.length === 15) return chars.slice(0, 6).join('') + stars(6) + chars.slice(12).join('');
  if (chars.length >= 12) return chars.slice(0, 2).join('') + stars(chars.length - 4) + chars.slice(-2).join('');
  return stars(chars.length);
}

/**
 * Phone numbers. A mainland mobile (11 digits starting 1, with or without +86/86/0086 and separators)
 * keeps 3 + 4: 138****5678 (+86 138****5678). A landline with an area code (0xx or 0xxx) keeps the
 * area code and the last 4 digits of the local number: 010-****5678, 0551-***4567. Other numbers
 * keep their last 4 digits when at least 7 digits are given, else nothing. Separators are kept.
 */
export function maskPhone(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  if (!s) return '';
  const digits = s.replace(/\D/g, '');
  const mobile = /^(?:(?:\+|00)?86)?(1[3-9]\d{9})$/.exec(digits);
  if (mobile && /^[+\d\s()-]+$/.test(s)) {
    const d = mobile[1];
    const prefix = digits.length > 11 ? (s.trimStart().startsWith('+') ? '+86 ' : digits.slice(0, digits.length - 11) + ' ') : '';
    return prefix + d.slice(0, 3) + stars(4) + d.slice(7);
  }
  const land = /^(?:\+?86[\s-]?)?\(?(0\d{2,3})\)?[\s-]?(\d{7,8})(?:[\s-]*(?:转|ext\.?|x)[\s-]*\d{1,6})?$/i.exec(s);
  if (land) {
    const [, area, local] = land;
    return `${area}-${stars(local.length - 4)}${local.slice(-4)}`;
  }
  // Anything else: every digit hidden but the last 4 (when enough digits remain to hide).
  let seen = 0;
  const keepFrom = digits.length >= 7 ? digits.length - 4 : Infinity;
  return Array.from(s)
    .map((ch) => {
      if (/\d/.test(ch)) return seen++ >= keepFrom ? ch : STAR;
      return /[A-Za-z]/.test(ch) ? STAR : ch;
    })
    .join('');
}

/** Two-character (复姓) surnames: the surname is kept whole, the given name masked (欧阳娜娜 → 欧阳**). */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '钟离', '闾丘', '独孤', '南宫', '西门', '端木', '呼延', '澹台', '公冶', '太史', '申屠', '万俟', '司空',
  '赫连', '拓跋', '百里', '东郭', '淳于', '单于', '仲孙', '濮阳', '鲜于', '闻人', '左丘', '梁丘', '亓官', '羊舌',
  '微生', '宗政', '公羊', '谷梁', '第五', '巫马', '漆雕', '乐正', '壤驷', '公良', '拓拔', '夹谷', '宰父', '段干',
]);

/**
 * A person's name keeps the surname only: 王五 → 王*, 王小明 → 王**, 欧阳娜娜 → 欧阳**, 欧阳修 → 欧阳*.
 * A one-character name becomes *. Names in Latin script keep the first letter of each word (J*** S****).
 */
export function maskName(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  if (!s) return '';
  const chars = Array.from(s);
  if (/^[\p{Script=Latin}\s.'’-]+$/u.test(s)) {
    return s.split(/(\s+)/).map((w) => (/^\s+$/.test(w) ? w : Array.from(w).map((c, i) => (i === 0 ? c : /[.'’-]/.test(c) ? c : STAR)).join(''))).join('');
  }
  const name = chars.filter((c) => !/[\s·•.]/.test(c));
  if (name.length <= 1) return STAR;
  const keep = name.length > 2 && COMPOUND_SURNAMES.has(name[0] + name[1]) ? 2 : 1;
  return name.slice(0, keep).join('') + stars(name.length - keep);
}

export type PersonalKind = 'name' | 'id_number' | 'phone';

/** Masks a value of a personal field by its kind. */
export function maskPersonal(kind: PersonalKind, value: string | null | undefined): string | null {
  return kind === 'name' ? maskName(value) : kind === 'id_number' ? maskIdNumber(value) : maskPhone(value);
}

// Bilingual text: every user-facing string is a {zh, en} pair picked by --lang (Chinese by default).
import { jicengCommand } from '../cli/invocation.js';

export type Lang = 'zh' | 'en';
export type Text = { zh: string; en: string };

export function parseLang(s: string | undefined): Lang {
  if (!s) return (process.env.JICENG_LANG === 'en' ? 'en' : 'zh');
  const v = s.toLowerCase();
  if (v === 'zh' || v === 'cn' || v.startsWith('zh-')) return 'zh';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return 'zh';
}

/** Picks the language and fills {name} placeholders; {jiceng} is the command as run here (cli/invocation.ts). */
export function tr(text: Text, lang: Lang, vars: Record<string, string | number> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : k === 'jiceng' ? jicengCommand() : m));
}

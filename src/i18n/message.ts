// A message is a stable snake_case code plus named parameters; its words live in the catalog
// (catalog/), in zh and en. Code that reports a problem builds a Message, never a sentence.
import type { Lang } from './index.js';
import { CATALOG } from './catalog/index.js';
import { jicengCommand } from '../cli/invocation.js';

export type Param = string | number | boolean | null;
export interface Message {
  code: string;
  params?: Record<string, Param>;
}
export interface Entry {
  zh: string;
  en: string;
}

/** Builds a message: msg('bad_quarter', {value: '2026Q5'}). */
export function msg(code: string, params?: Record<string, Param>): Message {
  return params ? { code, params } : { code };
}

/** The parameter names a catalog text uses: {name}. */
export function paramsOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/**
 * The message in the chosen language. An unknown code is a programming error, shown as the code itself.
 * `{jiceng}` needs no parameter: it is the command as the user runs it here (`jiceng`, `npx jiceng`,
 * `./jiceng`), so hints such as "Next: {jiceng} load <exports>" work as printed.
 */
export function say(m: Message, lang: Lang): string {
  const entry = CATALOG[m.code];
  if (!entry) return m.params ? `${m.code} ${JSON.stringify(m.params)}` : m.code;
  return entry[lang].replace(/\{(\w+)\}/g, (whole, k: string) => {
    const v = k === 'jiceng' && m.params?.[k] === undefined ? jicengCommand() : m.params?.[k];
    return v === undefined || v === null ? whole : String(v);
  });
}

export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && typeof (x as Message).code === 'string';
}

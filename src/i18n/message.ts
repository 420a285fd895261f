// A message is a stable snake_case code plus named parameters; its words live in the catalog
// (catalog/), in zh and en. Code that reports a problem builds a Message, never a sentence.
import type { Lang } from './index.js';
import { CATALOG } from './catalog/index.js';
import { jicengCommand } from '../cli/invocation.js';

/**
 * A parameter: data, a nested message (a kind or field name, a noun) rendered in the same language,
 * or a list of them, joined by the language's list separator.
 */
export type Param = string | number | boolean | null | Message | Param[];
export interface Message {
  code: string;
  params?: Record<string, Param>;
}
export interface Entry {
  zh: string;
  en: string;
}

/** Builds a message: msg('unknown_kind', {kind: 'cases2'}). */
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
    if (v === undefined || v === null) return whole;
    return render(v, lang);
  });
}

function render(v: Param, lang: Lang): string {
  if (Array.isArray(v)) return v.map((x) => render(x, lang)).join(CATALOG.list_separator?.[lang] ?? ', ');
  if (v !== null && typeof v === 'object') return say(v, lang);
  return String(v);
}

/** A message for --json output: its code and parameters, with the text in the chosen language beside them. */
export function messageJson(m: Message, lang: Lang): { code: string; params: Record<string, Param>; text: string } {
  return { code: m.code, params: m.params ?? {}, text: say(m, lang) };
}

export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && typeof (x as Message).code === 'string';
}

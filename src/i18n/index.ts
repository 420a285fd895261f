// The interface language: --lang, then JICENG_LANG, then Chinese. Every word in either language
// is a code of the catalog (catalog/), rendered by say() (message.ts).
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A language name as given (zh, zh-CN, cn, en, en-US…), or undefined when it is neither. */
export function langOf(s: string): Lang | undefined {
  const v = s.trim().toLowerCase();
  if (v === 'zh' || v === 'cn' || v.startsWith('zh-') || v.startsWith('zh_')) return 'zh';
  if (v === 'en' || v.startsWith('en-') || v.startsWith('en_')) return 'en';
  return undefined;
}

/** Thrown for a language that is neither zh nor en; main.ts turns it into a usage error. */
export class UnknownLangError extends Error {
  constructor(readonly value: string, readonly source: '--lang' | 'JICENG_LANG') {
    super(`unknown language "${value}"`);
  }
}

/** The chosen language: the --lang value, else JICENG_LANG, else zh. An unknown name is refused. */
export function parseLang(s: string | undefined): Lang {
  if (s !== undefined && s !== '') {
    const l = langOf(s);
    if (!l) throw new UnknownLangError(s, '--lang');
    return l;
  }
  const env = process.env.JICENG_LANG;
  if (env !== undefined && env !== '') {
    const l = langOf(env);
    if (!l) throw new UnknownLangError(env, 'JICENG_LANG');
    return l;
  }
  return 'zh';
}

/** The --lang value on a raw command line (`--lang en` or `--lang=en`), read before commander runs. */
export function langArg(argv: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--lang') found = argv[i + 1] ?? '';
    else if (a.startsWith('--lang=')) found = a.slice('--lang='.length);
  }
  return found;
}

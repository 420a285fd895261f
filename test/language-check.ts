// What a person reads, checked per language: in zh no English sentence outside data, paths, flags and
// commands; in en no Chinese interface word outside data (unit names, categories, case ids).

/** Removes each data value (longest first) from the text. */
function withoutData(text: string, data: string[]): string {
  let t = text;
  for (const d of [...new Set(data)].filter(Boolean).sort((a, b) => b.length - a.length)) t = t.split(d).join(' ');
  return t;
}

/** Runs of three English words left in a Chinese text once data, paths, flags, commands and codes are gone. */
export function englishSentences(text: string, data: string[] = []): string[] {
  const prose = withoutData(text, data)
    .replace(/(?:\/[\w.@\-\u4e00-\u9fff]+)+\/?/g, ' ') // paths
    .replace(/jiceng [a-z-]+(?: [a-z-]+)?/g, ' ')
    .replace(/--?[a-z][\w-]*(?:[= ][\w.=±%,-]+)?/g, ' ')
    .replace(/`[^`]*`|"[^"]*"|“[^”]*”|'[^']*'/g, ' ')
    .replace(/\b[a-z]+_[a-z_.]+\b|\b\w+\.(?:csv|xlsx|json)\b|\b[0-9a-f]{16,}\b/gi, ' ');
  return [...prose.matchAll(/\b[A-Za-z]{2,}[ \t]+[A-Za-z]{2,}[ \t]+[A-Za-z]{2,}\b/g)].map((m) => m[0]);
}

/** Chinese (and full-width punctuation) left in an English text once data are gone. */
export function chineseWords(text: string, data: string[] = []): string[] {
  return [...withoutData(text, data).matchAll(/.{0,20}[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+.{0,20}/g)].map((m) => m[0]);
}

// A catalog message with parameters taken from each row, as SQL: the English text, the code and the
// parameters' JSON that rejects and flags store, equal to what say(m, 'en'), m.code and
// JSON.stringify(m.params) give for that row in Node.
import type { Message } from '../../i18n/message.js';
import { say } from '../../i18n/message.js';
import { lit } from '../../db/database.js';

/**
 * `m` with the parameters named in `fromSql` filled by those SQL expressions (VARCHAR) per row; its
 * other parameters are constants (strings or numbers), written in the JSON in `m`'s order.
 */
export function messageSql(m: Message, fromSql: Record<string, string>): { text: string; code: string; params: string } {
  const params = { ...(m.params ?? {}) };
  const marks = Object.keys(fromSql).map((k, i) => ({ k, mark: `\u0001${i}\u0001` }));
  for (const { k, mark } of marks) params[k] = mark;
  let text = lit(say({ code: m.code, params }, 'en'));
  for (const { k, mark } of marks) text = `replace(${text}, ${lit(mark)}, ${fromSql[k]})`;
  const json = Object.entries(params).map(([k, v]) => `${lit(k)}, ${k in fromSql ? fromSql[k] : typeof v === 'number' ? String(v) : lit(String(v))}`);
  return { text, code: lit(m.code), params: `json_object(${json.join(', ')})::VARCHAR` };
}

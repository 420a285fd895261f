// The SQL fast path of value parsing: for the common spellings of a cell, a DuckDB expression that
// gives exactly what rows.ts readCell (values.ts parseValue + plausibility) gives, or NULL when it
// cannot be sure. Every cell it leaves NULL is parsed in Node by readCell itself (sql/lookup.ts),
// so the Node parser stays the one definition; this module only recognises spellings whose result
// is certain. test/sql-values.test.ts checks it against readCell, spelling by spelling.
import { PLAUSIBLE_DATE_FROM, type Field } from '../../contract/kinds.js';
import { lit } from '../../db/database.js';
import { MAX_CELL_CHARS, type RowContext } from '../rows.js';

/**
 * Characters that make parseText clean a value (JS \s other than a single inner space, and the
 * zero-width space): a value holding none of them, nor edge or doubled spaces, is kept as written.
 */
const UNCLEAN = `'^ | $|  |[\\t\\n\\x0b\\f\\r\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200b}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}]'`;

/**
 * A first character no placeholder (-, /, \, 无, 暂无, 空, n/a, #n/a, null, in any width or case)
 * can start with, even after NFKC: ASCII letters but n, digits, and unified ideographs but 无暂空.
 */
const NOT_PLACEHOLDER_START = `'^[A-MO-Za-mo-z0-9\\x{4e00}-\\x{65df}\\x{65e1}-\\x{6681}\\x{6683}-\\x{7a79}\\x{7a7b}-\\x{9fff}]'`;

/**
 * The fast-path expression for field f over the SQL expression `c` (a VARCHAR, never ''), or
 * undefined when the field's type has none (enums, booleans: few distinct values, all parsed in
 * Node). The expression is NULL for a cell it is not sure of.
 */
export function fastValueSql(f: Field, c: string, ctx: RowContext): string | undefined {
  const rule = fastRule(f, c, ctx);
  return rule && `CASE WHEN ${rule.claims} THEN ${rule.value} END`;
}

/**
 * SQL true exactly for the cells fastValueSql reads (NULL or false for the others): the test alone,
 * for finding the cells left to Node without building the values.
 */
export function fastClaimSql(f: Field, c: string, ctx: RowContext): string | undefined {
  return fastRule(f, c, ctx)?.claims;
}

/**
 * The value fastValueSql gives a cell it claims, without the test (anything for other cells; NULL
 * for NULL): for a pass that knows the claimed cells otherwise, as the stage does from the lookup
 * of the cells left to Node.
 */
export function fastClaimedValueSql(f: Field, c: string, ctx: RowContext): string | undefined {
  return fastRule(f, c, ctx)?.value;
}

/** A fast-path rule: the cells it claims, and their value (an expression meant only for those). */
interface FastRule {
  claims: string;
  value: string;
}

function fastRule(f: Field, c: string, ctx: RowContext): FastRule | undefined {
  const keep = (claims: string): FastRule => ({ claims, value: c });
  switch (f.type) {
    case 'id':
      // Visible ASCII as written (bytes bound characters, so strlen is a safe and cheap length test); not a placeholder (null), not a number Excel wrote in scientific notation
      // (its regular expression run only on cells holding an e, the placeholder test only on four letters: a third of the id test's CPU).
      return keep(`strlen(${c}) <= ${MAX_CELL_CHARS} AND regexp_full_match(${c}, '[A-Za-z0-9][A-Za-z0-9_.\\-]*')
        AND (strlen(${c}) <> 4 OR ${c} NOT ILIKE 'null') AND (NOT contains(${c}, 'e') AND NOT contains(${c}, 'E') OR NOT regexp_full_match(${c}, '[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]+'))`);
    case 'text':
      // Clean text: long enough that it cannot be a placeholder, or starting with a character none starts with.
      return keep(`strlen(${c}) <= ${MAX_CELL_CHARS} AND NOT regexp_matches(${c}, ${UNCLEAN})
        AND (length(${c}) > 8 OR regexp_matches(${c}, ${NOT_PLACEHOLDER_START}))`);
    case 'date':
    case 'datetime': {
      const from = lit(f.from ?? PLAUSIBLE_DATE_FROM);
      const to = lit(f.future ? ctx.horizon : ctx.today);
      // A real date (time) written the canonical way: DuckDB's cast and back gives the same text.
      // Hours 24 and second 60, which the cast may take, are excluded by the comparison of text.
      // The canonical text is ASCII, so strlen (bytes, no counting) tests its length.
      const day = `strlen(${c}) = 10 AND CAST(TRY_CAST(${c} AS DATE) AS VARCHAR) = ${c}`;
      const stamp = `strlen(${c}) = 19 AND CAST(TRY_CAST(${c} AS TIMESTAMP) AS VARCHAR) = ${c}`;
      // Only canonical text is claimed, for which comparing the whole text with the bounds (the upper
      // one as the day's last possible instant) is comparing its date: no left(c, 10) copy (half the date test's CPU).
      const ymd = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d);
      const toDay = f.future ? ctx.horizon : ctx.today;
      const plausible = ymd(f.from ?? PLAUSIBLE_DATE_FROM) && ymd(toDay)
        ? `${c} BETWEEN ${from} AND ${lit(`${toDay} 99:99:99`)}`
        : `left(${c}, 10) BETWEEN ${from} AND ${to}`;
      if (f.type === 'date') return keep(`${plausible} AND ${day}`);
      // A claimed cell of 19 characters is a stamp, of 10 a day.
      return { claims: `${plausible} AND (${stamp} OR ${day})`, value: `CASE WHEN strlen(${c}) = 19 THEN ${c} ELSE ${c} || ' 00:00:00' END` };
    }
    case 'money':
      // Yuan without sign, grouping or more than two decimals: the digits, then exactly two decimals.
      return {
        claims: `regexp_full_match(${c}, '(0|[1-9][0-9]{0,12})(\\.[0-9]{1,2})?')`,
        value: `CASE WHEN contains(${c}, '.') THEN rpad(${c}, CAST(strpos(${c}, '.') + 2 AS INTEGER), '0') ELSE ${c} || '.00' END`,
      };
    case 'int':
    case 'number': {
      // Whole numbers without sign or leading zeros, within the field's maximum.
      const max = f.max !== undefined ? ` AND TRY_CAST(${c} AS BIGINT) <= ${f.max}` : '';
      return keep(`regexp_full_match(${c}, '0|[1-9][0-9]{0,14}')${max}`);
    }
    default:
      return undefined;
  }
}

// A lean streaming XML scanner for the parts of an xlsx: it cuts decoded text into open tags,
// close tags and text ranges and hands them to a handler, with no objects per node.
//
// It is not a general XML parser, only what SpreadsheetML needs, done strictly enough to refuse a
// damaged part instead of reading it wrongly:
// - the root element's namespace prefix (`<x:worksheet>`, Open XML SDK output) is stripped from
//   every element carrying it, so handlers see `row`, `c`, `v`; other prefixes stay on the name;
// - elements must nest (a close tag must match the open one) and the part must not end inside an
//   element; comments, processing instructions and CDATA (as text) are understood; a DOCTYPE is
//   refused (no entity expansion);
// - a tag, comment or CDATA section cut by a chunk boundary is carried into the next chunk, and
//   text is handed over as ranges, so text split across chunks arrives as two ranges;
// - `>` inside quoted attribute values does not end a tag.
// Text and attribute values are handed over raw; decodeXmlText() turns them into strings.

export interface XmlHandler {
  /** An open (or self-closing) tag; its attributes lie in s[attrStart, attrEnd). */
  open(name: string, s: string, attrStart: number, attrEnd: number, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text (entities not yet decoded) in s[start, end). */
  text(s: string, start: number, end: number): void;
}

export class XmlMalformed extends Error {}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUESTION = 63;
const BANG = 33;
const DQUOTE = 34;
const SQUOTE = 39;

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 13 || ch === 9;
}

export class XmlScanner {
  private carry = '';
  /** Open elements: names as written, and as handed to the handler (root prefix stripped). */
  private readonly stack: string[] = [];
  private readonly names: string[] = [];
  /** `x:` when the root element is `<x:…>`; '' when unprefixed; undefined before the root. */
  private prefix: string | undefined = undefined;
  /** Set by a handler that needs nothing more of this part: the rest is not scanned. */
  stopped = false;

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: string): void {
    if (this.stopped) return;
    const s = this.carry ? this.carry + chunk : chunk;
    this.carry = '';
    const at = this.scan(s);
    if (at < s.length && !this.stopped) this.carry = s.slice(at);
  }

  /** End of the part: anything left open means it was cut short or is damaged. */
  end(): void {
    if (this.stopped) return;
    if (this.carry.trim() !== '') throw new XmlMalformed(`XML ends inside a tag: ${this.carry.slice(0, 40)}`);
    if (this.stack.length > 0) throw new XmlMalformed(`XML ends before </${this.stack[this.stack.length - 1]}>`);
  }

  private localName(raw: string): string {
    const p = this.prefix;
    if (p === undefined) {
      const colon = raw.indexOf(':');
      this.prefix = colon < 0 ? '' : raw.slice(0, colon + 1);
      return colon < 0 ? raw : raw.slice(colon + 1);
    }
    if (p !== '' && raw.length > p.length && raw.startsWith(p)) return raw.slice(p.length);
    return raw;
  }

  /** Scans s; returns the index where an incomplete construct starts (s.length when none). */
  private scan(s: string): number {
    const n = s.length;
    const h = this.handler;
    const stack = this.stack;
    let pos = 0;
    while (pos < n) {
      if (this.stopped) return n;
      const lt = s.charCodeAt(pos) === LT ? pos : s.indexOf('<', pos);
      if (lt < 0) {
        if (stack.length > 0) h.text(s, pos, n);
        return n;
      }
      if (lt > pos && stack.length > 0) h.text(s, pos, lt);
      if (lt + 1 >= n) return lt;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === SLASH) {
        // A close tag must name the element open at the top of the stack.
        let e = lt + 2;
        while (e < n) {
          const ch = s.charCodeAt(e);
          if (ch === GT || ch <= 32) break;
          e++;
        }
        if (e >= n) return lt;
        let gt = e;
        if (s.charCodeAt(e) !== GT) {
          gt = s.indexOf('>', e);
          if (gt < 0) return lt;
          if (s.slice(e, gt).trim() !== '') throw new XmlMalformed(`a close tag with attributes: ${s.slice(lt, gt + 1)}`);
        }
        const top = stack.pop();
        if (top === undefined || top.length !== e - lt - 2 || !s.startsWith(top, lt + 2)) {
          const raw = s.slice(lt + 2, e);
          throw new XmlMalformed(top === undefined ? `unexpected </${raw}>` : `</${raw}> where </${top}> was expected`);
        }
        h.close(this.names.pop()!);
        pos = gt + 1;
        continue;
      }
      if (c1 === QUESTION) {
        const q = s.indexOf('?>', lt + 2);
        if (q < 0) return lt;
        pos = q + 2;
        continue;
      }
      if (c1 === BANG) {
        if (s.startsWith('<!--', lt)) {
          const q = s.indexOf('-->', lt + 4);
          if (q < 0) return lt;
          pos = q + 3;
          continue;
        }
        if (n - lt < 9) return lt; // too short to tell CDATA from a cut comment
        if (s.startsWith('<![CDATA[', lt)) {
          const q = s.indexOf(']]>', lt + 9);
          if (q < 0) return lt;
          if (stack.length > 0 && q > lt + 9) {
            // Handed over as text with its markup characters escaped, so decoding restores them.
            const inner = s.slice(lt + 9, q).replace(/&/g, '&amp;');
            h.text(inner, 0, inner.length);
          }
          pos = q + 3;
          continue;
        }
        throw new XmlMalformed('a DOCTYPE or other declaration, which spreadsheet parts never carry');
      }
      // Open tag: the name, then the end of the tag outside quoted values.
      let e = lt + 1;
      while (e < n) {
        const ch = s.charCodeAt(e);
        if (ch === GT || ch === SLASH || ch <= 32) break;
        e++;
      }
      if (e >= n) return lt;
      if (e === lt + 1) throw new XmlMalformed(`a tag without a name at "${s.slice(lt, lt + 20)}"`);
      let i = e;
      let quote = 0;
      for (; i < n; i++) {
        const ch = s.charCodeAt(i);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === GT) break;
        else if (ch === DQUOTE || ch === SQUOTE) quote = ch;
        else if (ch === LT) throw new XmlMalformed(`"<" inside the tag "${s.slice(lt, Math.min(i, lt + 40))}"`);
      }
      if (i >= n) return lt;
      const selfClosing = s.charCodeAt(i - 1) === SLASH;
      const raw = s.slice(lt + 1, e);
      const name = this.localName(raw);
      if (!selfClosing) {
        stack.push(raw);
        this.names.push(name);
      }
      h.open(name, s, e, selfClosing ? i - 1 : i, selfClosing);
      if (selfClosing) h.close(name);
      pos = i + 1;
    }
    return n;
  }
}

/**
 * Walks the attributes of a tag without allocating: after next() returns true, the name lies in
 * s[nameStart, nameEnd) and the raw value in s[valueStart, valueEnd).
 */
export class AttrCursor {
  s = '';
  private i = 0;
  private end = 0;
  nameStart = 0;
  nameEnd = 0;
  valueStart = 0;
  valueEnd = 0;

  reset(s: string, start: number, end: number): void {
    this.s = s;
    this.i = start;
    this.end = end;
  }

  next(): boolean {
    const s = this.s;
    const end = this.end;
    let i = this.i;
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    if (i >= end) return false;
    this.nameStart = i;
    while (i < end) {
      const ch = s.charCodeAt(i);
      if (ch === 61 /* = */ || isSpace(ch)) break;
      i++;
    }
    this.nameEnd = i;
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 61) throw new XmlMalformed(`attribute ${s.slice(this.nameStart, this.nameEnd)} without a value`);
    i++;
    while (i < end && isSpace(s.charCodeAt(i))) i++;
    const q = s.charCodeAt(i);
    if (q !== DQUOTE && q !== SQUOTE) throw new XmlMalformed(`attribute ${s.slice(this.nameStart, this.nameEnd)} without quotes`);
    const close = s.indexOf(q === DQUOTE ? '"' : "'", i + 1);
    if (close < 0 || close >= end) throw new XmlMalformed(`attribute ${s.slice(this.nameStart, this.nameEnd)} is not closed`);
    this.valueStart = i + 1;
    this.valueEnd = close;
    this.i = close + 1;
    return true;
  }

  is(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && this.s.startsWith(name, this.nameStart);
  }

  value(): string {
    return decodeXmlText(this.s.slice(this.valueStart, this.valueEnd));
  }

  /** The value as a non-negative decimal integer; NaN when it is not one. */
  int(): number {
    const s = this.s;
    let v = 0;
    let i = this.valueStart;
    if (i >= this.valueEnd) return NaN;
    for (; i < this.valueEnd; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  }
}

/** The value of one attribute of a tag, decoded (for the few tags outside the hot path). */
export function attrValue(cur: AttrCursor, s: string, start: number, end: number, name: string): string | undefined {
  cur.reset(s, start, end);
  while (cur.next()) if (cur.is(name)) return cur.value();
  return undefined;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;

function entity(_: string, e: string): string {
  switch (e) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default: {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
  }
}

/** Entity and character references decoded (&amp; → &, &#x4E2D; → 中); an unknown or out-of-range one is dropped. */
export function decodeEntities(s: string): string {
  return s.includes('&') ? s.replace(ENTITY, entity) : s;
}

/** Raw XML text → string: line ends normalised as XML requires, entity and character references decoded. */
export function decodeXmlText(raw: string): string {
  return decodeEntities(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);
}

// A forgiving reader for the JSON that small models write: single quotes, Python tuples,
// trailing commas, unquoted keys, unescaped quotes inside strings, and replies cut off in
// the middle. It never throws; whatever was read before the text ran out is returned.

export interface LenientRead {
  readonly value: unknown;
  /** Index just after the value. */
  readonly end: number;
  /** The text ran out before the value was closed. */
  readonly truncated: boolean;
}

/** Nesting deeper than this is cut off rather than risking the call stack. */
const MAX_DEPTH = 32;
const CLOSERS = new Set([',', ':', ']', '}', ')']);

/** Reads one JSON-like value that starts at `start` (an opening bracket, brace or parenthesis). */
export function readLenientJson(text: string, start: number): LenientRead {
  const reader = new Reader(text, start);
  const value = reader.value(0);
  return { value, end: reader.at, truncated: reader.truncated };
}

/** Where a JSON-looking value starts at or after `from`: a bracket or brace followed by a quote, bracket or brace. */
export function findJsonStart(text: string, from = 0): number {
  const pattern = /[[{]\s*["'{[(]/g;
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

class Reader {
  at: number;
  truncated = false;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.at = start;
  }

  value(depth: number): unknown {
    this.skipSpace();
    const ch = this.text[this.at];
    if (ch === undefined) {
      this.truncated = true;
      return undefined;
    }
    if (depth >= MAX_DEPTH) {
      this.truncated = true;
      this.at = this.text.length;
      return undefined;
    }
    if (ch === ']' || ch === '}' || ch === ')' || ch === ',') return undefined;
    if (ch === '{') return this.object(depth);
    if (ch === '[' || ch === '(') return this.list(depth, ch === '[' ? ']' : ')');
    if (ch === '"' || ch === "'" || ch === '\u201c') return this.string();
    return this.bareword();
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    for (;;) {
      this.skipSpaceAndCommas();
      const ch = this.text[this.at];
      if (ch === undefined) {
        this.truncated = true;
        return result;
      }
      if (ch === '}' || ch === ']' || ch === ')') {
        this.at++;
        return result;
      }
      const key = ch === '"' || ch === "'" || ch === '\u201c' ? this.string() : this.bareword();
      if (this.truncated) return result;
      this.skipSpace();
      if (this.text[this.at] === ':' || this.text[this.at] === '=') {
        this.at++;
        const value = this.value(depth + 1);
        if (value !== undefined) result[String(key)] = value;
        if (this.truncated) return result;
      } else {
        // A key with no value, as in a Python set of strings.
        result[String(key)] = '';
      }
    }
  }

  private list(depth: number, closer: string): unknown[] {
    const result: unknown[] = [];
    this.at++;
    for (;;) {
      this.skipSpaceAndCommas();
      const ch = this.text[this.at];
      if (ch === undefined) {
        this.truncated = true;
        return result;
      }
      if (ch === closer || ch === ']' || ch === ')' || ch === '}') {
        this.at++;
        return result;
      }
      const before = this.at;
      const value = this.value(depth + 1);
      if (value !== undefined) result.push(value);
      if (this.truncated) return result;
      if (this.at === before) this.at++;
    }
  }

  /**
   * A quoted string. A quote only closes it when what follows looks like JSON punctuation,
   * so `"a sign reading "STOP" in red"` and `'Joe's Diner'` survive.
   */
  private string(): string {
    const open = this.text[this.at]!;
    const close = open === '\u201c' ? '\u201d' : open;
    let out = '';
    this.at++;
    while (this.at < this.text.length) {
      const ch = this.text[this.at]!;
      if (ch === '\\') {
        const next = this.text[this.at + 1];
        if (next === undefined) break;
        out += unescape(next, this.text.slice(this.at + 2, this.at + 6));
        this.at += next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6)) ? 6 : 2;
        continue;
      }
      if (ch === close && this.closesString(this.at + 1)) {
        this.at++;
        return out;
      }
      out += ch;
      this.at++;
    }
    this.truncated = true;
    return out;
  }

  private closesString(after: number): boolean {
    const rest = /^[ \t]*(.)/.exec(this.text.slice(after, after + 40));
    return rest === null || CLOSERS.has(rest[1]!) || rest[1] === '\n' || rest[1] === '\r';
  }

  private bareword(): string | null {
    const match = /^[^,:\]})\n]*/.exec(this.text.slice(this.at))!;
    this.at += Math.max(match[0].length, 1);
    const word = match[0].trim();
    return word === 'null' || word === 'None' ? null : word;
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private skipSpaceAndCommas(): void {
    while (this.at < this.text.length && /[\s,]/.test(this.text[this.at]!)) this.at++;
  }
}

function unescape(ch: string, hex: string): string {
  switch (ch) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'u':
      return /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : 'u';
    default:
      return ch;
  }
}

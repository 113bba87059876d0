export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface FoundJson {
  readonly value: JsonObject;
  /** text.slice(start, end) is the object's source. */
  readonly start: number;
  readonly end: number;
}

/**
 * Every top-level object in free text that reads as JSON, in order, also when a model bent the
 * rules: single or curly quotes, unquoted keys, trailing or missing commas, comments,
 * Python's None/True/False, and unquoted values such as 48°51'N.
 */
export function findJsonObjects(text: string): FoundJson[] {
  const found: FoundJson[] = [];
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    const parser = new LenientParser(text, at);
    try {
      const value = parser.object();
      found.push({ value, start: at, end: parser.at });
      at = parser.at - 1;
    } catch {
      // Not an object here; an inner "{" may still start one.
    }
  }
  return found;
}

const CLOSING_QUOTE = new Map([['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’']]);
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const LITERALS = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
  ['none', null],
  ['nil', null],
  ['undefined', null],
  ['nan', null],
]);

class LenientParser {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  object(): JsonObject {
    this.expect('{');
    const object: JsonObject = {};
    for (;;) {
      this.skipSpace();
      const char = this.peek();
      if (char === '}') {
        this.at++;
        return object;
      }
      if (char === ',') {
        this.at++;
        continue;
      }
      const key = CLOSING_QUOTE.has(char) ? this.string() : this.bareKey();
      this.skipSpace();
      this.expect(':');
      const value = this.value();
      if (key !== '__proto__') object[key] = value;
    }
  }

  private array(): JsonValue[] {
    this.expect('[');
    const array: JsonValue[] = [];
    for (;;) {
      this.skipSpace();
      const char = this.peek();
      if (char === ']') {
        this.at++;
        return array;
      }
      if (char === ',') {
        this.at++;
        continue;
      }
      array.push(this.value());
    }
  }

  private value(): JsonValue {
    this.skipSpace();
    const char = this.peek();
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (CLOSING_QUOTE.has(char)) return this.string();
    return this.bare();
  }

  private string(): string {
    const close = CLOSING_QUOTE.get(this.text[this.at]!)!;
    this.at++;
    let value = '';
    while (this.at < this.text.length) {
      const char = this.text[this.at++]!;
      if (char === '\\') {
        value += this.escape();
      } else if (char === close && this.endsString()) {
        return value;
      } else {
        value += char;
      }
    }
    throw new SyntaxError('unterminated string');
  }

  /** A quote only closes a string when what follows could follow a string ("Côte d'Ivoire"). */
  private endsString(): boolean {
    const rest = /^[ \t]*([,}\]:\n\r]|$)/.exec(this.text.slice(this.at, this.at + 64));
    return rest !== null;
  }

  private escape(): string {
    const char = this.text[this.at++] ?? '';
    const simple: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
    if (char === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at, this.at + 4))) {
      this.at += 4;
      return String.fromCharCode(parseInt(this.text.slice(this.at - 4, this.at), 16));
    }
    return simple[char] ?? char;
  }

  /** An unquoted value: a number, a literal such as None, or text up to the next delimiter. */
  private bare(): JsonValue {
    const start = this.at;
    let token = this.readUntil(/[,}\]\n\r]/);
    // A comment after the value ends it; "//" inside a word (a URL) does not.
    const comment = /\s(?:\/\/|\/\*)/.exec(this.text.slice(start, this.at));
    if (comment) {
      this.at = start + comment.index;
      token = this.text.slice(start, this.at).trim();
    }
    NUMBER.lastIndex = 0;
    const number = NUMBER.exec(token);
    if (number !== null && number[0].length === token.length) return Number(token);
    const literal = LITERALS.get(token.toLowerCase());
    return literal !== undefined ? literal : token;
  }

  private bareKey(): string {
    return this.readUntil(/[:{}[\],"\n\r]/);
  }

  private readUntil(stop: RegExp): string {
    const start = this.at;
    while (this.at < this.text.length && !stop.test(this.text[this.at]!)) this.at++;
    const token = this.text.slice(start, this.at).trim();
    if (token === '') throw new SyntaxError(`unexpected "${this.peek()}"`);
    return token;
  }

  private skipSpace(): void {
    for (;;) {
      const space = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
      space.lastIndex = this.at;
      if (space.exec(this.text) === null) return;
      this.at = space.lastIndex;
    }
  }

  private peek(): string {
    const char = this.text[this.at];
    if (char === undefined) throw new SyntaxError('unexpected end');
    return char;
  }

  private expect(char: string): void {
    if (this.peek() !== char) throw new SyntaxError(`expected "${char}"`);
    this.at++;
  }
}

// One forgiving reader for the JSON that models write, used for location answers and cue lists.
// It bends for single, curly or missing quotes, Python's None/True/False and tuples, trailing or
// missing commas, comments, unescaped quotes inside strings and unquoted values such as 48°51'N;
// when a reply is cut off it keeps what was written before the cut. It never throws.
//
// Measured against npm's readers before writing it: `jsonrepair` turns "Côte d'Ivoire" into
// `Côte d"Ivoire`, cannot find an object inside prose and splits Python tuples into stray
// strings; `partial-json` reads only strict JSON. Neither reports where an object lies in a reply.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface LenientRead {
  /** What was read; undefined when nothing was (the text ended, or a closing bracket came first). */
  readonly value: JsonValue | undefined;
  /** Index just after the value. */
  readonly end: number;
  /** The text ran out before the value was closed. */
  readonly truncated: boolean;
}

export interface FoundJson {
  readonly value: JsonObject;
  /** text.slice(start, end) is the object's source (to the end of the text when cut off). */
  readonly start: number;
  readonly end: number;
  /** The reply ended inside the object; a number or word cut in two was left out. */
  readonly truncated: boolean;
}

export interface LenientOptions {
  /**
   * A key with no value (a Python set of strings) is kept with the value "". Off, such text
   * is not an object at all, which is what finding answers in prose needs ("{see below}").
   */
  readonly keysWithoutValues?: boolean;
  /** Keep a string cut off by the end of the text (cue lists do, and mark it); numbers and words cut off are always dropped. */
  readonly keepCutStrings?: boolean;
}

/** Nesting deeper than this is cut off rather than risking the call stack. */
const MAX_DEPTH = 32;

/** Reads one JSON-like value that starts at `start` (usually an opening bracket, brace or parenthesis). */
export function readLenientJson(text: string, start: number, options: LenientOptions = {}): LenientRead {
  const reader = new Reader(text, start, { keysWithoutValues: true, keepCutStrings: true, ...options });
  try {
    const value = reader.value(0);
    return { value, end: reader.at, truncated: reader.truncated };
  } catch {
    return { value: undefined, end: start, truncated: false };
  }
}

/** Where a JSON-looking value starts at or after `from`: a bracket or brace followed by a quote, bracket or brace. */
export function findJsonStart(text: string, from = 0): number {
  const pattern = /[[{]\s*["'{[(]/g;
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

/**
 * Every top-level object in free text that reads as JSON, in order, including one the reply
 * ended inside. Text in braces that is not an object ("{see below}") is skipped, and an inner
 * "{" may still start one.
 */
export function findJsonObjects(text: string): FoundJson[] {
  const found: FoundJson[] = [];
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    const reader = new Reader(text, at, { keysWithoutValues: false, keepCutStrings: false });
    try {
      const value = reader.value(0) as JsonObject;
      if (reader.truncated && Object.keys(value).length === 0) continue;
      found.push({ value, start: at, end: reader.at, truncated: reader.truncated });
      at = reader.at - 1;
    } catch {
      // Not an object here.
    }
  }
  return found;
}

const CLOSING_QUOTE = new Map([['"', '"'], ["'", "'"], ['\u201c', '\u201d'], ['\u2018', '\u2019']]);
// What may follow a closing quote: a quote followed by anything else is part of the text.
const AFTER_STRING = /^[ \t]*(?:[,:}\])=\n\r]|\/\/|\/\*|$)/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LITERALS = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
  ['none', null],
  ['nil', null],
  ['undefined', null],
  ['nan', null],
]);
const KEY_END = /[:={}[\],"\n\r]/;
const VALUE_END = /[,}\])\n\r]/;

class NotJson extends Error {}

class Reader {
  truncated = false;

  constructor(
    private readonly text: string,
    public at: number,
    private readonly options: Required<LenientOptions>,
  ) {}

  value(depth: number): JsonValue | undefined {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === undefined) {
      this.truncated = true;
      return undefined;
    }
    if (depth >= MAX_DEPTH) {
      this.truncated = true;
      this.at = this.text.length;
      return undefined;
    }
    if (char === '{') return this.object(depth);
    if (char === '[' || char === '(') return this.list(depth, char === '[' ? ']' : ')');
    if (char === ']' || char === '}' || char === ')' || char === ',') return undefined;
    if (char === ':' || char === '=') {
      this.at++; // a stray separator, as in a Python list written ("Tower": "tall")
      return undefined;
    }
    if (CLOSING_QUOTE.has(char)) return this.string();
    return this.bare(VALUE_END);
  }

  private object(depth: number): JsonObject {
    const object: JsonObject = {};
    this.at++;
    for (;;) {
      this.skipSpaceAndCommas();
      const char = this.text[this.at];
      if (char === undefined) {
        this.truncated = true;
        return object;
      }
      if (char === '}' || char === ']' || char === ')') {
        this.at++;
        return object;
      }
      const key = CLOSING_QUOTE.has(char) ? this.string() : this.bare(KEY_END);
      if (this.truncated) return object;
      this.skipSpace();
      const separator = this.text[this.at];
      if (separator === ':' || separator === '=') {
        this.at++;
        const value = this.value(depth + 1);
        if (value !== undefined && key !== '__proto__') object[String(key)] = value;
        if (this.truncated) return object;
      } else if (separator === undefined) {
        this.truncated = true;
        return object;
      } else if (this.options.keysWithoutValues) {
        if (key !== '__proto__') object[String(key)] = '';
      } else {
        throw new NotJson(`expected ":" after a key`);
      }
    }
  }

  private list(depth: number, closer: string): JsonValue[] {
    const list: JsonValue[] = [];
    this.at++;
    for (;;) {
      this.skipSpaceAndCommas();
      const char = this.text[this.at];
      if (char === undefined) {
        this.truncated = true;
        return list;
      }
      if (char === closer || char === ']' || char === ')' || char === '}') {
        this.at++;
        return list;
      }
      const before = this.at;
      const value = this.value(depth + 1);
      if (value !== undefined) list.push(value);
      if (this.truncated) return list;
      if (this.at === before) this.at++;
    }
  }

  /** A quoted string. A quote closes it only when what follows could follow a string (`'Joe's Diner'`). */
  private string(): string | undefined {
    const close = CLOSING_QUOTE.get(this.text[this.at]!)!;
    let value = '';
    this.at++;
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      if (char === '\\') {
        const next = this.text[this.at + 1];
        if (next === undefined) break;
        const hex = this.text.slice(this.at + 2, this.at + 6);
        value += unescape(next, hex);
        this.at += next === 'u' && /^[0-9a-fA-F]{4}$/.test(hex) ? 6 : 2;
        continue;
      }
      this.at++;
      if (char === close && AFTER_STRING.test(this.text.slice(this.at, this.at + 40))) return value;
      value += char;
    }
    this.truncated = true;
    return this.options.keepCutStrings ? value : undefined;
  }

  /** An unquoted value or key: a number, a literal such as None, or text up to the next delimiter. */
  private bare(end: RegExp): JsonValue | undefined {
    const start = this.at;
    while (this.at < this.text.length && !end.test(this.text[this.at]!)) this.at++;
    let token = this.text.slice(start, this.at);
    // A comment after the value ends it; "//" inside a word (a URL) does not.
    const comment = /\s(?:\/\/|\/\*)/.exec(token);
    if (comment) {
      this.at = start + comment.index;
      token = token.slice(0, comment.index);
    }
    token = token.trim();
    if (this.at >= this.text.length) {
      // The reply ended inside this word: "48.8" may have been "48.8566".
      this.truncated = true;
      return undefined;
    }
    if (token === '') {
      if (end === KEY_END && !this.options.keysWithoutValues) throw new NotJson(`unexpected "${this.text[this.at]}"`);
      this.at++; // a stray delimiter such as the colon in ("Tower": "tall")
      return undefined;
    }
    if (end === KEY_END) return token;
    if (NUMBER.test(token)) return Number(token);
    const literal = LITERALS.get(token.toLowerCase());
    return literal !== undefined ? literal : token;
  }

  private skipSpace(): void {
    const space = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
    for (;;) {
      space.lastIndex = this.at;
      if (space.exec(this.text) === null) return;
      this.at = space.lastIndex;
    }
  }

  private skipSpaceAndCommas(): void {
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== ',') return;
      this.at++;
    }
  }
}

function unescape(char: string, hex: string): string {
  const simple: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
  if (char === 'u') return /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : 'u';
  return simple[char] ?? char;
}

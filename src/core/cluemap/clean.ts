// Tidying the strings small models wrap around their cues: markdown, quotes, brackets,
// separators left at either end.

const OPENING_TO_CLOSING: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '\u201c': '\u201d',
  '\u2018': '\u2019',
  '\u00ab': '\u00bb',
  '\u201e': '\u201c',
  '\u300c': '\u300d',
  '(': ')',
  '[': ']',
  '\uff08': '\uff09',
};
const CLOSING = new Set(Object.values(OPENING_TO_CLOSING));

/** Lower case, compatibility-folded, punctuation and runs of space turned into single spaces. */
export function normaliseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function hasWordCharacter(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function stripMarkdown(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/^\s*#+\s*/, '');
}

/** A cue's short name: no markdown, no wrapping quotes or brackets, no separator at either end. */
export function cleanCueText(raw: string): string {
  let text = collapseSpace(stripMarkdown(raw));
  for (let round = 0; round < 6; round++) {
    const before = text;
    text = unwrap(text, true);
    text = stripStrayQuotes(text);
    text = text.replace(/^[\s\-\u2013\u2014:\uff1a,;.*]+/, '').replace(/[\s\-\u2013\u2014:\uff1a,;.*]+$/, '');
    if (text === before) break;
  }
  return text;
}

/**
 * A cue's description. Quotes are kept unless `unwrapQuotes` (the reply used them as syntax,
 * as in JSON or a quoted tuple): elsewhere they usually mark text copied from a sign.
 */
export function cleanDescription(raw: string, unwrapQuotes: boolean): string {
  let text = collapseSpace(stripMarkdown(raw));
  for (let round = 0; round < 6; round++) {
    const before = text;
    text = text.replace(/^[\s\-\u2013\u2014:\uff1a,;|]+/, '').replace(/[\s,;|]+$/, '');
    text = unwrap(text, unwrapQuotes);
    text = stripStrayQuotes(text);
    text = stripUnbalancedBracket(text);
    if (text === before) break;
  }
  return text;
}

/** Removes one matching pair around the whole string, when nothing inside closes it early. */
function unwrap(text: string, quotesToo: boolean): string {
  const open = text[0];
  if (open === undefined || text.length < 2) return text;
  const close = OPENING_TO_CLOSING[open];
  if (close === undefined || text[text.length - 1] !== close) return text;
  const isBracket = open === '(' || open === '[' || open === '\uff08';
  if (!isBracket && !quotesToo) return text;
  const inner = text.slice(1, -1);
  if (isBracket ? !bracketsBalanced(inner, open, close) : inner.includes(close)) return text;
  return inner.trim();
}

function bracketsBalanced(text: string, open: string, close: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

/** Drops a quote at either end that has no partner. A trailing apostrophe may be a plural possessive, so it stays. */
function stripStrayQuotes(text: string): string {
  const first = text[0];
  if (first !== undefined && first !== '(' && first !== '[' && first !== '\uff08') {
    const close = OPENING_TO_CLOSING[first];
    if (close !== undefined && !text.slice(1).includes(close)) text = text.slice(1).trimStart();
  }
  const last = text[text.length - 1];
  if (last !== undefined && last !== "'" && CLOSING.has(last) && last !== ')' && last !== ']' && last !== '\uff09') {
    const opens = Object.keys(OPENING_TO_CLOSING).filter((o) => OPENING_TO_CLOSING[o] === last);
    const body = text.slice(0, -1);
    const partnered = opens.some((o) => (o === last ? countOf(body, o) % 2 === 1 : body.includes(o)));
    if (!partnered) text = body.trimEnd();
  }
  return text;
}

function stripUnbalancedBracket(text: string): string {
  if (text.endsWith(')') && countOf(text, ')') > countOf(text, '(')) return text.slice(0, -1).trimEnd();
  if (text.startsWith('(') && countOf(text, '(') > countOf(text, ')')) return text.slice(1).trimStart();
  return text;
}

function countOf(text: string, ch: string): number {
  let count = 0;
  for (const c of text) if (c === ch) count++;
  return count;
}

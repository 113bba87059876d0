// Reads one line of a model's reply into items: a (cue, description) pair, a key waiting
// for its description on the next line, a bare phrase, a "Cue:" / "Description:" label, or
// nothing worth keeping. Which items become cues is decided afterwards, with the
// neighbouring lines in view (see parse-cues.ts).

import { cleanCueText, cleanDescription, hasWordCharacter, normaliseKey } from './clean';

export type Item =
  | { readonly kind: 'pair'; readonly text: string; readonly description: string; readonly truncated?: boolean }
  | { readonly kind: 'key'; readonly text: string; readonly bold: boolean }
  | { readonly kind: 'bare'; readonly text: string; readonly listed: boolean }
  | { readonly kind: 'label'; readonly label: 'cue' | 'description' | 'category'; readonly value: string }
  | { readonly kind: 'skip' };

const SKIP: Item = { kind: 'skip' };

const CUE_LABELS = new Set(['cue', 'clue', 'name', 'element', 'visual cue', 'cue name', 'item', 'feature', 'object']);
const DESCRIPTION_LABELS = new Set(['description', 'detailed description', 'description of the cue', 'details', 'detail', 'desc', 'explanation']);
const CATEGORY_LABELS = new Set(['category', 'cue category', 'type', 'cue type']);
/** Names under which a model adds a remark rather than a cue. */
const REMARK_KEYS = new Set(['note', 'notes', 'nb', 'disclaimer', 'summary', 'in summary', 'conclusion', 'in conclusion', 'caveat', 'warning']);
/** Keys under which a model names the place, which this stage must not do. */
const GUESS_KEYS = new Set([
  'location', 'likely location', 'possible location', 'probable location', 'estimated location',
  'predicted location', 'guessed location', 'location guess', 'my guess', 'guess', 'best guess',
  'prediction', 'country', 'city', 'coordinates', 'gps', 'gps coordinates', 'latitude', 'longitude',
  'lat', 'lon', 'answer', 'final answer',
]);

/** A cue under one of these names places the photo; parse-cues.ts drops it and says so. */
export function namesThePlace(cueText: string): boolean {
  return GUESS_KEYS.has(normaliseKey(cueText));
}

export function isRemark(cueText: string): boolean {
  return REMARK_KEYS.has(normaliseKey(cueText));
}

const LIST_MARKER =
  /^(?:[-*\u2022+\u00b7\u25aa\u25cf\u25e6\u2023\u25ba\u25b8]\s+|\(\d{1,3}\)\s*|\d{1,3}[.)](?!\d)\s*|\d{1,3}\s*[-:]\s+|\(?[a-zA-Z][.)]\s+|(?:cue|clue)\s*#?\s*\d{1,3}\s*[:.)\-\u2013]\s*)/i;
/** The earliest of: a colon followed by space or the end, a spaced hyphen or en dash, an em dash. */
const SEPARATOR = /[:\uff1a](?=\s|$)|\s[-\u2013]\s|\s?\u2014\s?/;
const BOLD_KEY = /^(\*\*|__)(.+?)\1/;
const TUPLE_AHEAD = /(?:^|\s)[(\uff08](?=[^()\n\uff08\uff09]{1,100},)/;
const MAX_KEY_CHARS = 80;
const MAX_KEY_WORDS = 12;

/** Opening words of the chatter around a list: greetings, preambles, closing remarks. */
export function isChatter(text: string): boolean {
  return /^(?:sure|certainly|of course|okay|ok|alright|here(?:'s| are| is)|below|i(?:'m|'ve|'ll| hope| have| can| cannot| can't| could| will| would| see| found| noticed| think| am)\b|let me|please|feel free|hope|these (?:are|cues|details|elements|clues|observations)|this (?:image|photo|picture|list)|the (?:image|photo|picture) (?:shows|contains|depicts|features|appears|seems|was|is)|it (?:is|was|seems|looks|appears)|in summary|to summari[sz]e|in conclusion|based on|as requested|unfortunately|sorry)\b/i.test(
    text.trim().replace(/^[*_#"'`\s]+/, ''),
  );
}

export function itemsOfLine(line: string): Item[] {
  const trimmed = line.trim();
  if (trimmed === '' || /^(?:```|~~~)/.test(trimmed) || /^(?:[-*_=]\s*){3,}$/.test(trimmed)) return [];
  if (trimmed.startsWith('|')) return [tableRow(trimmed)];
  if (/^#{1,6}\s/.test(trimmed)) {
    const heading = trimmed.replace(/^#+\s*/, '');
    return SEPARATOR.test(heading) || heading.startsWith('(') ? itemsOfSegment(heading) : [];
  }
  return splitRunOn(trimmed).flatMap((segment) => itemsOfSegment(segment));
}

export function stripListMarker(line: string): string {
  return line.replace(LIST_MARKER, '');
}

function itemsOfSegment(segment: string): Item[] {
  const marker = LIST_MARKER.exec(segment);
  const listed = marker !== null;
  const rest = segment
    .slice(marker?.[0].length ?? 0)
    .trim()
    .replace(/^`+|`+$/g, '')
    .replace(/,$/, '')
    .trim();
  if (rest === '') return [];
  if (rest.startsWith('(') || rest.startsWith('\uff08')) return tuples(rest);

  const tupleAt = TUPLE_AHEAD.exec(rest);
  if (tupleAt !== null && tupleAt.index > 0) {
    const prefix = rest.slice(0, tupleAt.index).trim();
    if (isChatter(prefix) || /[:\uff1a]$/.test(prefix)) return tuples(rest.slice(tupleAt.index).trim());
  }

  const bold = BOLD_KEY.exec(rest);
  if (bold !== null) {
    // "**1. Tower**: tall" and "**Cue 1:** (Tower, tall)" carry the list marker inside the bold.
    const key = bold[2]!.trim().replace(LIST_MARKER, '');
    const after = rest.slice(bold[0].length);
    if (!hasWordCharacter(key)) return itemsOfSegment(after.replace(/^\s*[:\uff1a.)\-\u2013\u2014]?\s*/, ''));
    return [classify(key, after, { listed, bold: true, quoted: false })];
  }

  const separator = SEPARATOR.exec(rest);
  if (separator !== null) {
    const key = rest.slice(0, separator.index);
    if (isKeyLike(key)) {
      const quoted = /^\s*["'\u201c]/.test(key);
      return [classify(key, rest.slice(separator.index + separator[0].length), { listed, bold: false, quoted })];
    }
  }
  if (/[:\uff1a]$/.test(rest)) return [classify(rest.slice(0, -1), '', { listed, bold: false, quoted: false })];
  return [bareOrParenthesised(rest, listed)];
}

interface KeyContext {
  readonly listed: boolean;
  readonly bold: boolean;
  /** The key was quoted, JSON style, so quotes around the value are syntax too. */
  readonly quoted: boolean;
}

function classify(rawKey: string, rawRest: string, context: KeyContext): Item {
  const text = cleanCueText(rawKey);
  const key = normaliseKey(text);
  const rest = rawRest.trim();
  if (key === '') return rest === '' ? SKIP : bareOrParenthesised(rest, context.listed);
  if (REMARK_KEYS.has(key)) return SKIP;
  if (!context.listed && !context.bold && isChatter(text)) return SKIP;
  if (CUE_LABELS.has(key)) return cueLabelled(rest);
  if (DESCRIPTION_LABELS.has(key)) return labelled('description', rest);
  if (CATEGORY_LABELS.has(key)) return labelled('category', rest);
  const description = cleanDescription(rest, context.quoted);
  if (description === '') return { kind: 'key', text, bold: context.bold };
  return { kind: 'pair', text, description };
}

/** "Cue: Tower, Description: tall" holds both halves on one line. */
function cueLabelled(rest: string): Item {
  const both = /^(.*?)(?:[,;]|\s[-\u2013\u2014])?\s*(?:detailed\s+)?(?:description|details?|desc)\s*[:\uff1a]\s*(.*)$/i.exec(rest);
  if (both === null) return labelled('cue', rest);
  const text = cleanCueText(both[1]!);
  const description = cleanDescription(both[2]!, true);
  if (text === '') return labelled('description', both[2]!);
  return { kind: 'pair', text, description };
}

function labelled(label: 'cue' | 'description' | 'category', rest: string): Item {
  const value = label === 'cue' ? cleanCueText(rest) : cleanDescription(rest, true);
  return value === '' ? SKIP : { kind: 'label', label, value };
}

/** "Red bus (double-decker)" reads as a cue and its description; anything else stays whole. */
function bareOrParenthesised(rest: string, listed: boolean): Item {
  const parenthesised = /^([^()]{1,60}?)\s*\((.+)\)$/.exec(rest);
  if (parenthesised !== null && (listed || !isChatter(rest))) {
    const text = cleanCueText(parenthesised[1]!);
    const description = cleanDescription(parenthesised[2]!, false);
    if (text !== '' && description !== '') return { kind: 'pair', text, description };
  }
  const text = cleanCueText(rest);
  if (text === '') return SKIP;
  if (!listed && isChatter(text)) return SKIP;
  return { kind: 'bare', text, listed };
}

function isKeyLike(key: string): boolean {
  const trimmed = key.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_KEY_CHARS && trimmed.split(/\s+/).length <= MAX_KEY_WORDS && hasWordCharacter(trimmed);
}

function tableRow(row: string): Item {
  const cells = row.split('|').map((cell) => cell.trim());
  if (cells[0] === '') cells.shift();
  if (cells[cells.length - 1] === '') cells.pop();
  if (cells.length === 0 || cells.every((cell) => /^:?-{2,}:?$/.test(cell) || cell === '')) return SKIP;
  if (/^\d{1,3}\.?$/.test(cells[0]!) && cells.length > 1) cells.shift();
  const [first = '', ...others] = cells;
  const text = cleanCueText(first);
  const description = cleanDescription(others.filter((cell) => cell !== '').join(', '), false);
  const isHeader = CUE_LABELS.has(normaliseKey(text)) && (description === '' || DESCRIPTION_LABELS.has(normaliseKey(description)));
  if (isHeader || text === '') return SKIP;
  return description === '' ? { kind: 'bare', text, listed: true } : { kind: 'pair', text, description };
}

/** One or more "(cue, description)" tuples in a row; the last may be cut off. */
function tuples(text: string): Item[] {
  const items: Item[] = [];
  let at = 0;
  while (at < text.length && (text[at] === '(' || text[at] === '\uff08')) {
    const close = matchingParenthesis(text, at);
    const inner = text.slice(at + 1, close < 0 ? text.length : close);
    const item = tuplePair(inner, close < 0);
    if (item !== null) items.push(item);
    if (close < 0) break;
    at = close + 1;
    while (at < text.length && /[\s,;.]/.test(text[at]!)) at++;
    const marker = LIST_MARKER.exec(text.slice(at));
    if (marker !== null && /[(\uff08]/.test(text[at + marker[0].length] ?? '')) at += marker[0].length;
  }
  return items;
}

function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '\uff08') depth++;
    else if ((ch === ')' || ch === '\uff09') && --depth === 0) return i;
  }
  return -1;
}

function tuplePair(inner: string, truncated: boolean): Item | null {
  const trimmed = inner.trim();
  const split = splitTuple(trimmed);
  const text = cleanCueText(split.text);
  const key = normaliseKey(text);
  if (key === '') return null;
  const description = cleanDescription(split.description, true);
  if (CUE_LABELS.has(key) && (description === '' || DESCRIPTION_LABELS.has(normaliseKey(description)))) return SKIP;
  if (REMARK_KEYS.has(key)) return SKIP;
  return truncated ? { kind: 'pair', text, description, truncated } : { kind: 'pair', text, description };
}

/** Splits at the first comma outside quotes and brackets; falls back to a colon or dash. */
function splitTuple(inner: string): { text: string; description: string } {
  const quote = inner[0];
  if (quote === '"' || quote === "'" || quote === '\u201c') {
    const close = quote === '\u201c' ? '\u201d' : quote;
    const end = inner.slice(1).search(new RegExp(`${close}\\s*(?:,|$)`));
    if (end >= 0) return { text: inner.slice(1, end + 1), description: inner.slice(end + 2).replace(/^\s*,/, '') };
  }
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if ((ch === ',' || ch === '\uff0c') && depth === 0) return { text: inner.slice(0, i), description: inner.slice(i + 1) };
  }
  const separator = SEPARATOR.exec(inner);
  if (separator !== null && isKeyLike(inner.slice(0, separator.index))) {
    return { text: inner.slice(0, separator.index), description: inner.slice(separator.index + separator[0].length) };
  }
  return { text: inner, description: '' };
}

/**
 * Splits a line that holds several list items: "1. a: b 2. c: d", "• a • b", "- a: b - c: d",
 * "**a**: b **c**: d", "a: b; c: d". Numbered items only split at the next number in sequence,
 * so "a 50. sign" is not mistaken for item 50.
 */
export function splitRunOn(line: string): string[] {
  return splitNumbered(line)
    .flatMap((part) => part.split(/\s[\u2022\u25aa\u25cf\u25e6\u2023]\s/))
    .flatMap(splitBold)
    .flatMap(splitDashBullets)
    .flatMap(splitSemicolons)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function splitNumbered(line: string): string[] {
  const first = /^\(?(\d{1,2})[.)]\s/.exec(line);
  let next: number;
  let from: number;
  const parts: string[] = [];
  if (first !== null) {
    next = Number(first[1]) + 1;
    from = 0;
  } else {
    const one = /(?:^|\s)\(?1[.)]\s/.exec(line);
    if (one === null) return [line];
    from = one.index;
    parts.push(line.slice(0, from));
    next = 2;
  }
  for (;;) {
    const pattern = new RegExp(`\\s\\(?${next}[.)]\\s`, 'g');
    pattern.lastIndex = from + 1;
    const found = pattern.exec(line);
    if (found === null) break;
    parts.push(line.slice(from, found.index));
    from = found.index;
    next++;
  }
  parts.push(line.slice(from));
  return parts;
}

function splitBold(part: string): string[] {
  if (!/^(?:\S{1,4}\s+)?\*\*/.test(part)) return [part];
  return part.split(/\s(?=\*\*[^*\n]{1,60}\*\*\s*[:\uff1a\-\u2013\u2014])/);
}

function splitDashBullets(part: string): string[] {
  const bullet = /^([-*])\s/.exec(part);
  if (bullet === null) return [part];
  const mark = bullet[1] === '-' ? '-' : '\\*';
  return part.split(new RegExp(`\\s(?=${mark}\\s(?:\\*\\*|[^:\\n]{1,60}?[:\\uff1a]\\s))`));
}

function splitSemicolons(part: string): string[] {
  const firstColon = part.search(/[:\uff1a]\s/);
  const firstSemicolon = part.indexOf(';');
  if (firstColon < 0 || firstSemicolon < 0 || firstColon > firstSemicolon) return [part];
  return part.split(/;\s+(?=[^;:\n]{1,60}[:\uff1a]\s)/);
}

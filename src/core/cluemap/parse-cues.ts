// Reads the cue list out of whatever a small vision-language model actually wrote, and the
// cues a user types in. Both never throw: a reply with nothing usable gives no cues and a
// problem saying so.

import { cleanCueText, collapseSpace, hasWordCharacter, normaliseKey } from './clean';
import { cuesFromJson, type RawPair } from './cues-from-json';
import { findJsonStart, readLenientJson } from '../text/lenient-json';
import { CUE_CATEGORIES, EXAMPLE_CUE, MIN_CUES } from './prompt';
import { isChatter, isRemark, itemsOfLine, namesThePlace, stripListMarker } from './reply-items';
import type { Cue } from './types';

export interface ParsedCues {
  readonly cues: Cue[];
  /** Plain-language notes on what was wrong with the text; empty when nothing was. */
  readonly problems: string[];
}

/** More cues than this is a model repeating itself; the rest are dropped. */
export const MAX_CUES = 40;
/** Generation limits keep real replies far shorter; this only bounds the work on a runaway one. */
const MAX_REPLY_CHARS = 32_000;
/** A line with no list marker and no separator counts as a cue only when it is this short. */
const MAX_PHRASE_WORDS = 8;

interface Pending {
  text: string;
  description: string;
  truncated: boolean;
}

export function parseCueReply(reply: unknown): ParsedCues {
  try {
    return readReply(reply);
  } catch {
    return { cues: [], problems: ['could not read the reply'] };
  }
}

/** The user's own cues: one per line, either plain text or "(cue, description)". */
export function parseUserCues(input: unknown): ParsedCues {
  try {
    if (typeof input !== 'string') return { cues: [], problems: [] };
    const pairs: RawPair[] = input.split(/\r\n?|\n/).flatMap((line) => {
      const body = stripListMarker(line.trim());
      if (/^[(\uff08]/.test(body)) return pairsOf(itemsOfLine(body));
      const text = cleanCueText(body);
      return text === '' ? [] : [{ text, description: '' }];
    });
    const { cues, duplicates } = deduplicate(pairs.filter((pair) => hasWordCharacter(pair.text)));
    return { cues, problems: duplicates > 0 ? [`dropped ${count(duplicates, 'duplicate cue')}`] : [] };
  } catch {
    return { cues: [], problems: ['could not read the cues'] };
  }
}

function readReply(reply: unknown): ParsedCues {
  if (typeof reply !== 'string') return finish({ pairs: [], truncated: false, tooLong: false });
  const tooLong = reply.length > MAX_REPLY_CHARS;
  const { pairs, truncated } = readText(tidy(reply.slice(0, MAX_REPLY_CHARS)));
  return finish({ pairs, truncated: truncated || tooLong, tooLong });
}

/** Drops reasoning blocks, chat-template tokens and a leading role label. */
function tidy(reply: string): string {
  return reply
    .replace(/\r\n?/g, '\n')
    .replace(/<think>[\s\S]*?<\/think>/gi, '')
    .replace(/<\|[^|>\n]{1,40}\|>|<\/?s>|<end_of_utterance>|<\/?(?:eos|bos)>/gi, '')
    .replace(/^\s*(?:assistant|answer|output|response)\s*:\s*/i, '');
}

/** JSON regions go to the JSON reader, everything else to the line reader, in reply order. */
function readText(text: string): { pairs: Pending[]; truncated: boolean } {
  const pairs: Pending[] = [];
  let truncated = false;
  let lineStart = 0;
  let searchFrom = 0;
  for (;;) {
    const start = jsonStartOnOwnLine(text, searchFrom);
    if (start < 0) break;
    const read = readLenientJson(text, start);
    const found = cuesFromJson(read.value, (inner) => readLines(inner).pairs);
    if (found.length === 0) {
      searchFrom = start + 1;
      continue;
    }
    const before = readLines(text.slice(lineStart, start));
    pairs.push(...before.pairs, ...found.map((pair) => ({ ...pair, truncated: false })));
    truncated ||= before.truncated || read.truncated;
    lineStart = searchFrom = Math.max(read.end, start + 1);
  }
  const after = readLines(text.slice(lineStart));
  pairs.push(...after.pairs);
  return { pairs, truncated: truncated || after.truncated };
}

/** A JSON start counts only at the beginning of a line (after space, quote marks or backticks). */
function jsonStartOnOwnLine(text: string, from: number): number {
  for (let start = findJsonStart(text, from); start >= 0; start = findJsonStart(text, start + 1)) {
    let at = start - 1;
    while (at >= 0 && /[ \t>`]/.test(text[at]!)) at--;
    if (at < 0 || text[at] === '\n') return start;
  }
  return -1;
}

/**
 * Turns line items into pairs. A key with nothing after it ("Tower:" or "**Tower**") takes the
 * next unmarked line as its description; followed by list items instead, it was a heading.
 * "Description:" lines complete the cue before them.
 */
function readLines(text: string): { pairs: Pending[]; truncated: boolean } {
  const pairs: Pending[] = [];
  let openKey: { text: string; bold: boolean } | null = null;
  const push = (text: string, description: string, truncated = false): void => {
    pairs.push({ text, description, truncated });
  };
  const closeKey = (): void => {
    if (openKey?.bold) push(openKey.text, '');
    openKey = null;
  };
  for (const item of text.split('\n').flatMap(itemsOfLine)) {
    switch (item.kind) {
      case 'pair':
        closeKey();
        push(item.text, item.description, item.truncated === true);
        break;
      case 'key':
        closeKey();
        openKey = item;
        break;
      case 'bare':
        if (openKey !== null && !item.listed) {
          push(openKey.text, item.text);
          openKey = null;
          break;
        }
        closeKey();
        if (item.listed || isShortPhrase(item.text)) push(item.text, '');
        break;
      case 'label':
        if (item.label === 'cue') {
          closeKey();
          push(item.value, '');
        } else if (item.label === 'description') {
          const owner = pairs[pairs.length - 1];
          if (openKey !== null) {
            push(openKey.text, item.value);
            openKey = null;
          } else if (owner !== undefined) {
            owner.description = owner.description === '' ? item.value : `${owner.description} ${item.value}`;
          }
        }
        break;
      case 'skip':
        closeKey();
        break;
    }
  }
  closeKey();
  const last = pairs[pairs.length - 1];
  return { pairs, truncated: last?.truncated === true };
}

function pairsOf(items: ReturnType<typeof itemsOfLine>): RawPair[] {
  return items.flatMap((item) => {
    if (item.kind === 'pair') return [{ text: item.text, description: item.description }];
    if (item.kind === 'bare' || item.kind === 'key') return [{ text: item.text, description: '' }];
    return [];
  });
}

function isShortPhrase(text: string): boolean {
  return text.split(/\s+/).length <= MAX_PHRASE_WORDS && !isChatter(text);
}

// ---- From raw pairs to the final list, with the problems found on the way ----

interface Reading {
  readonly pairs: readonly Pending[];
  readonly truncated: boolean;
  readonly tooLong: boolean;
}

const HEADINGS = new Set(
  [
    ...CUE_CATEGORIES.map((category) => category.name),
    'landmark', 'landmark buildings', 'landmark buildings and structures', 'buildings', 'structures',
    'natural landscape features', 'landscape', 'nature', 'scene', 'text', 'readable text', 'recognizable text',
    'signs', 'vehicle', 'vehicles', 'clothing', 'clothing and activities', 'people and activities', 'activities',
    'environment', 'overall environment', 'weather', 'other', 'others', 'other cues', 'cues', 'clues',
    'visual cues', 'geographic cues', 'observations', 'list', 'output',
  ].map(normaliseKey),
);
const PROMPT_LINES = new Set(
  [...CUE_CATEGORIES.map((category) => [category.name, category.hint]), [EXAMPLE_CUE.text, EXAMPLE_CUE.description]].map(
    ([text, description]) => `${normaliseKey(text!)}|${normaliseKey(description!)}`,
  ),
);
const SAYS_NOTHING = /^(?:none|n\/?a|nil|nothing|unknown|not applicable|not visible|none visible|not present|no\b.{0,40}\b(?:visible|seen|present|shown|detected|found|identifiable|readable))\.?$/i;

function finish(reading: Reading): ParsedCues {
  const guesses: string[] = [];
  const empties: string[] = [];
  let echoes = 0;
  const kept: RawPair[] = [];
  for (const pending of reading.pairs) {
    const text = collapseSpace(pending.text);
    let description = collapseSpace(pending.description);
    if (!hasWordCharacter(text) || isRemark(text)) continue;
    if (normaliseKey(description) === normaliseKey(text)) description = '';
    if (namesThePlace(text)) {
      guesses.push(description === '' ? text : `${text}: ${description}`);
      continue;
    }
    if (PROMPT_LINES.has(`${normaliseKey(text)}|${normaliseKey(description)}`)) {
      echoes++;
      continue;
    }
    if (description === '' && HEADINGS.has(normaliseKey(text))) continue;
    if (SAYS_NOTHING.test(description)) {
      empties.push(`${text}: ${description}`);
      continue;
    }
    kept.push({ text, description });
  }
  const { cues: unique, duplicates } = deduplicate(kept);
  const cues = unique.slice(0, MAX_CUES);

  const problems: string[] = [];
  if (cues.length === 0) problems.push(`no usable cues (at least ${MIN_CUES} were asked for)`);
  else if (cues.length < MIN_CUES) problems.push(`only ${count(cues.length, 'usable cue')} (at least ${MIN_CUES} were asked for)`);
  if (reading.tooLong) problems.push(`the reply was very long; only its first ${MAX_REPLY_CHARS} characters were read`);
  else if (reading.truncated) problems.push('the reply looks cut off, so the last cue may be incomplete');
  for (const guess of guesses.slice(0, 3)) problems.push(`ignored a location guess ("${guess}"): this step only lists what is visible`);
  if (guesses.length > 3) problems.push(`ignored ${guesses.length - 3} more location guesses`);
  if (echoes > 0) problems.push(`dropped ${count(echoes, 'line')} copied from the prompt`);
  if (duplicates > 0) problems.push(`dropped ${count(duplicates, 'duplicate cue')}`);
  if (empties.length > 0) problems.push(`skipped ${count(empties.length, 'entry', 'entries')} that saw nothing (such as "${empties[0]}")`);
  if (unique.length > MAX_CUES) problems.push(`kept the first ${MAX_CUES} of ${unique.length} cues`);
  const bare = cues.filter((cue) => cue.description === '').length;
  if (bare > 0 && cues.length > 0) problems.push(`${bare} of ${count(cues.length, 'cue')} ${bare === 1 ? 'has' : 'have'} no description`);
  return { cues, problems };
}

/**
 * Same name and description, ignoring case, spacing and punctuation, is a duplicate; so is a
 * description that merely starts or finishes another under the same name (a repeat cut off by
 * the token limit, or a bare name mentioned again). The fuller description is kept.
 */
function deduplicate(pairs: readonly RawPair[]): { cues: Cue[]; duplicates: number } {
  const cues: { text: string; description: string }[] = [];
  const byName = new Map<string, number[]>();
  let duplicates = 0;
  for (const pair of pairs) {
    const name = normaliseKey(pair.text);
    const detail = normaliseKey(pair.description);
    const sameName = byName.get(name) ?? [];
    const overlapping = sameName.map((at) => cues[at]!).find((cue) => {
      const known = normaliseKey(cue.description);
      return known.startsWith(detail) || detail.startsWith(known);
    });
    if (overlapping !== undefined) {
      if (detail.length > normaliseKey(overlapping.description).length) overlapping.description = pair.description;
      duplicates++;
      continue;
    }
    byName.set(name, [...sameName, cues.length]);
    cues.push({ text: pair.text, description: pair.description });
  }
  return { cues, duplicates };
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

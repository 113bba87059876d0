// Fitting cue text into CLIP's text encoder, which reads at most 77 tokens, two of them the
// start and end markers, leaving 75 for the text.
//
// The bound. CLIP's tokenizer lower-cases, splits text into runs of letters, single digits
// and runs of other symbols, then applies byte-level BPE to each piece. BPE never yields more
// tokens than the piece has UTF-8 bytes, which gives a hard bound, but counting every byte
// would cut ordinary English after a dozen words. So the estimate is:
//   - a single digit: 1 token (digits are always split one by one);
//   - ASCII letters: 1 token per 3 letters, rounded up. Common English words are a single
//     token in CLIP's 49k vocabulary, and rarer words and names split into pieces that
//     average more than 3 letters, so this over-counts ordinary text by a wide margin;
//   - anything else (accented or non-Latin letters, punctuation, emoji): its UTF-8 bytes,
//     the hard bound, since CLIP's vocabulary covers little beyond English.
// Text within the budget by this estimate fits; the encoder should still be asked to
// truncate at 77 as a safety net, which then never has to cut.

/** The text encoder's context, markers included. */
export const CLIP_CONTEXT_TOKENS = 77;
/** Tokens left for the text itself. */
export const CLIP_TEXT_BUDGET = CLIP_CONTEXT_TOKENS - 2;

const PIECES = /\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/gu;
const ASCII_LETTERS_PER_TOKEN = 3;

/** An upper estimate of the CLIP tokens `text` needs, markers not included. */
export function estimateClipTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECES)) tokens += pieceCost(piece);
  return tokens;
}

function pieceCost(piece: string): number {
  if (/^\p{N}$/u.test(piece)) return 1;
  if (/^\p{L}+$/u.test(piece)) {
    const ascii = piece.replace(/[^A-Za-z]/g, '').length;
    const other = piece.replace(/[A-Za-z]/g, '');
    return Math.ceil(ascii / ASCII_LETTERS_PER_TOKEN) + utf8Bytes(other);
  }
  return utf8Bytes(piece);
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const point of text) {
    const code = point.codePointAt(0)!;
    // A lone surrogate is written as U+FFFD, three bytes.
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * `text` with its spacing collapsed, shortened if need be to fit `budget` estimated tokens.
 * It ends at a word boundary unless a single word is longer than the whole budget, and then
 * ends between characters: never inside a surrogate pair, before a combining mark, or on
 * either side of an emoji joiner.
 */
export function limitForClip(text: string, budget: number = CLIP_TEXT_BUDGET): string {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const kept: string[] = [];
  let used = 0;
  for (const word of words) {
    const cost = estimateClipTokens(word);
    if (used + cost > budget) {
      if (kept.length === 0) return cutWord(word, budget);
      return trimDangling(kept.join(' '));
    }
    kept.push(word);
    used += cost;
  }
  return kept.join(' ');
}

/** The longest safe prefix of a word that fits the budget. */
function cutWord(word: string, budget: number): string {
  // No prefix within budget can hold more code points than this, so the scan stays short.
  const points = Array.from(word).slice(0, ASCII_LETTERS_PER_TOKEN * Math.max(budget, 0) + 1);
  let best = 0;
  for (let length = 1; length <= points.length; length++) {
    if (estimateClipTokens(points.slice(0, length).join('')) > budget) break;
    if (isSafeCut(points, length)) best = length;
  }
  return points.slice(0, best).join('');
}

function isSafeCut(points: readonly string[], length: number): boolean {
  const before = points[length - 1];
  const after = points[length];
  if (after === undefined) return true;
  return before !== '\u200d' && !/^[\p{M}\u200d\ufe0e\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u.test(after) && !isRegionalPairSplit(points, length);
}

/** Flags are two regional-indicator letters; cutting between the two would leave half a flag. */
function isRegionalPairSplit(points: readonly string[], length: number): boolean {
  const regional = (point: string | undefined): boolean => point !== undefined && /^[\u{1f1e6}-\u{1f1ff}]$/u.test(point);
  if (!regional(points[length])) return false;
  let run = 0;
  for (let i = length - 1; i >= 0 && regional(points[i]); i--) run++;
  return run % 2 === 1;
}

/** A cut text should not end on a separator that promised more. */
function trimDangling(text: string): string {
  return text.replace(/[\s,;:(\[{\/\-\u2013\u2014]+$/u, '');
}

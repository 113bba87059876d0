// Token ids for CLIP's text encoder, made to fit its context the way the original tokenizer
// does it. The text encoder reads the state at the end marker; a plain cut at 77 tokens (what
// transformers.js does when asked to truncate) would drop that marker and read a random word
// instead. So a row that is too long keeps its first tokens and ends with the marker.
// limitForClip (text-limit.ts) keeps cue text short enough that this cut should never happen.

/** `ids` (start marker, text, end marker) cut to at most `maxLength`, still ending with `endId`. */
export function fitTokenIds(ids: readonly number[], maxLength: number, endId: number): number[] {
  if (!Number.isInteger(maxLength) || maxLength < 2) throw new RangeError(`a context of ${maxLength} tokens cannot hold the markers`);
  if (ids.length <= maxLength) return [...ids];
  return [...ids.slice(0, maxLength - 1), endId];
}

/** Rows of ids padded on the right to the longest, with their attention masks, row-major. */
export interface PaddedRows {
  readonly rows: number;
  readonly length: number;
  readonly ids: number[];
  readonly mask: number[];
}

export function padTokenRows(rows: readonly (readonly number[])[], padId: number): PaddedRows {
  const length = Math.max(0, ...rows.map((row) => row.length));
  const ids: number[] = [];
  const mask: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < length; i++) {
      ids.push(i < row.length ? row[i]! : padId);
      mask.push(i < row.length ? 1 : 0);
    }
  }
  return { rows: rows.length, length, ids, mask };
}

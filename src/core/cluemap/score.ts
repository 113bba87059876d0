// The three scores that rank cues (Clue2Geo, section 3.1):
//   local consistency   S_l(c)   = max over patches j of cos(CLIP text of c, CLIP image of patch j):
//                                  is what the cue describes actually somewhere in the photo?
//   semantic coherence  S_s(c_i) = mean over the other cues j of cos(S(c_i), S(c_j)), S a sentence
//                                  embedder: how much do the other cues back this one up?
//   relationship strength S_r    = 0.5 S_l + 0.5 S_s.

import { entry, type Matrix } from './types';

/** The weight of local consistency in the relationship strength; semantic coherence gets the rest. */
export const LOCAL_WEIGHT = 0.5;

export interface CueScores {
  /** S_l: the best cosine between the cue's text and any patch. */
  readonly localConsistency: number;
  /** The patch that gave it (the first, on a tie). */
  readonly bestPatch: number;
  /** S_s: the mean cosine with the other cues; 0 for a cue with no others. */
  readonly semanticCoherence: number;
  /** S_r: the two combined. */
  readonly relationshipStrength: number;
}

/** For each cue (row), its best patch (column) and that cosine. */
export function localConsistency(cuePatch: Matrix): { score: number; patch: number }[] {
  if (cuePatch.rows > 0 && cuePatch.cols === 0) throw new RangeError('local consistency needs at least one patch');
  const result: { score: number; patch: number }[] = [];
  for (let cue = 0; cue < cuePatch.rows; cue++) {
    let best = { score: entry(cuePatch, cue, 0), patch: 0 };
    for (let patch = 1; patch < cuePatch.cols; patch++) {
      const score = entry(cuePatch, cue, patch);
      if (score > best.score) best = { score, patch };
    }
    result.push(best);
  }
  return result;
}

/**
 * For each cue, the mean cosine with every other cue. With a single cue there is nothing to
 * cohere with, and the mean over no cues is taken as 0: the lone cue is then ranked by local
 * consistency alone, on the same scale as everyone else's.
 */
export function semanticCoherence(cueCue: Matrix): number[] {
  if (cueCue.rows !== cueCue.cols) throw new RangeError(`cue similarities must be square, not ${cueCue.rows} x ${cueCue.cols}`);
  const n = cueCue.rows;
  const result: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) if (j !== i) sum += entry(cueCue, i, j);
    result.push(n > 1 ? sum / (n - 1) : 0);
  }
  return result;
}

export function relationshipStrength(local: number, semantic: number): number {
  return LOCAL_WEIGHT * local + (1 - LOCAL_WEIGHT) * semantic;
}

/**
 * All three scores for each cue. `cuePatch` is cues x patches (CLIP text against patch
 * images); `cueCue` is cues x cues (sentence embeddings). Both must hold finite numbers.
 */
export function scoreCues(cuePatch: Matrix, cueCue: Matrix): CueScores[] {
  if (cuePatch.rows !== cueCue.rows) {
    throw new RangeError(`${cuePatch.rows} cues against patches but ${cueCue.rows} against each other`);
  }
  for (const m of [cuePatch, cueCue]) {
    for (let k = 0; k < m.values.length; k++) {
      if (!Number.isFinite(m.values[k])) throw new RangeError('similarities must be finite numbers');
    }
  }
  const local = localConsistency(cuePatch);
  const semantic = semanticCoherence(cueCue);
  return local.map(({ score, patch }, i) => ({
    localConsistency: score,
    bestPatch: patch,
    semanticCoherence: semantic[i]!,
    relationshipStrength: relationshipStrength(score, semantic[i]!),
  }));
}

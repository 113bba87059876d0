// The cluemap: the three strongest cues become primaries, and every other cue joins the
// primary it is most similar to, so the cues fall into up to three clue sets in order of
// importance. No cue is dropped, however weakly it connects.

import { scoreCues, type CueScores } from './score';
import { entry, type Cue, type Matrix } from './types';

export const PRIMARY_COUNT = 3;

export interface ScoredCue extends Cue, CueScores {
  /** Position in the cue list the cluemap was built from. */
  readonly index: number;
}

export interface ClueSet {
  /** 1 is the most important. */
  readonly rank: number;
  readonly primary: ScoredCue;
  /** The cues that joined this primary, strongest first. */
  readonly attached: readonly ScoredCue[];
}

export interface Cluemap {
  /** Every cue with its scores, in the original order. */
  readonly cues: readonly ScoredCue[];
  /** One per primary: three, or as many as there are cues when fewer. */
  readonly clueSets: readonly ClueSet[];
}

/**
 * Builds the cluemap from the cues and their similarities: `cuePatch` (cues x patches, CLIP
 * text against patch images) and `cueCue` (cues x cues, sentence embeddings). Ties go to the
 * earlier cue, and a cue equally close to two primaries joins the more important one.
 */
export function buildCluemap(cues: readonly Cue[], cuePatch: Matrix, cueCue: Matrix): Cluemap {
  if (cues.length !== cuePatch.rows) throw new RangeError(`${cues.length} cues but ${cuePatch.rows} rows of patch similarities`);
  const scored: ScoredCue[] = scoreCues(cuePatch, cueCue).map((scores, index) => ({
    text: cues[index]!.text,
    description: cues[index]!.description,
    index,
    ...scores,
  }));
  const ranked = [...scored].sort(strongestFirst);
  const primaries = ranked.slice(0, PRIMARY_COUNT);
  const attached: ScoredCue[][] = primaries.map(() => []);
  for (const cue of ranked.slice(PRIMARY_COUNT)) {
    let best = 0;
    for (let p = 1; p < primaries.length; p++) {
      if (entry(cueCue, cue.index, primaries[p]!.index) > entry(cueCue, cue.index, primaries[best]!.index)) best = p;
    }
    attached[best]!.push(cue);
  }
  return {
    cues: scored,
    clueSets: primaries.map((primary, p) => ({ rank: p + 1, primary, attached: attached[p]! })),
  };
}

function strongestFirst(a: ScoredCue, b: ScoredCue): number {
  return b.relationshipStrength - a.relationshipStrength || a.index - b.index;
}

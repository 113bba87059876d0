// The cluemap as the text a reasoning prompt reads, and as plain JSON for storage and tools.

import type { Cluemap, ScoredCue } from './build';
import { collapseSpace } from './clean';

export const NO_CLUES_TEXT = 'No clues were found in the photo.';

/**
 * One block per clue set, most important first: the primary cue on the set's line, the cues
 * attached to it indented below.
 *
 *   Clue set 1 (most important): Clock tower — tall stone tower with a round clock face
 *     - Street sign — blue enamel plate reading "Rue Lepic"
 *   Clue set 2: ...
 */
export function cluemapToText(cluemap: Cluemap): string {
  if (cluemap.clueSets.length === 0) return NO_CLUES_TEXT;
  return cluemap.clueSets
    .map((set) => {
      const heading = `Clue set ${set.rank}${set.rank === 1 ? ' (most important)' : ''}: ${cueLine(set.primary)}`;
      return [heading, ...set.attached.map((cue) => `  - ${cueLine(cue)}`)].join('\n');
    })
    .join('\n');
}

/** Kept on one line, so a cue's own line breaks cannot disturb the layout. */
function cueLine(cue: ScoredCue): string {
  const text = collapseSpace(cue.text);
  const description = collapseSpace(cue.description);
  return description === '' ? text : `${text} — ${description}`;
}

export interface CluemapJson {
  readonly version: 1;
  readonly cues: readonly {
    readonly index: number;
    readonly text: string;
    readonly description: string;
    readonly localConsistency: number;
    readonly bestPatch: number;
    readonly semanticCoherence: number;
    readonly relationshipStrength: number;
  }[];
  /** Cues are referred to by index into `cues`. */
  readonly clueSets: readonly { readonly rank: number; readonly primary: number; readonly attached: readonly number[] }[];
}

/** Plain data with fixed field names, ready for JSON.stringify. */
export function cluemapToJson(cluemap: Cluemap): CluemapJson {
  return {
    version: 1,
    cues: cluemap.cues.map((cue) => ({
      index: cue.index,
      text: cue.text,
      description: cue.description,
      localConsistency: cue.localConsistency,
      bestPatch: cue.bestPatch,
      semanticCoherence: cue.semanticCoherence,
      relationshipStrength: cue.relationshipStrength,
    })),
    clueSets: cluemap.clueSets.map((set) => ({
      rank: set.rank,
      primary: set.primary.index,
      attached: set.attached.map((cue) => cue.index),
    })),
  };
}

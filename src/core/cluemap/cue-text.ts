// What each encoder is given for a cue.

import { limitForClip } from './text-limit';
import type { Cue } from './types';

/** "Name: description", or the name alone. */
export function cueSentence(cue: Cue): string {
  const text = cue.text.trim();
  const description = cue.description.trim();
  return description === '' ? text : `${text}: ${description}`;
}

/** For CLIP's text encoder (local consistency): the sentence, cut to fit its 77-token context. */
export function clipTextOf(cue: Cue): string {
  return limitForClip(cueSentence(cue));
}

/**
 * For the sentence embedder (semantic coherence): the whole sentence. Sentence embedders
 * read a few hundred word pieces, far more than a cue needs, and truncate by themselves.
 */
export function sentenceTextOf(cue: Cue): string {
  return cueSentence(cue);
}

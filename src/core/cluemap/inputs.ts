// From embeddings to what buildCluemap takes: the cue x patch matrix (CLIP text of each cue
// against each patch image) and the cue x cue matrix (sentence embeddings).

import { cosineMatrix, cosineRow, type EmbeddingRows } from './cosine';
import type { CluemapInputs, CueSimilarities } from './edit';
import type { Cue } from './types';

export interface CueEmbeddings {
  /** CLIP text embeddings of clipTextOf(cue), one row per cue. */
  readonly clipText: EmbeddingRows;
  /** Sentence embeddings of sentenceTextOf(cue), one row per cue. */
  readonly sentences: EmbeddingRows;
}

export function assembleCluemapInputs(cues: readonly Cue[], patches: EmbeddingRows, embedded: CueEmbeddings): CluemapInputs {
  const { clipText, sentences } = embedded;
  if (clipText.count !== cues.length || sentences.count !== cues.length) {
    throw new RangeError(`${cues.length} cues but ${clipText.count} CLIP text and ${sentences.count} sentence embeddings`);
  }
  if (patches.count === 0) throw new RangeError('the cluemap needs at least one patch embedding');
  if (clipText.dim !== patches.dim) {
    throw new RangeError(`CLIP text embeddings are ${clipText.dim}-d but patch embeddings ${patches.dim}-d: they come from different models`);
  }
  return { cues: [...cues], cuePatch: cosineMatrix(clipText, patches), cueCue: cosineMatrix(sentences, sentences) };
}

/** One new or edited cue's similarities, from its two embeddings and the stored ones. */
export function cueSimilarities(clipText: Float32Array, sentence: Float32Array, patches: EmbeddingRows, sentences: EmbeddingRows): CueSimilarities {
  return { toPatches: cosineRow(clipText, patches), toCues: cosineRow(sentence, sentences) };
}

// The cues together with their embeddings and the photo's patch embeddings. Keeping the
// embeddings lets a user remove, add or reword a cue and get a new cluemap at once: only a new
// cue's text is encoded, never the photo again, and the vision-language model is not asked.

import { embeddingRows, withoutRow, type EmbeddingRows } from './cosine';
import { assembleCluemapInputs } from './inputs';
import type { CluemapInputs } from './edit';
import type { Cue } from './types';

export interface EmbeddedCues {
  readonly cues: readonly Cue[];
  /** CLIP image embeddings of the patches, in patch-grid order. */
  readonly patches: EmbeddingRows;
  /** CLIP text embedding of each cue (of clipTextOf(cue)). */
  readonly cueClip: EmbeddingRows;
  /** Sentence embedding of each cue (of sentenceTextOf(cue)). */
  readonly cueSentence: EmbeddingRows;
}

/** One cue's fresh embeddings. */
export interface CueEmbedding {
  readonly clip: Float32Array;
  readonly sentence: Float32Array;
}

export function cluemapInputsOf(embedded: EmbeddedCues): CluemapInputs {
  return assembleCluemapInputs(embedded.cues, embedded.patches, { clipText: embedded.cueClip, sentences: embedded.cueSentence });
}

export function withoutEmbeddedCue(embedded: EmbeddedCues, index: number): EmbeddedCues {
  return {
    ...embedded,
    cues: embedded.cues.filter((_, i) => i !== index),
    cueClip: withoutRow(embedded.cueClip, index),
    cueSentence: withoutRow(embedded.cueSentence, index),
  };
}

export function withEmbeddedCue(embedded: EmbeddedCues, cue: Cue, embedding: CueEmbedding): EmbeddedCues {
  return {
    ...embedded,
    cues: [...embedded.cues, cue],
    cueClip: appendRow(embedded.cueClip, embedding.clip),
    cueSentence: appendRow(embedded.cueSentence, embedding.sentence),
  };
}

export function withEditedEmbeddedCue(embedded: EmbeddedCues, index: number, cue: Cue, embedding: CueEmbedding): EmbeddedCues {
  if (!Number.isInteger(index) || index < 0 || index >= embedded.cues.length) throw new RangeError(`no cue ${index}`);
  return {
    ...embedded,
    cues: embedded.cues.map((old, i) => (i === index ? cue : old)),
    cueClip: replaceRow(embedded.cueClip, index, embedding.clip),
    cueSentence: replaceRow(embedded.cueSentence, index, embedding.sentence),
  };
}

function appendRow(rows: EmbeddingRows, row: Float32Array): EmbeddingRows {
  checkWidth(rows, row);
  const data = new Float32Array(rows.data.length + rows.dim);
  data.set(rows.data);
  data.set(row, rows.data.length);
  return embeddingRows(data, rows.dim);
}

function replaceRow(rows: EmbeddingRows, index: number, row: Float32Array): EmbeddingRows {
  checkWidth(rows, row);
  const data = Float32Array.from(rows.data);
  data.set(row, index * rows.dim);
  return embeddingRows(data, rows.dim);
}

function checkWidth(rows: EmbeddingRows, row: Float32Array): void {
  if (row.length !== rows.dim) throw new RangeError(`a ${row.length}-d embedding does not fit rows of ${rows.dim}`);
}

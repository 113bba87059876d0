// User edits to the cues, and rebuilding the cluemap after them without encoding everything
// again.
//
// What the caller must re-encode:
//   - removing a cue: nothing. Its row (and, in the cue x cue matrix, its column) is sliced
//     out, and the scores are recomputed from what remains: semantic coherence averages over
//     one cue fewer, and the ranking may change.
//   - adding or editing a cue: that cue only. Its CLIP text embedding (of clipTextOf(cue)) is
//     compared with the stored patch embeddings, and its sentence embedding (of
//     sentenceTextOf(cue)) with the other cues' stored sentence embeddings; cosineRow in
//     cosine.ts gives both rows. The photo and the other cues are not encoded again.

import { buildCluemap, type Cluemap } from './build';
import { matrix, type Cue, type Matrix } from './types';

/** What a cluemap is built from; kept between edits. */
export interface CluemapInputs {
  readonly cues: readonly Cue[];
  /** Cues x patches: cosine of each cue's CLIP text embedding with each patch's image embedding. */
  readonly cuePatch: Matrix;
  /** Cues x cues: cosine between the cues' sentence embeddings. */
  readonly cueCue: Matrix;
}

/** One cue's similarities, from its fresh embeddings. */
export interface CueSimilarities {
  /** With each patch, in patch order. */
  readonly toPatches: ArrayLike<number>;
  /** With each other cue, in list order; for an edit, the edited cue's own slot is ignored. */
  readonly toCues: ArrayLike<number>;
}

export function rebuildCluemap(inputs: CluemapInputs): Cluemap {
  return buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue);
}

// ---- On the cue list alone ----

export function withoutCue(cues: readonly Cue[], index: number): Cue[] {
  checkIndex(index, cues.length);
  return cues.filter((_, i) => i !== index);
}

export function withCue(cues: readonly Cue[], cue: Cue): Cue[] {
  return [...cues, tidyCue(cue)];
}

export function withEditedCue(cues: readonly Cue[], index: number, cue: Cue): Cue[] {
  checkIndex(index, cues.length);
  return cues.map((old, i) => (i === index ? tidyCue(cue) : old));
}

// ---- On the inputs, keeping the similarity matrices in step ----

/** Removes cue `index` and its similarities; nothing needs encoding again. */
export function removeCue(inputs: CluemapInputs, index: number): CluemapInputs {
  const n = checkShapes(inputs);
  checkIndex(index, n);
  const keep = [...Array(n).keys()].filter((i) => i !== index);
  return {
    cues: withoutCue(inputs.cues, index),
    cuePatch: pick(inputs.cuePatch, keep, [...Array(inputs.cuePatch.cols).keys()]),
    cueCue: pick(inputs.cueCue, keep, keep),
  };
}

/** Appends a cue, given its similarities (`toCues` has one entry per existing cue). */
export function addCue(inputs: CluemapInputs, cue: Cue, similarities: CueSimilarities): CluemapInputs {
  const n = checkShapes(inputs);
  checkRow(similarities, inputs.cuePatch.cols, n);
  const patches = inputs.cuePatch.cols;
  const cuePatch = new Float64Array((n + 1) * patches);
  copyInto(cuePatch, inputs.cuePatch.values, 0);
  copyInto(cuePatch, similarities.toPatches, n * patches);
  const cueCue = new Float64Array((n + 1) * (n + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) cueCue[i * (n + 1) + j] = inputs.cueCue.values[i * n + j]!;
    cueCue[i * (n + 1) + n] = similarities.toCues[i]!;
    cueCue[n * (n + 1) + i] = similarities.toCues[i]!;
  }
  cueCue[n * (n + 1) + n] = 1;
  return { cues: withCue(inputs.cues, cue), cuePatch: matrix(n + 1, patches, cuePatch), cueCue: matrix(n + 1, n + 1, cueCue) };
}

/** Replaces cue `index`, given the new text's similarities (`toCues` has one entry per cue, its own ignored). */
export function editCue(inputs: CluemapInputs, index: number, cue: Cue, similarities: CueSimilarities): CluemapInputs {
  const n = checkShapes(inputs);
  checkIndex(index, n);
  checkRow(similarities, inputs.cuePatch.cols, n);
  const patches = inputs.cuePatch.cols;
  const cuePatch = Float64Array.from(inputs.cuePatch.values);
  copyInto(cuePatch, similarities.toPatches, index * patches);
  const cueCue = Float64Array.from(inputs.cueCue.values);
  for (let j = 0; j < n; j++) {
    const similarity = j === index ? 1 : similarities.toCues[j]!;
    cueCue[index * n + j] = similarity;
    cueCue[j * n + index] = similarity;
  }
  return { cues: withEditedCue(inputs.cues, index, cue), cuePatch: matrix(n, patches, cuePatch), cueCue: matrix(n, n, cueCue) };
}

function tidyCue(cue: Cue): Cue {
  const text = cue.text.replace(/\s+/g, ' ').trim();
  if (text === '') throw new RangeError('a cue needs some text');
  return { text, description: cue.description.replace(/\s+/g, ' ').trim() };
}

function pick(m: Matrix, rows: readonly number[], cols: readonly number[]): Matrix {
  const values = new Float64Array(rows.length * cols.length);
  rows.forEach((r, i) => cols.forEach((c, j) => (values[i * cols.length + j] = m.values[r * m.cols + c]!)));
  return matrix(rows.length, cols.length, values);
}

function copyInto(target: Float64Array, source: ArrayLike<number>, offset: number): void {
  for (let k = 0; k < source.length; k++) target[offset + k] = source[k]!;
}

function checkShapes(inputs: CluemapInputs): number {
  const n = inputs.cues.length;
  if (inputs.cuePatch.rows !== n || inputs.cueCue.rows !== n || inputs.cueCue.cols !== n) {
    throw new RangeError(`${n} cues do not match ${inputs.cuePatch.rows} x ${inputs.cuePatch.cols} and ${inputs.cueCue.rows} x ${inputs.cueCue.cols} similarities`);
  }
  return n;
}

function checkRow(similarities: CueSimilarities, patches: number, cues: number): void {
  if (similarities.toPatches.length !== patches) throw new RangeError(`expected ${patches} patch similarities, got ${similarities.toPatches.length}`);
  if (similarities.toCues.length !== cues) throw new RangeError(`expected ${cues} cue similarities, got ${similarities.toCues.length}`);
}

function checkIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`no cue ${index} among ${count}`);
}

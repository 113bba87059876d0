// Cosine similarities between sets of embeddings, as the matrices the cluemap is built from:
// cue texts x image patches (CLIP) and cues x cues (sentence embedder).

import { matrix, type Matrix } from './types';

/** `count` embeddings of `dim` numbers each, one after another (row-major). */
export interface EmbeddingRows {
  readonly count: number;
  readonly dim: number;
  readonly data: Float32Array;
}

export function embeddingRows(data: Float32Array, dim: number): EmbeddingRows {
  if (!Number.isInteger(dim) || dim < 1 || data.length % dim !== 0) {
    throw new RangeError(`${data.length} numbers do not split into rows of ${dim}`);
  }
  return { count: data.length / dim, dim, data };
}

/** Entry (i, j) is the cosine of row i of `a` with row j of `b`. A zero row has cosine 0 with everything. */
export function cosineMatrix(a: EmbeddingRows, b: EmbeddingRows): Matrix {
  if (a.dim !== b.dim) throw new RangeError(`cannot compare ${a.dim}-d embeddings with ${b.dim}-d ones`);
  const left = unitRows(a);
  const right = b === a ? left : unitRows(b);
  const values = new Float64Array(a.count * b.count);
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) values[i * b.count + j] = dot(left, i, right, j, a.dim);
  }
  return matrix(a.count, b.count, values);
}

/** The cosine of one embedding with each row of `rows`: what an added or edited cue needs. */
export function cosineRow(vector: Float32Array, rows: EmbeddingRows): Float64Array {
  return cosineMatrix(embeddingRows(vector, rows.dim), rows).values as Float64Array;
}

/** The same rows without row `index`, to keep stored embeddings in step with a removed cue. */
export function withoutRow(rows: EmbeddingRows, index: number): EmbeddingRows {
  if (!Number.isInteger(index) || index < 0 || index >= rows.count) throw new RangeError(`no row ${index} among ${rows.count}`);
  const data = new Float32Array((rows.count - 1) * rows.dim);
  data.set(rows.data.subarray(0, index * rows.dim));
  data.set(rows.data.subarray((index + 1) * rows.dim), index * rows.dim);
  return { count: rows.count - 1, dim: rows.dim, data };
}

/** Each row scaled to unit length (in double precision); zero rows stay zero. */
function unitRows(rows: EmbeddingRows): Float64Array {
  const unit = Float64Array.from(rows.data);
  for (let r = 0; r < rows.count; r++) {
    let sum = 0;
    for (let k = r * rows.dim; k < (r + 1) * rows.dim; k++) sum += unit[k]! * unit[k]!;
    const norm = Math.sqrt(sum);
    if (norm > 0) for (let k = r * rows.dim; k < (r + 1) * rows.dim; k++) unit[k] = unit[k]! / norm;
  }
  return unit;
}

function dot(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  let sum = 0;
  for (let k = 0; k < dim; k++) sum += a[i * dim + k]! * b[j * dim + k]!;
  return sum;
}

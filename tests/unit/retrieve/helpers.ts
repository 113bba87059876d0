import { buildIndexFromEmbeddings } from '../../../src/core/retrieve/build';
import { gaussianFill, seededRandom } from '../../../src/core/retrieve/random';
import type { CoordinateIndex, ElementType, GalleryCoordinates, IndexMeta } from '../../../src/core/retrieve/types';
import { fp16ToFloat32 } from '../../../src/core/retrieve/fp16';

export const META: IndexMeta = {
  encoderId: 'Xenova/geoclip-large-patch14',
  encoderRevision: 'abc123',
  gallerySource: 'geoclip-gallery-100K',
  createdAt: '2025-01-02T03:04:05.000Z',
};

export interface Fixture {
  coords: GalleryCoordinates;
  /** The float embeddings the index was built from (not normalised). */
  embeddings: Float32Array;
  index: CoordinateIndex;
}

export function randomCoords(count: number, seed: number): GalleryCoordinates {
  const random = seededRandom(seed);
  const lat = new Float32Array(count);
  const lon = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    lat[i] = random() * 180 - 90;
    lon[i] = random() * 360 - 180;
  }
  return { lat, lon };
}

export function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const values = new Float32Array(rows * cols);
  gaussianFill(seededRandom(seed), values);
  return values;
}

export function fixture(count: number, dim: number, element: ElementType, seed = 7): Fixture {
  const coords = randomCoords(count, seed);
  const embeddings = randomMatrix(count, dim, seed + 1);
  return { coords, embeddings, index: buildIndexFromEmbeddings(coords, embeddings, dim, META, element) };
}

/** Float64 cosine of `query` with every row of a float matrix. */
export function referenceCosines(matrix: ArrayLike<number>, dim: number, query: ArrayLike<number>): Float64Array {
  const rows = matrix.length / dim;
  const out = new Float64Array(rows);
  let qq = 0;
  for (let j = 0; j < dim; j++) qq += query[j]! * query[j]!;
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    let rr = 0;
    for (let j = 0; j < dim; j++) {
      const v = matrix[r * dim + j]!;
      dot += v * query[j]!;
      rr += v * v;
    }
    out[r] = dot / Math.sqrt(rr * qq);
  }
  return out;
}

/** Float64 dot product of every row with the unit-length `query`: what a kernel computes from stored rows. */
export function referenceDots(matrix: ArrayLike<number>, dim: number, query: ArrayLike<number>): Float64Array {
  const rows = matrix.length / dim;
  const out = new Float64Array(rows);
  let qq = 0;
  for (let j = 0; j < dim; j++) qq += query[j]! * query[j]!;
  const norm = Math.sqrt(qq);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += matrix[r * dim + j]! * query[j]!;
    out[r] = dot / norm;
  }
  return out;
}

/** The index's stored rows as float64 values (what a perfect kernel would read). */
export function dequantised(index: CoordinateIndex): Float64Array {
  const { count, dim, embeddings } = index;
  const out = new Float64Array(count * dim);
  if (embeddings.element === 'int8') {
    for (let i = 0; i < count * dim; i++) out[i] = embeddings.rows[i]! * embeddings.scales[Math.floor(i / dim)]!;
  } else {
    for (let i = 0; i < count * dim; i++) out[i] = fp16ToFloat32(embeddings.rows[i]!);
  }
  return out;
}

/** Rows ordered by reference score, best first (ties: lower row first). */
export function rankedRows(scores: Float64Array, allowed?: Uint8Array): number[] {
  const rows = [...scores.keys()].filter((i) => !allowed || allowed[i] !== 0);
  return rows.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

export function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

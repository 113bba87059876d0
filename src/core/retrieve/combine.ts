// One index searched as a whole: the main gallery with extra rows appended (a denser grid the user
// added for a region). Searching the combination, rather than each index apart, keeps one softmax
// over every row, so probabilities and everything computed from them cover both.
import { IndexError } from './errors';
import { float32ToFp16 } from './fp16';
import type { CoordinateIndex, IndexEmbeddings } from './types';

function asFp16(embeddings: IndexEmbeddings, count: number, dim: number): Uint16Array {
  if (embeddings.element === 'fp16') return embeddings.rows;
  const out = new Uint16Array(count * dim);
  for (let row = 0; row < count; row++) {
    const scale = embeddings.scales[row]!;
    for (let j = 0; j < dim; j++) out[row * dim + j] = float32ToFp16(embeddings.rows[row * dim + j]! * scale);
  }
  return out;
}

/** The main index followed by each extra's rows, in the main index's element type. */
export function combineIndexes(main: CoordinateIndex, extras: readonly CoordinateIndex[]): CoordinateIndex {
  if (extras.length === 0) return main;
  for (const extra of extras) {
    if (extra.dim !== main.dim) throw new IndexError('dim-mismatch', `An extra index has ${extra.dim}-dimensional rows; the main index has ${main.dim}.`);
  }
  const all = [main, ...extras];
  const count = all.reduce((sum, index) => sum + index.count, 0);
  const dim = main.dim;
  const latLon = new Float32Array(count * 2);
  let embeddings: IndexEmbeddings;
  if (main.embeddings.element === 'int8' && extras.every((e) => e.embeddings.element === 'int8')) {
    const rows = new Int8Array(count * dim);
    const scales = new Float32Array(count);
    let at = 0;
    for (const index of all) {
      const e = index.embeddings as Extract<IndexEmbeddings, { element: 'int8' }>;
      rows.set(e.rows, at * dim);
      scales.set(e.scales, at);
      at += index.count;
    }
    embeddings = { element: 'int8', rows, scales };
  } else {
    const rows = new Uint16Array(count * dim);
    let at = 0;
    for (const index of all) {
      rows.set(asFp16(index.embeddings, index.count, dim), at * dim);
      at += index.count;
    }
    embeddings = { element: 'fp16', rows };
  }
  let at = 0;
  for (const index of all) {
    latLon.set(index.latLon, at * 2);
    at += index.count;
  }
  return { count, dim, meta: main.meta, latLon, embeddings };
}

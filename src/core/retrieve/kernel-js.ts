import { fp16DecodeTable } from './fp16';
import type { ScoreKernel } from './kernels';
import type { CoordinateIndex } from './types';

/** Plain JavaScript scoring, for fp16 indexes and engines without WebAssembly SIMD. */
export function createJsKernel(index: CoordinateIndex): ScoreKernel {
  const { count, dim, embeddings } = index;
  const scores = new Float32Array(count);
  const query = new Float64Array(dim);

  if (embeddings.element === 'int8') {
    const { rows, scales } = embeddings;
    return {
      name: 'js',
      score(unitQuery) {
        for (let j = 0; j < dim; j++) query[j] = unitQuery[j]!;
        for (let r = 0, base = 0; r < count; r++, base += dim) {
          let dot = 0;
          for (let j = 0; j < dim; j++) dot += rows[base + j]! * query[j]!;
          scores[r] = dot * scales[r]!;
        }
        return scores;
      },
      sumExp: (max, logitScale) => sumExpJs(scores, max, logitScale),
    };
  }

  const { rows } = embeddings;
  const table = fp16DecodeTable();
  return {
    name: 'js',
    score(unitQuery) {
      for (let j = 0; j < dim; j++) query[j] = unitQuery[j]!;
      for (let r = 0, base = 0; r < count; r++, base += dim) {
        let dot = 0;
        for (let j = 0; j < dim; j++) dot += table[rows[base + j]!]! * query[j]!;
        scores[r] = dot;
      }
      return scores;
    },
    sumExp: (max, logitScale) => sumExpJs(scores, max, logitScale),
  };
}

function sumExpJs(scores: Float32Array, max: number, logitScale: number): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += Math.exp(logitScale * (scores[i]! - max));
  return sum;
}

// Hand-made inputs for the surface tests: an index of given points and a softmax of given weights.
import type { Softmax } from '../../../src/core/retrieve/search';
import type { CoordinateIndex } from '../../../src/core/retrieve/types';

/** Only what the surface reads of an index: its rows' coordinates. */
export function pointsIndex(points: [number, number][]): CoordinateIndex {
  return { count: points.length, dim: 0, latLon: Float32Array.from(points.flat()), meta: {} as CoordinateIndex['meta'], embeddings: {} as CoordinateIndex['embeddings'] };
}

/** A softmax with logit scale 1 whose probabilities are weights / sum(weights); null weights are rows left out. */
export function softmaxOf(weights: (number | null)[]): Softmax {
  const scores = Float32Array.from(weights, (w) => (w === null ? -Infinity : Math.log(w)));
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - max);
  return { scores, max, sum, logitScale: 1 };
}

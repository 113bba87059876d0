// Coordinates that stress the Equal Earth projection and the Fourier features:
// poles, both sides of the dateline, the equator and a seeded random spread.

import { createRng } from '../../../models/tiny/rng';

const EDGE_CASES: readonly [number, number][] = [
  [90, 0],
  [90, 180],
  [-90, 0],
  [-90, -180],
  [89.9999, 45],
  [-89.9999, -135],
  [0, 180],
  [0, -180],
  [0, 179.9999],
  [0, -179.9999],
  [51.5, 180],
  [-33.9, -180],
  [0, 0],
  [0, 90],
  [0, -90],
  [0.0001, -0.0001],
  [35.6762, 139.6503],
  [-22.9068, -43.1729],
  [64.1466, -21.9426],
  [-77.846, 166.676],
];

/** Flattened (lat, lon) pairs: the edge cases followed by `randomCount` seeded random points. */
export function sampleCoordinates(randomCount: number, seed = 7): Float32Array {
  const rng = createRng(seed);
  const values: number[] = EDGE_CASES.flat();
  for (let i = 0; i < randomCount; i++) values.push(rng.uniform(-90, 90), rng.uniform(-180, 180));
  return Float32Array.from(values);
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export function rowNorms(data: ArrayLike<number>, width: number): number[] {
  const norms: number[] = [];
  for (let row = 0; row < data.length / width; row++) {
    let squares = 0;
    for (let k = 0; k < width; k++) squares += data[row * width + k]! ** 2;
    norms.push(Math.sqrt(squares));
  }
  return norms;
}

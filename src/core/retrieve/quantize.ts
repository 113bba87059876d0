import { IndexError } from './errors';
import { float32ToFp16 } from './fp16';

export const INT8_MAX = 127;

/** Euclidean norm accumulated in float64. */
export function l2Norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < values.length; j++) {
    const v = values[j]!;
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/** Returns a unit-length copy; throws 'bad-input' for zero or non-finite vectors. */
export function normalised(values: ArrayLike<number>, what: string): Float64Array {
  const norm = l2Norm(values);
  if (!Number.isFinite(norm)) throw new IndexError('bad-input', `The ${what} contains a value that is not a finite number.`);
  if (norm === 0) throw new IndexError('bad-input', `The ${what} is all zeros, so it has no direction to compare.`);
  const out = new Float64Array(values.length);
  for (let j = 0; j < values.length; j++) out[j] = values[j]! / norm;
  return out;
}

/**
 * Symmetric int8 quantisation of one unit vector: scale = max|x| / 127, q = round(x / scale).
 * Each element is then off by at most scale / 2.
 */
export function quantiseInt8(unit: Float64Array, into: Int8Array, offset: number): number {
  let maxAbs = 0;
  for (let j = 0; j < unit.length; j++) maxAbs = Math.max(maxAbs, Math.abs(unit[j]!));
  const scale = Math.fround(maxAbs / INT8_MAX);
  for (let j = 0; j < unit.length; j++) {
    into[offset + j] = Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round(unit[j]! / scale)));
  }
  return scale;
}

export function quantiseFp16(unit: Float64Array, into: Uint16Array, offset: number): void {
  for (let j = 0; j < unit.length; j++) into[offset + j] = float32ToFp16(unit[j]!);
}

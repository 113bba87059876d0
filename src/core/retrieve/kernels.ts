import { IndexError } from './errors';
import { createJsKernel } from './kernel-js';
import { createSimdKernel, simdKernelAvailable } from './kernel-simd';
import type { CoordinateIndex } from './types';

export type KernelName = 'wasm-simd' | 'js';
export type KernelPreference = KernelName | 'auto';

/** Computes the cosine between a unit query and every row of one index. */
export interface ScoreKernel {
  readonly name: KernelName;
  /**
   * Scores all rows into the kernel's own scratch array, overwritten by the next call.
   * The caller may change entries before calling `sumExp` (e.g. to -Infinity).
   */
  score(unitQuery: ArrayLike<number>): Float32Array;
  /** Sum over the scratch scores of exp(logitScale * (score - max)), in float64; -Infinity adds 0. */
  sumExp(max: number, logitScale: number): number;
}

/** 'auto' picks the SIMD kernel for int8 indexes where the engine supports it, plain JS otherwise. */
export function createScoreKernel(index: CoordinateIndex, preference: KernelPreference = 'auto'): ScoreKernel {
  const simdPossible = index.embeddings.element === 'int8' && simdKernelAvailable();
  if (preference === 'wasm-simd' && !simdPossible) {
    throw new IndexError('bad-input', 'The WebAssembly SIMD kernel needs an int8 index and an engine with WebAssembly SIMD.');
  }
  if (preference !== 'js' && simdPossible) {
    try {
      return createSimdKernel(index);
    } catch (error) {
      // Too large for one WebAssembly memory, or the allocation was refused: plain JS still works.
      if (preference === 'wasm-simd' || !(error instanceof RangeError)) throw error;
    }
  }
  return createJsKernel(index);
}

import { IndexError } from './errors';
import { fp16DecodeTable } from './fp16';
import { KERNEL_WASM } from './kernel-wasm';
import { webAssembly } from './platform';
import { INT8_MAX } from './quantize';
import type { CoordinateIndex } from './types';

export type KernelName = 'wasm-simd' | 'js';
export type KernelPreference = KernelName | 'auto';

/** Computes the cosine between a unit query and every row of one index. */
export interface ScoreKernel {
  readonly name: KernelName;
  /**
   * Scores all rows. The returned array is owned by the kernel and overwritten by the
   * next call.
   */
  score(unitQuery: ArrayLike<number>): Float32Array;
}

/** 'auto' picks the SIMD kernel for int8 indexes where the engine supports it, plain JS otherwise. */
export function createScoreKernel(index: CoordinateIndex, preference: KernelPreference = 'auto'): ScoreKernel {
  const simdPossible = index.embeddings.element === 'int8' && wasmKernelModule() !== undefined;
  if (preference === 'wasm-simd' && !simdPossible) {
    throw new IndexError('bad-input', 'The WebAssembly SIMD kernel needs an int8 index and an engine with WebAssembly SIMD.');
  }
  if (preference !== 'js' && simdPossible) {
    try {
      return createWasmKernel(index);
    } catch (error) {
      // Too large for one WebAssembly memory, or the allocation was refused: plain JS still works.
      if (preference === 'wasm-simd' || !(error instanceof RangeError)) throw error;
    }
  }
  return createJsKernel(index);
}

let compiledKernel: object | null | undefined;

function wasmKernelModule(): object | undefined {
  if (compiledKernel === undefined) {
    const wasm = webAssembly();
    // validate() is false on engines without SIMD, which is exactly the capability test needed.
    compiledKernel = wasm?.validate(KERNEL_WASM) ? new wasm.Module(KERNEL_WASM) : null;
  }
  return compiledKernel ?? undefined;
}

const WASM_PAGE_BYTES = 65536;
const MAX_WASM_PAGES = 65536;
const I32_MAX = 2 ** 31 - 1;
const I16_MAX = 32767;
const WARMUP_CALLS = 32;
const WARMUP_ROWS = 1024;

type ScoreRows = (rows: number, scales: number, query: number, out: number, count: number, stride: number, queryScale: number) => void;

function alignTo16(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}

function createWasmKernel(index: CoordinateIndex): ScoreKernel {
  const wasm = webAssembly()!;
  const { count, dim, embeddings } = index;
  if (embeddings.element !== 'int8') throw new IndexError('bad-input', 'The SIMD kernel reads int8 indexes only.');

  // Rows are zero-padded to a multiple of 16 bytes so the kernel never needs a scalar tail.
  const stride = alignTo16(dim);
  const queryOffset = 0;
  const scalesOffset = alignTo16(queryOffset + 2 * stride);
  const outOffset = alignTo16(scalesOffset + 4 * count);
  const rowsOffset = alignTo16(outOffset + 4 * count);
  const pages = Math.max(1, Math.ceil((rowsOffset + count * stride) / WASM_PAGE_BYTES));
  if (pages > MAX_WASM_PAGES) throw new RangeError('The index does not fit in one WebAssembly memory.');

  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const bytes = new Uint8Array(memory.buffer);
  const rows = new Uint8Array(embeddings.rows.buffer, embeddings.rows.byteOffset, embeddings.rows.length);
  if (stride === dim) {
    bytes.set(rows, rowsOffset);
  } else {
    for (let r = 0; r < count; r++) bytes.set(rows.subarray(r * dim, (r + 1) * dim), rowsOffset + r * stride);
  }
  new Float32Array(memory.buffer, scalesOffset, count).set(embeddings.scales);

  const instance = new wasm.Instance(wasmKernelModule()!, { env: { memory } });
  const scoreRows = instance.exports['scoreRows'] as ScoreRows;
  const query = new Int16Array(memory.buffer, queryOffset, stride);
  const scores = new Float32Array(memory.buffer, outOffset, count);

  // Each product is at most 127 * maxQuery in size and a row sums `dim` of them, so
  // 127 * maxQuery * dim <= 2^31 - 1 keeps every i32 partial and total sum from wrapping.
  // For dim 512 that allows the full int16 range; the query then carries ~15 bits, far
  // finer than the rows' 8, so the scores' error is set by the int8 rows alone.
  const maxQuery = Math.min(I16_MAX, Math.floor(I32_MAX / (INT8_MAX * dim)));

  // Engines first run WebAssembly through a quick baseline compiler (several times slower
  // here) and switch to optimised code only between calls once a function has run enough.
  // Many short calls over a few rows buy that switch for well under a millisecond, instead
  // of leaving the slow first run to the user's first query.
  query.fill(0);
  for (let n = 0; n < WARMUP_CALLS; n++) scoreRows(rowsOffset, scalesOffset, queryOffset, outOffset, Math.min(count, WARMUP_ROWS), stride, 0);

  return {
    name: 'wasm-simd',
    score(unitQuery) {
      let maxAbs = 0;
      for (let j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(unitQuery[j]!));
      const queryScale = maxAbs / maxQuery;
      for (let j = 0; j < dim; j++) query[j] = Math.round(unitQuery[j]! / queryScale);
      scoreRows(rowsOffset, scalesOffset, queryOffset, outOffset, count, stride, queryScale);
      return scores;
    },
  };
}

function createJsKernel(index: CoordinateIndex): ScoreKernel {
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
  };
}

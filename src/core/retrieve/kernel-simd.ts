import { IndexError } from './errors';
import { KERNEL_WASM } from './kernel-wasm';
import type { ScoreKernel } from './kernels';
import { HOST_IS_LITTLE_ENDIAN, webAssembly } from './platform';
import { INT8_MAX } from './quantize';
import type { CoordinateIndex } from './types';

const WASM_PAGE_BYTES = 65536;
const MAX_WASM_PAGES = 65536;
const I32_MAX = 2 ** 31 - 1;
const I16_MAX = 32767;
const WARMUP_CALLS = 32;
const WARMUP_ROWS = 1024;

type ScoreRows = (rows: number, scales: number, query: number, out: number, count: number, stride: number, queryScale: number) => void;
type SumExp = (scores: number, count: number, max: number, logitScale: number) => number;

let compiledKernel: object | null | undefined;

/** The compiled kernel module, or null where WebAssembly or its SIMD instructions are unavailable. */
function kernelModule(): object | null {
  if (compiledKernel === undefined) compiledKernel = compileKernel();
  return compiledKernel;
}

function compileKernel(): object | null {
  const wasm = webAssembly();
  if (!HOST_IS_LITTLE_ENDIAN) return null; // WebAssembly memory is little-endian; typed arrays here would not be
  try {
    // validate() is false on engines without SIMD, which is exactly the capability test needed.
    return wasm?.validate(KERNEL_WASM) ? new wasm.Module(KERNEL_WASM) : null;
  } catch {
    return null; // compiling refused, e.g. by a content security policy without 'wasm-unsafe-eval'
  }
}

export function simdKernelAvailable(): boolean {
  return kernelModule() !== null;
}

function alignTo16(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}

/** The int8 kernel on WebAssembly SIMD. Throws a RangeError when the index cannot fit in its memory. */
export function createSimdKernel(index: CoordinateIndex): ScoreKernel {
  const wasm = webAssembly()!;
  const { count, dim, embeddings } = index;
  if (embeddings.element !== 'int8') throw new IndexError('bad-input', 'The SIMD kernel reads int8 indexes only.');

  // Rows are zero-padded to a multiple of 16 bytes so the kernel never needs a scalar tail.
  const stride = alignTo16(dim);
  const queryOffset = 0;
  const scalesOffset = alignTo16(queryOffset + 2 * stride);
  const outOffset = alignTo16(scalesOffset + 4 * count);
  // sumExp reads whole groups of four; the padding scores are -Infinity and add nothing.
  const paddedCount = Math.ceil(count / 4) * 4;
  const rowsOffset = alignTo16(outOffset + 4 * paddedCount);
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

  const instance = new wasm.Instance(kernelModule()!, { env: { memory } });
  const scoreRows = instance.exports['scoreRows'] as ScoreRows;
  const sumExp = instance.exports['sumExp'] as SumExp;
  const query = new Int16Array(memory.buffer, queryOffset, stride);
  const scores = new Float32Array(memory.buffer, outOffset, count);
  new Float32Array(memory.buffer, outOffset, paddedCount).fill(-Infinity, count);

  // Each product is at most 127 * maxQuery in size and a row sums `dim` of them, so
  // 127 * maxQuery * dim <= 2^31 - 1 keeps every i32 partial and total sum from wrapping.
  // For dim 512 that allows the full int16 range; the query then carries ~15 bits, far
  // finer than the rows' 8, so the scores' error is set by the int8 rows alone.
  const maxQuery = Math.min(I16_MAX, Math.floor(I32_MAX / (INT8_MAX * dim)));

  // Engines first run WebAssembly through a quick baseline compiler (about five times slower
  // for this kernel in V8) and switch to optimised code only between calls once a function has run enough.
  // Many short calls over a few rows buy that switch for well under a millisecond, instead
  // of leaving the slow first run to the user's first query.
  query.fill(0);
  const warmupRows = Math.min(paddedCount, WARMUP_ROWS);
  for (let n = 0; n < WARMUP_CALLS; n++) {
    scoreRows(rowsOffset, scalesOffset, queryOffset, outOffset, Math.min(count, warmupRows), stride, 0);
    sumExp(outOffset, warmupRows, 0, 1);
  }

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
    sumExp: (max, logitScale) => sumExp(outOffset, paddedCount, max, logitScale),
  };
}

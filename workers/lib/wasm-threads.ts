// How many threads onnxruntime-web's WASM backend uses. Left to itself it takes half the logical
// cores (at most 4), so a 2-core laptop runs every model on ONE thread. The page is cross-origin
// isolated, so threads work: use every core, up to the 8 past which ORT's kernels stop gaining.
import { env } from '@huggingface/transformers';

export const MAX_WASM_THREADS = 8;

export function wasmThreadCount(isolated: boolean, cores: number | undefined): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, cores ?? 1));
}

/** Call before the first model loads in a worker: onnxruntime-web reads it once, at initialisation. */
export function configureWasmThreads(): number {
  const threads = wasmThreadCount(self.crossOriginIsolated, navigator.hardwareConcurrency);
  env.backends.onnx.wasm!.numThreads = threads;
  return threads;
}

// How many threads onnxruntime-web's WASM backend uses. Left to itself it takes half the logical
// cores (at most 4), so a 2-core laptop runs every model on ONE thread even though the page is
// cross-origin isolated. Measured at real size (npm run bench, BENCH_ONLY=realsize), every core helps.
export const MAX_WASM_THREADS = 8;

export function wasmThreadCount(isolated: boolean, cores: number | undefined): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, cores ?? 1));
}

/** Call before a worker's first model loads: onnxruntime-web reads the count once, when it starts. */
export function configureWasmThreads(wasm: { numThreads?: number }): number {
  const threads = wasmThreadCount(self.crossOriginIsolated, navigator.hardwareConcurrency);
  wasm.numThreads = threads;
  return threads;
}

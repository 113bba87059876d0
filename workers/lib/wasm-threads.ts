// A WASM thread count that uses every core of a cross-origin isolated page. onnxruntime-web on its
// own takes half the logical cores (at most 4): ONE thread on a 2-core machine. The real-size bench
// (BENCH_ONLY=realsize) compares the two; on the shared 2-core build machine (load about 20) two
// threads were slower than one (26.7 s against 17.3 s for the q8 GeoCLIP encoder), so the app keeps
// onnxruntime-web's choice until the figure says otherwise on an idle machine.
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

// Runs one benchmark in a worker, as the app would, and leaves the JSON result on window.
import type { BenchRequest } from './bench.worker';
import { encoderBench, type EncoderBenchRequest } from './encoders-bench';

declare global {
  interface Window {
    runBench(request: BenchRequest): Promise<unknown>;
    runEncoderBench(request: EncoderBenchRequest): ReturnType<typeof encoderBench>;
  }
}

window.runBench = (request) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(request);
  });
window.runEncoderBench = encoderBench;
document.getElementById('out')!.textContent = 'ready';

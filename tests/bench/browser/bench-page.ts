// Runs one benchmark in a worker, as the app would, and leaves the JSON result on window.
import * as Comlink from 'comlink';
import type { BenchRequest } from './bench.worker';
import type { VlmWorker } from '../../../workers/vlm.worker';
import { installErrorTransfer } from '../../../src/bridge/wire';

export interface VlmBenchRequest {
  device: 'webgpu' | 'wasm';
  runs: number;
  maxNewTokens: number;
}

export interface VlmBenchResult {
  device: string;
  dtype: string;
  runs: number;
  tokens: number;
  firstTokenMs: number[];
  tokensPerSecond: number[];
  /** A long answer cancelled at its first piece of text: must come back stopped and short. */
  cancelled: { stopped: boolean; tokens: number; of: number; textMatchesPieces: boolean };
}
import { encoderBench, type EncoderBenchRequest } from './encoders-bench';
import { surfaceBench } from './surface-bench';

declare global {
  interface Window {
    runBench(request: BenchRequest): Promise<unknown>;
    runVlmBench(request: VlmBenchRequest): Promise<VlmBenchResult>;
    runEncoderBench(request: EncoderBenchRequest): ReturnType<typeof encoderBench>;
    runSurfaceBench: typeof surfaceBench;
  }
}

installErrorTransfer();

/** The tiny VLM through the app's own worker (workers/vlm.worker.ts), one fresh worker per device. */
window.runVlmBench = async ({ device, runs, maxNewTokens }) => {
  const worker = new Worker(new URL('../../../workers/vlm.worker.ts', import.meta.url), { type: 'module' });
  const vlm = Comlink.wrap<VlmWorker>(worker);
  try {
    await vlm.configure({ source: 'self', hubHost: 'https://huggingface.co/', device });
    const loaded = await vlm.load(1, 'tiny-vlm', Comlink.proxy(() => undefined));
    const request = {
      pixels: { width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4).map((_, i) => (i * 37) % 256) },
      messages: [{ role: 'user' as const, text: 'List what in this photo hints at where it was taken.' }],
      maxNewTokens,
    };
    await vlm.generate(2, request, Comlink.proxy(() => undefined)); // warm-up: shader compilation, allocation
    const long = 2000;
    const pieces: string[] = [];
    const stopping = vlm.generate(
      2000,
      { ...request, maxNewTokens: long },
      Comlink.proxy((piece: string) => {
        pieces.push(piece);
        if (pieces.length === 1) void vlm.cancel(2000);
      }),
    );
    const stopped = await stopping;
    const cancelled = { stopped: stopped.stopped, tokens: stopped.tokenCount, of: long, textMatchesPieces: stopped.text.startsWith(pieces.join('')) };
    const result: VlmBenchResult = { device: loaded.device, dtype: loaded.dtype, runs, tokens: 0, firstTokenMs: [], tokensPerSecond: [], cancelled };
    for (let run = 0; run < runs; run++) {
      const answer = await vlm.generate(3 + run, request, Comlink.proxy(() => undefined));
      result.tokens = answer.tokenCount;
      result.firstTokenMs.push(answer.firstTokenMs ?? NaN);
      result.tokensPerSecond.push(answer.tokensPerSecond ?? NaN);
    }
    return result;
  } finally {
    worker.terminate();
  }
};

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
window.runSurfaceBench = surfaceBench;
document.getElementById('out')!.textContent = 'ready';

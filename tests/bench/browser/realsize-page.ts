// Runs one real-size benchmark in a fresh worker (onnxruntime-web reads its thread count once per worker).
import type { RealSizeRequest } from './realsize.worker';

declare global {
  interface Window {
    runRealSize(request: RealSizeRequest): Promise<unknown>;
    runAppScenario(request: AppScenarioRequest): Promise<AppScenarioResult>;
    /** Set once the small profile's four models are loaded, so the bench can read memory then. */
    appScenarioLoaded?: boolean;
  }
}

window.runRealSize = (request) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./realsize.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ ok: boolean; result?: unknown; error?: string }>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.result);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(request);
  });
document.getElementById('out')!.textContent = 'ready';

export interface AppScenarioRequest {
  photoUrl: string;
  fastRuns: number;
  /** Full-mode runs (0 skips); each asks the five questions at `maxNewTokens`. */
  fullRuns: number;
  maxNewTokens: number;
}

export interface AppScenarioResult {
  geoclip: { device: string; dtype: string };
  modelLoadMs: number;
  indexBuildMs: number | null;
  fast: { totalMs: number[]; decodeMs: number[]; encodeMs: number[]; searchMs: number[]; namesMs: number[] };
  fullMs: number[];
  /** Per question: wall time, streamed pieces, and the worker's own count of tokens, time to first token and decode rate. */
  fullAsks: { purpose: string; ms: number; tokens: number; tokenCount: number | null; firstTokenMs: number | null; tokensPerSecond: number | null }[][];
  loadedAll: boolean;
  memoryByRealm: Record<string, number> | { error: string };
}

/**
 * The app itself at real size, through its bridge and workers (WASM): GeoCLIP load, the index,
 * the fast path on one photo (decode, encode, search, names), then the VLM and both encoders
 * (the small profile's four models), and the full mode with its five questions.
 */
window.runAppScenario = async (request) => {
  const { createBridge } = await import('../../../src/bridge/index');
  const { browserServices } = await import('../../../src/app/analysis/services');
  const { runFullPipeline } = await import('../../../src/core/locate/full');
  const bridge = createBridge();
  await bridge.configure({ source: 'self', hubHost: 'https://huggingface.co/', device: 'wasm' });
  const noProgress = () => undefined;
  let started = performance.now();
  const model = await bridge.loadGeoclip('geoclip-large', noProgress);
  const modelLoadMs = performance.now() - started;
  let indexBuildMs: number | null = null;
  if (!(await bridge.openIndexFor(model))) {
    started = performance.now();
    await bridge.buildIndex(model, noProgress);
    indexBuildMs = performance.now() - started;
  }
  const file = new File([await (await fetch(request.photoUrl)).blob()], request.photoUrl.split('/').pop()!, { type: 'image/jpeg' });
  const fast: AppScenarioResult['fast'] = { totalMs: [], decodeMs: [], encodeMs: [], searchMs: [], namesMs: [] };
  let last: { pixels: Awaited<ReturnType<typeof bridge.readPhoto>>['pixels']; embedding: Float32Array; retrieval: Awaited<ReturnType<typeof bridge.query>> } | null = null;
  for (let run = 0; run <= request.fastRuns; run++) {
    const t0 = performance.now();
    const photo = await bridge.readPhoto(file);
    const t1 = performance.now();
    const embedding = await bridge.encodeImage(photo.pixels);
    const t2 = performance.now();
    const retrieval = await bridge.query(embedding, 15);
    const t3 = performance.now();
    await bridge.placeNames(retrieval.most.map((m) => ({ lat: m.lat, lon: m.lon })));
    const t4 = performance.now();
    last = { pixels: photo.pixels, embedding, retrieval };
    if (run === 0) continue; // warm-up
    fast.totalMs.push(t4 - t0);
    fast.decodeMs.push(t1 - t0);
    fast.encodeMs.push(t2 - t1);
    fast.searchMs.push(t3 - t2);
    fast.namesMs.push(t4 - t3);
  }
  await bridge.loadVlm('smolvlm-256m', noProgress);
  await bridge.loadEncoders('clip-base', 'minilm', noProgress);
  window.appScenarioLoaded = true;
  const memoryByRealm = await memoryBreakdown();
  const fullMs: number[] = [];
  const fullAsks: AppScenarioResult['fullAsks'] = [];
  for (let run = 0; run < request.fullRuns && last; run++) {
    const asks: AppScenarioResult['fullAsks'][number] = [];
    let askStarted = 0;
    let tokens = 0;
    const controller = new AbortController();
    const services = browserServices(bridge, last.pixels, {
      runSignal: controller.signal,
      maxNewTokens: request.maxNewTokens,
      stopSignal: () => new AbortController().signal,
      onToken: () => {
        if (tokens++ === 0 && askStarted === 0) askStarted = performance.now();
      },
      onGenerated: (purpose) => {
        const facts = generated.at(-1);
        asks.push({ purpose, ms: performance.now() - askStarted, tokens, tokenCount: facts?.tokenCount ?? null, firstTokenMs: facts?.firstTokenMs ?? null, tokensPerSecond: facts?.tokensPerSecond ?? null });
        tokens = 0;
        askStarted = 0;
      },
      onStage: () => undefined,
      onEmbedded: () => undefined,
    });
    const generated: { tokenCount: number; firstTokenMs: number | null; tokensPerSecond: number | null }[] = [];
    const generate = bridge.generate.bind(bridge);
    bridge.generate = async (...args) => {
      const result = await generate(...args);
      generated.push({ tokenCount: result.tokenCount, firstTokenMs: result.firstTokenMs, tokensPerSecond: result.tokensPerSecond });
      return result;
    };
    const ask = services.ask.bind(services);
    services.ask = (messages, purpose) => {
      askStarted = performance.now();
      return ask(messages, purpose);
    };
    started = performance.now();
    await runFullPipeline({ imageEmbedding: last.embedding, retrieval: last.retrieval }, services);
    fullMs.push(performance.now() - started);
    fullAsks.push(asks);
  }
  return { geoclip: { device: model.device, dtype: model.dtype }, modelLoadMs, indexBuildMs, fast, fullMs, fullAsks, loadedAll: true, memoryByRealm };
};

/**
 * The page's and each worker's own memory (JS heap and WebAssembly memories) as Chromium attributes
 * it, in MB: each worker's WebAssembly memory is what must stay under WASM's 4 GB limit.
 */
async function memoryBreakdown(): Promise<Record<string, number> | { error: string }> {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ breakdown: { bytes: number; attribution: { url: string; scope: string }[] }[] }> }).measureUserAgentSpecificMemory;
  if (!measure) return { error: 'performance.measureUserAgentSpecificMemory is not available' };
  try {
    const result = await measure.call(performance);
    const byRealm: Record<string, number> = {};
    for (const entry of result.breakdown) {
      const where = entry.attribution.map((a) => `${a.scope}:${a.url.split('/').pop()?.split('?')[0] ?? a.url}`).join(',') || 'shared';
      byRealm[where] = Math.round(((byRealm[where] ?? 0) + entry.bytes / 2 ** 20) * 10) / 10;
    }
    return byRealm;
  } catch (error) {
    return { error: String(error) };
  }
}

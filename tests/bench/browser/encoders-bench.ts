// Patch encoding in Chromium through the app's own encoders worker: the grid as one batch
// (encodePatches) against the same patches one call at a time (encodeBoxes with one box).
import * as Comlink from 'comlink';
import type { EncodersWorker } from '../../../workers/encoders.worker';
import { patchGrid } from '../../../src/core/cluemap/patch-grid';

export interface EncoderBenchRequest {
  device: 'wasm' | 'webgpu';
  width: number;
  height: number;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function image(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; p < width * height; p++, i += 4) {
    data[i] = (255 * (p % width)) / width;
    data[i + 1] = (255 * Math.floor(p / width)) / height;
    data[i + 2] = (p * 2654435761) % 251;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

export async function encoderBench(request: EncoderBenchRequest) {
  const worker = new Worker(new URL('../../../workers/encoders.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<EncodersWorker>(worker);
  let op = 0;
  try {
    await api.configure({ source: 'self', hubHost: 'https://huggingface.co/', device: request.device });
    const info = await api.load('tiny-clip', 'tiny-embedder', Comlink.proxy(() => {}), ++op);
    const pixels = image(request.width, request.height);
    const boxes = patchGrid(request.width, request.height).map(({ x, y, width, height }) => ({ x, y, width, height }));
    await api.encodePatches(pixels, ++op); // warm-up: shader compilation and allocation
    await api.encodeBoxes(pixels, [boxes[1]!], ++op);
    const batch: number[] = [];
    const oneByOne: number[] = [];
    for (let run = 0; run < request.runs; run++) {
      let started = performance.now();
      await api.encodePatches(pixels, ++op);
      batch.push(performance.now() - started);
      started = performance.now();
      for (const box of boxes) await api.encodeBoxes(pixels, [box], ++op);
      oneByOne.push(performance.now() - started);
    }
    // The whole stage below the UI: patches, 30 cue texts through CLIP and the sentence embedder, matrices.
    const cues = Array.from({ length: 30 }, (_, i) => ({ text: `cue ${i}: a stone tower`, description: `seen near the harbour, number ${i}` }));
    const whole: number[] = [];
    for (let run = 0; run < request.runs; run++) {
      const started = performance.now();
      const inputs = await api.cluemapInputs(pixels, cues, ++op);
      whole.push(performance.now() - started);
      if (inputs.cuePatch.rows !== 30 || inputs.cueCue.cols !== 30) throw new Error('cluemap inputs have the wrong shape');
    }
    const encoded = await api.encodeCues(cues, ++op);
    if (encoded.clip.length !== 30 * encoded.clipDim || encoded.sentence.length !== 30 * encoded.sentenceDim) throw new Error('cue embeddings have the wrong shape');
    return { device: info.clip.device, batchMs: median(batch), oneByOneMs: median(oneByOne), cluemapInputsMs: median(whole), runs: request.runs };
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}

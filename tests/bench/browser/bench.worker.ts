// Benchmarks that must run where the app runs: in a Chromium worker.
import { PreTrainedModel, Tensor, env } from '@huggingface/transformers';
import { benchQuery, randomIndex } from '../../../src/core/retrieve/bench';
import { parseCoordinateCsv } from '../../../src/core/retrieve/coords';
import { encodeGallery } from '../../../src/core/retrieve/encode-gallery';
import { refineBench, type RefineBenchRequest } from './refine-bench';

export type BenchRequest =
  | { kind: 'query'; count: number; dim: number; runs: number }
  | { kind: 'encode-gallery'; device: 'wasm' | 'webgpu'; rows: number; batchRows: number }
  | RefineBenchRequest;

/** The full-width random location model, as the app's worker would load it. */
export async function loadRandomLocationModel(device: 'wasm' | 'webgpu') {
  env.backends.onnx.wasm!.wasmPaths = `${self.location.origin}/ort/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = '/models/';
  env.useBrowserCache = false;
  const model = await PreTrainedModel.from_pretrained('whereabouts/geoclip-location-random', {
    model_file_name: 'location_model',
    device,
    dtype: 'fp32',
  });
  const run = (latLon: Float32Array, count: number) =>
    (model as unknown as (i: Record<string, unknown>) => Promise<Record<string, { data: Float32Array }>>)({
      location: new Tensor('float32', latLon, [count, 2]),
    }).then((out) => out.location_embeds!.data);
  return { model, run };
}

async function encodeGalleryBench(device: 'wasm' | 'webgpu', rows: number, batchRows: number) {
  env.backends.onnx.wasm!.wasmPaths = `${self.location.origin}/ort/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = '/models/';
  env.useBrowserCache = false;
  const model = await PreTrainedModel.from_pretrained('whereabouts/geoclip-location-random', {
    model_file_name: 'location_model',
    device,
    dtype: 'fp32',
  });
  const gallery = parseCoordinateCsv(await (await fetch('/gallery/coordinates_100K.csv')).text());
  const lat = gallery.lat.subarray(0, rows);
  const lon = gallery.lon.subarray(0, rows);
  const run = (latLon: Float32Array, count: number) =>
    (model as unknown as (i: Record<string, unknown>) => Promise<Record<string, { data: Float32Array }>>)({
      location: new Tensor('float32', latLon, [count, 2]),
    }).then((out) => out.location_embeds!.data);
  await run(new Float32Array(2 * batchRows), batchRows); // warm-up: shader compilation and allocation
  let checksum = 0;
  const started = performance.now();
  await encodeGallery({
    lat,
    lon,
    batchRows,
    done: new Set(),
    encode: run,
    onBatch: ({ rows: embeddings }) => {
      checksum += embeddings[0]!;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  await model.dispose();
  return { device, rows, batchRows, seconds, rowsPerSecond: rows / seconds, checksum };
}

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  const request = event.data;
  try {
    const result =
      request.kind === 'query'
        ? benchQuery(randomIndex({ count: request.count, dim: request.dim, seed: 7 }), { runs: request.runs, now: () => performance.now() })
        : request.kind === 'refine'
          ? await refineBench(request, loadRandomLocationModel)
          : await encodeGalleryBench(request.device, request.rows, request.batchRows);
    self.postMessage({ ok: true, result: { ...result, timingsMs: undefined } });
  } catch (error) {
    self.postMessage({ ok: false, error: String((error as Error)?.message ?? error) });
  }
};

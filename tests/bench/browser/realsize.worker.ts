// Real-size model figures measured where the app runs them: in a Chromium worker, through
// transformers.js and onnxruntime-web, loading the generated real-size folders from /models-real/.
import { AutoModelForVision2Seq, AutoProcessor, CLIPVisionModelWithProjection, RawImage, Tensor, env } from '@huggingface/transformers';
import type { PreTrainedModel } from '@huggingface/transformers';
import { configureWasmThreads } from '../../../workers/lib/wasm-threads';

export type RealSizeRequest =
  | { kind: 'encode'; device: 'wasm' | 'webgpu'; dtype: 'fp32' | 'fp16' | 'q8' | 'q4'; runs: number; threads: 'default' | 'all-cores' }
  | { kind: 'vlm'; splitting: boolean; tokens: number; runs: number; threads: 'default' | 'all-cores' };

const GEOCLIP = 'Xenova/geoclip-large-patch14';
const SMOLVLM = 'HuggingFaceTB/SmolVLM-256M-Instruct';

// SIMD is required by every onnxruntime-web build; this checks the engine accepts a v128 instruction.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

function setup(threads: 'default' | 'all-cores'): void {
  env.backends.onnx.wasm!.wasmPaths = `${self.location.origin}/ort/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = '/models-real/';
  env.useBrowserCache = false;
  // 'default' leaves onnxruntime-web to choose (what the app does); 'all-cores' uses every core.
  if (threads === 'all-cores') configureWasmThreads(env.backends.onnx.wasm!);
}

function runtimeFacts() {
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    numThreads: env.backends.onnx.wasm!.numThreads,
    simd: WebAssembly.validate(SIMD_PROBE),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function encodeBench(request: Extract<RealSizeRequest, { kind: 'encode' }>) {
  setup(request.threads);
  const loadStarted = performance.now();
  const model = await CLIPVisionModelWithProjection.from_pretrained(GEOCLIP, { model_file_name: 'vision_model', device: request.device, dtype: request.dtype });
  const loadMs = performance.now() - loadStarted;
  const pixels = new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i) * 0.5);
  const run = async () => {
    const started = performance.now();
    const out = (await (model as unknown as (i: object) => Promise<Record<string, Tensor>>)({ pixel_values: new Tensor('float32', pixels, [1, 3, 224, 224]) })).image_embeds!;
    if (!Number.isFinite((out.data as Float32Array)[0])) throw new Error('the encoder returned no finite embedding');
    return performance.now() - started;
  };
  const firstMs = await run(); // warm-up: allocation, shader compilation on WebGPU
  const times: number[] = [];
  for (let i = 0; i < request.runs; i++) times.push(await run());
  await model.dispose();
  return { ...runtimeFacts(), device: request.device, dtype: request.dtype, loadMs, firstMs, times, medianMs: times.length ? median(times) : firstMs };
}

/** A 1024 x 768 photo-like image (smooth gradients plus texture), so the processor splits it as a real photo. */
function photo(): RawImage {
  const width = 1024;
  const height = 768;
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = (x * y) % 251;
    }
  }
  return new RawImage(data, width, height, 3);
}

async function vlmBench(request: Extract<RealSizeRequest, { kind: 'vlm' }>) {
  setup(request.threads);
  const loadStarted = performance.now();
  const processor = await AutoProcessor.from_pretrained(SMOLVLM);
  const model = (await AutoModelForVision2Seq.from_pretrained(SMOLVLM, {
    device: 'wasm',
    dtype: { vision_encoder: 'q8', embed_tokens: 'q8', decoder_model_merged: 'q8' },
  })) as PreTrainedModel & { encode_image(i: object): Promise<Tensor> };
  const loadMs = performance.now() - loadStarted;
  (processor as unknown as { image_processor: { do_image_splitting: boolean } }).image_processor.do_image_splitting = request.splitting;
  const prompt = processor.apply_chat_template(
    [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'List what in this photo hints at where it was taken.' }] }] as never,
    { add_generation_prompt: true },
  ) as string;
  const inputs = await processor(prompt, [photo()]);
  const pixelValues = inputs.pixel_values as Tensor;
  const promptTokens = (inputs.input_ids as Tensor).dims.at(-1)!;
  const vision: number[] = [];
  const prefill: number[] = [];
  const decode: number[] = [];
  const encodeImage = model.encode_image.bind(model);
  for (let i = 0; i < request.runs; i++) {
    let started = performance.now();
    const features = await encodeImage({ pixel_values: inputs.pixel_values, pixel_attention_mask: inputs.pixel_attention_mask });
    const visionMs = performance.now() - started;
    // The features just measured stand in for the encoder inside generate, so the two runs below time the decoder alone.
    model.encode_image = async () => features;
    started = performance.now();
    await model.generate({ ...inputs, max_new_tokens: 1, do_sample: false } as never);
    const prefillMs = performance.now() - started;
    started = performance.now();
    const out = (await model.generate({ ...inputs, max_new_tokens: request.tokens, min_new_tokens: request.tokens, do_sample: false } as never)) as Tensor;
    const allMs = performance.now() - started;
    model.encode_image = encodeImage;
    const made = out.dims.at(-1)! - promptTokens;
    vision.push(visionMs);
    prefill.push(prefillMs);
    decode.push((made - 1) / ((allMs - prefillMs) / 1000));
  }
  await model.dispose();
  return {
    ...runtimeFacts(),
    splitting: request.splitting,
    images: pixelValues.dims[1],
    promptTokens,
    loadMs,
    visionMs: median(vision),
    prefillMs: median(prefill),
    decodeTokensPerS: median(decode),
  };
}

self.onmessage = async (event: MessageEvent<RealSizeRequest>) => {
  try {
    const request = event.data;
    const result = request.kind === 'encode' ? await encodeBench(request) : await vlmBench(request);
    self.postMessage({ ok: true, result });
  } catch (error) {
    self.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) });
  }
};

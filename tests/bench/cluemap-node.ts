// Cluemap figures measured in Node: the core arithmetic alone, and the tiny CLIP's patch
// encoding as one batch against one patch at a time.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRng } from '../../models/tiny/rng';
import { buildCluemap } from '../../src/core/cluemap/build';
import { cropRgb, type Pixels } from '../../src/core/cluemap/crop';
import { embeddingRows } from '../../src/core/cluemap/cosine';
import { assembleCluemapInputs } from '../../src/core/cluemap/inputs';
import { PATCH_COUNT } from '../../src/core/cluemap/patch-grid';
import { findEncoder, loadEncoders } from '../../workers/node/encoders';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function unitRows(count: number, dim: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const data = new Float32Array(count * dim);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return data;
}

/** 30 cues against the patch grid with real model widths (CLIP ViT-B/32 512, MiniLM 384): matrices, scores, clue sets. */
export function cluemapArithmetic(runs = 200) {
  const cueCount = 30;
  const cues = Array.from({ length: cueCount }, (_, i) => ({ text: `cue ${i}`, description: '' }));
  const patches = embeddingRows(unitRows(PATCH_COUNT, 512, 1), 512);
  const clipText = embeddingRows(unitRows(cueCount, 512, 2), 512);
  const sentences = embeddingRows(unitRows(cueCount, 384, 3), 384);
  const times: number[] = [];
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const inputs = assembleCluemapInputs(cues, patches, { clipText, sentences });
    const map = buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue);
    times.push(performance.now() - started);
    checksum += map.clueSets[0]!.primary.index;
  }
  return { median_ms: median(times), runs, cues: cueCount, patches: PATCH_COUNT, dims: { clip: 512, sentence: 384 }, checksum };
}

/** A 640 x 480 photo-like image (gradients and noise), RGBA as the browser decodes it. */
export function benchImage(width = 640, height = 480): Pixels {
  const rng = createRng(5);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; p < width * height; p++, i += 4) {
    const x = p % width;
    const y = Math.floor(p / width);
    data[i] = (255 * x) / width;
    data[i + 1] = (255 * y) / height;
    data[i + 2] = 255 * rng.next();
    data[i + 3] = 255;
  }
  return { width, height, channels: 4, data };
}

export async function patchEncodingNode(modelsDir: string, runs = 15) {
  const encoders = await loadEncoders(findEncoder('clip', modelsDir, 'tiny-clip'), findEncoder('embedder', modelsDir, 'tiny-embedder'));
  const image = benchImage();
  const batch: number[] = [];
  const oneByOne: number[] = [];
  const { patches } = await encoders.encodePatches(image); // warm-up
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    await encoders.encodePatches(image);
    batch.push(performance.now() - started);
    started = performance.now();
    for (const patch of patches) await encoders.encodeImages([cropRgb(image, patch)]);
    oneByOne.push(performance.now() - started);
  }
  return { batch_ms: median(batch), one_by_one_ms: median(oneByOne), runs };
}

export const TINY_MODELS = join(import.meta.dirname, '../../public/models');

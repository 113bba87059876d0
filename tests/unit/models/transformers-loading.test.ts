// Loads the generated folder through Transformers.js exactly as the app will,
// from a temporary local model directory with remote downloads disabled.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AutoImageProcessor,
  CLIPVisionModelWithProjection,
  env,
  PreTrainedModel,
  RawImage,
  Tensor,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLocations } from '../../../src/core/encode/location-encoder';
import { sampleLocationWeights, TINY_LOCATION_SPEC } from '../../../models/tiny/geoclip';
import { tinyModelFiles, TINY_MODEL_ID } from '../../../models/tiny/model-files';
import { writeModelFiles } from '../../../models/tiny/write-files';
import { maxAbsDifference, rowNorms, sampleCoordinates } from './sample-coordinates';

const BROKEN_MODEL_ID = 'whereabouts/broken-geoclip';
const loadOptions = { device: 'cpu', dtype: 'fp32' } as const;
let modelsRoot = '';

beforeAll(() => {
  modelsRoot = mkdtempSync(join(tmpdir(), 'whereabouts-models-'));
  const files = tinyModelFiles();
  writeModelFiles(modelsRoot, files);

  // Same layout, but the location graph is cut off halfway through.
  writeModelFiles(
    modelsRoot,
    files.map((file) => ({
      path: file.path.replace(TINY_MODEL_ID, BROKEN_MODEL_ID),
      bytes: file.path.endsWith('location_model.onnx') ? file.bytes.subarray(0, file.bytes.length >> 1) : file.bytes,
    })),
  );

  env.localModelPath = `${modelsRoot}/`;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
});

afterAll(() => {
  if (modelsRoot) rmSync(modelsRoot, { recursive: true, force: true });
});

/** A small RGB image with a gradient, so resize and crop have something to do. */
function syntheticImage(width: number, height: number): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      data[i] = (255 * x) / width;
      data[i + 1] = (255 * y) / height;
      data[i + 2] = (x * y) % 256;
    }
  }
  return new RawImage(data, width, height, 3);
}

describe('Transformers.js loading of the tiny GeoCLIP folder', () => {
  it('embeds an image with CLIPVisionModelWithProjection and the CLIP image processor', async () => {
    const processor = await AutoImageProcessor.from_pretrained(TINY_MODEL_ID);
    const model = await CLIPVisionModelWithProjection.from_pretrained(TINY_MODEL_ID, {
      ...loadOptions,
      model_file_name: 'vision_model',
    });
    try {
      const inputs = await processor(syntheticImage(64, 48));
      expect(inputs.pixel_values.dims).toEqual([1, 3, 224, 224]);

      const { image_embeds } = await model(inputs);
      expect(image_embeds.dims).toEqual([1, TINY_LOCATION_SPEC.embeddingDim]);
      expect(rowNorms(image_embeds.data, TINY_LOCATION_SPEC.embeddingDim)[0]).toBeCloseTo(1, 5);
    } finally {
      await model.dispose();
    }
  });

  it('embeds locations with PreTrainedModel, matching the TypeScript forward pass', async () => {
    const model = await PreTrainedModel.from_pretrained(TINY_MODEL_ID, { ...loadOptions, model_file_name: 'location_model' });
    try {
      const coordinates = sampleCoordinates(30);
      const count = coordinates.length / 2;
      const { location_embeds } = await model({ location: new Tensor('float32', coordinates, [count, 2]) });
      expect(location_embeds.dims).toEqual([count, TINY_LOCATION_SPEC.embeddingDim]);

      const expected = encodeLocations(sampleLocationWeights(TINY_LOCATION_SPEC), coordinates);
      expect(maxAbsDifference(location_embeds.data, expected)).toBeLessThan(1e-4);
    } finally {
      await model.dispose();
    }
  });

  it('rejects a truncated ONNX file', async () => {
    await expect(
      PreTrainedModel.from_pretrained(BROKEN_MODEL_ID, { ...loadOptions, model_file_name: 'location_model' }),
    ).rejects.toThrow(/protobuf|parse|load model/i);
  });

  it('rejects an empty ONNX file', async () => {
    writeFileSync(join(modelsRoot, 'whereabouts', 'broken-geoclip', 'onnx', 'vision_model.onnx'), new Uint8Array());
    await expect(
      CLIPVisionModelWithProjection.from_pretrained(BROKEN_MODEL_ID, { ...loadOptions, model_file_name: 'vision_model' }),
    ).rejects.toThrow(/load model/i);
  });

  it('rejects a missing ONNX file without trying the network', async () => {
    await expect(
      PreTrainedModel.from_pretrained(TINY_MODEL_ID, { ...loadOptions, model_file_name: 'missing_model' }),
    ).rejects.toThrow(/not found/i);
  });
});

import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeLocations } from '../../../src/core/encode/location-encoder';
import {
  buildLocationModel,
  countLocationParameters,
  FULL_WIDTH_LOCATION_SPEC,
  LOCATION_INPUT,
  LOCATION_OUTPUT,
  TINY_LOCATION_SPEC,
} from '../../../models/tiny/geoclip';
import { maxAbsDifference, rowNorms, sampleCoordinates } from './sample-coordinates';

async function runOnnx(onnx: Uint8Array, coordinates: Float32Array): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    const feeds = { [LOCATION_INPUT]: new ort.Tensor('float32', coordinates, [coordinates.length / 2, 2]) };
    const outputs = await session.run(feeds);
    const embeds = outputs[LOCATION_OUTPUT];
    if (!embeds) throw new Error(`no ${LOCATION_OUTPUT} output`);
    return embeds;
  } finally {
    await session.release();
  }
}

describe('tiny location model', () => {
  const { weights, onnx } = buildLocationModel(TINY_LOCATION_SPEC);

  it('declares GeoCLIP input and output names with a dynamic batch', async () => {
    const session = await ort.InferenceSession.create(onnx);
    expect(session.inputNames).toEqual([LOCATION_INPUT]);
    expect(session.outputNames).toEqual([LOCATION_OUTPUT]);
    await session.release();
  });

  it('matches the TypeScript forward pass at poles, dateline, equator and random points', async () => {
    const coordinates = sampleCoordinates(300);
    const embeds = await runOnnx(onnx, coordinates);
    const count = coordinates.length / 2;
    expect(embeds.dims).toEqual([count, TINY_LOCATION_SPEC.embeddingDim]);

    const expected = encodeLocations(weights, coordinates);
    expect(maxAbsDifference(embeds.data as Float32Array, expected)).toBeLessThan(1e-4);
    for (const norm of rowNorms(embeds.data as Float32Array, TINY_LOCATION_SPEC.embeddingDim)) {
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('runs a batch of one', async () => {
    const coordinates = Float32Array.of(48.8566, 2.3522);
    const embeds = await runOnnx(onnx, coordinates);
    expect(maxAbsDifference(embeds.data as Float32Array, encodeLocations(weights, coordinates))).toBeLessThan(1e-4);
  });
});

describe('full-width location model', () => {
  it('has GeoCLIP’s parameter count and matches the TypeScript forward pass', async () => {
    const { weights, onnx } = buildLocationModel(FULL_WIDTH_LOCATION_SPEC);
    expect(countLocationParameters(weights)).toBe(9_447_936);

    const coordinates = sampleCoordinates(4).subarray(0, 2 * 10);
    const embeds = await runOnnx(onnx, coordinates);
    expect(embeds.dims).toEqual([10, FULL_WIDTH_LOCATION_SPEC.embeddingDim]);
    expect(maxAbsDifference(embeds.data as Float32Array, encodeLocations(weights, coordinates))).toBeLessThan(1e-4);
  });
});

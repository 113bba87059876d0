import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildLocationModel, buildVisionModel, TINY_LOCATION_SPEC, TINY_VISION_SPEC } from '../../../models/tiny/geoclip';
import { tinyModelFiles, TINY_MODEL_ID } from '../../../models/tiny/model-files';

describe('tiny model generator', () => {
  it('produces byte-identical files on every build', () => {
    const first = tinyModelFiles();
    const second = tinyModelFiles();
    expect(second.map((f) => f.path)).toEqual(first.map((f) => f.path));
    first.forEach((file, i) => expect(Buffer.from(second[i]!.bytes).equals(Buffer.from(file.bytes))).toBe(true));
  });

  it('changes the weights when the seed changes', () => {
    const a = buildLocationModel(TINY_LOCATION_SPEC).onnx;
    const b = buildLocationModel({ ...TINY_LOCATION_SPEC, seed: TINY_LOCATION_SPEC.seed + 1 }).onnx;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('lays files out like Xenova/geoclip-large-patch14', () => {
    const paths = tinyModelFiles().map((f) => f.path);
    expect(paths).toEqual([
      `${TINY_MODEL_ID}/config.json`,
      `${TINY_MODEL_ID}/preprocessor_config.json`,
      `${TINY_MODEL_ID}/onnx/vision_model.onnx`,
      `${TINY_MODEL_ID}/onnx/location_model.onnx`,
      `${TINY_MODEL_ID}/whereabouts.json`,
    ]);
    const config = JSON.parse(new TextDecoder().decode(tinyModelFiles()[0]!.bytes));
    expect(config.projection_dim).toBe(TINY_LOCATION_SPEC.embeddingDim);
    expect(config.geoclip.embedding_dim).toBe(TINY_LOCATION_SPEC.embeddingDim);
  });

  it('builds a vision model with the CLIP input and GeoCLIP output names', async () => {
    const session = await ort.InferenceSession.create(buildVisionModel(TINY_VISION_SPEC).onnx);
    expect(session.inputNames).toEqual(['pixel_values']);
    expect(session.outputNames).toEqual(['image_embeds']);
    const pixels = new Float32Array(2 * 3 * 224 * 224).map((_, i) => Math.sin(i / 997));
    const { image_embeds } = await session.run({ pixel_values: new ort.Tensor('float32', pixels, [2, 3, 224, 224]) });
    expect(image_embeds!.dims).toEqual([2, TINY_VISION_SPEC.embeddingDim]);
    await session.release();
  });
});
